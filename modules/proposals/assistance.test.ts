import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { createTestDatabase } from '../../test/database';
import { assessLanguage, detectLanguage, flagsOf, hasEmail, hasLink, hasPhone, isShouting, profanityIn, suggestTheme, type ThemeText } from './assistance';
import { duplicateCandidates } from './assistance.server';

/*
 * The machine's suggestions beside a proposal in the moderation queue: the language it is
 * written in, warning flags, the theme it seems to belong to, and look-alike proposals found by
 * trigram similarity in the database.
 */

describe('detecting the language of a proposal', () => {
  const sentences: [string, string][] = [
    ['fr', 'créer des pistes cyclables sécurisées dans toutes les villes de France'],
    ['fr', "rendre les musées gratuits pour les jeunes le premier dimanche du mois"],
    ['fr', "ouvrir les bibliothèques le soir et le week-end pour que chacun puisse y aller"],
    ['en', 'build safe cycle lanes in every town and give people cheaper bikes'],
    ['en', 'make museums free for young people on the first Sunday of the month'],
    ['en', 'open libraries in the evening so that everyone who works can go there'],
    ['de', 'Wir sollten mehr Radwege in allen Städten bauen und die Bahn günstiger machen'],
    ['de', 'die Museen für junge Menschen am ersten Sonntag des Monats kostenlos öffnen'],
    ['es', 'Debemos construir más carriles para bicicletas en todas las ciudades del país'],
    ['es', 'abrir las bibliotecas por la noche para que todos puedan ir después del trabajo'],
    ['it', 'bisogna rendere gratuiti i musei per i giovani la prima domenica del mese'],
    ['nl', 'we moeten meer fietspaden aanleggen in alle steden en de trein goedkoper maken'],
    ['pt', 'devemos abrir as bibliotecas à noite para que todos possam ir depois do trabalho'],
  ];
  it.each(sentences)('recognises %s in "%s"', (language, sentence) => {
    expect(detectLanguage(sentence)).toBe(language);
  });

  it('does not guess on a text too short to tell', () => {
    expect(detectLanguage('Vélos')).toBeNull();
    expect(detectLanguage('free bikes')).toBeNull();
  });

  it("says when a proposal is probably in a language the consultation does not use", () => {
    expect(assessLanguage('build safe cycle lanes in every town and give people cheaper bikes', 'fr', ['fr'])).toEqual({ detected: 'en', declared: 'fr', expected: false });
    expect(assessLanguage('build safe cycle lanes in every town and give people cheaper bikes', 'fr', ['fr', 'en'])).toEqual({ detected: 'en', declared: 'fr', expected: true });
    expect(assessLanguage('Vélos', 'fr', ['fr'])).toEqual({ detected: null, declared: 'fr', expected: null });
  });
});

describe('flags', () => {
  it('finds insults as whole words, accents and capitals folded, in the language of the text', () => {
    expect(profanityIn('les élus sont tous des CONNARDS', ['fr'])).toEqual(['connards']);
    expect(profanityIn('arrêter de dire des trucs débiles', ['fr'])).toEqual(['debiles']);
    expect(profanityIn('ferme ta gueule et écoute', ['fr'])).toEqual(['ta gueule', 'ferme ta gueule']);
    expect(profanityIn('stop this bullshit now', ['en'])).toEqual(['bullshit']);
    expect(profanityIn('das ist doch Scheiße', ['de'])).toEqual(['scheiße']);
    // A word inside another word, or an insult of another language, is no insult.
    expect(profanityIn('contenir la consommation et reconstruire les écoles', ['fr'])).toEqual([]);
    expect(profanityIn('scunthorpe and cockburn deserve better buses', ['en'])).toEqual([]);
    expect(profanityIn('construir casas con jardines', ['es'])).toEqual([]);
  });

  it('looks for insults in the detected language only, when it is known', () => {
    // "con" is "with" in Spanish: a Spanish text in a French consultation is not insulting.
    expect(flagsOf('construir más casas con jardines para todas las familias', ['fr']).profanity).toEqual([]);
    expect(flagsOf('tous ces politiciens sont des cons et des abrutis', ['fr']).profanity).toEqual(['cons', 'abrutis']);
  });

  it('finds shouting: mostly capitals', () => {
    expect(isShouting('SUPPRIMER LES IMPÔTS TOUT DE SUITE')).toBe(true);
    expect(isShouting('ARRÊTEZ LA POLLUTION DES USINES maintenant !!!')).toBe(true);
    expect(isShouting('financer la SNCF et la RATP pour des trains à l’heure')).toBe(false);
    expect(isShouting('OK')).toBe(false);
  });

  it('finds links', () => {
    for (const text of ['voir https://promo.example/velo', 'sur www.mon-site.fr', 'achetez sur promo-velo.fr maintenant', 'http://x.co', 'lire lemonde.fr/culture/article', 'ACHETEZ SUR PROMO-VELO.FR']) {
      expect(hasLink(text), text).toBe(true);
    }
    for (const text of ['arrêter ça. De plus il faut agir', 'la ville.De plus', 'financer 1.5 milliard pour les écoles', 'voir le site de la mairie', 'ecrire a jean@example.org']) {
      expect(hasLink(text), text).toBe(false);
    }
  });

  it('finds telephone numbers, French and international', () => {
    for (const text of ['appelez le 06 12 34 56 78', 'au 01.23.45.67.89', 'au 0612345678', 'call +44 20 7946 0958', 'au +33 6 12 34 56 78', 'au +33 (0)6 12 34 56 78', 'tel 0049 30 1234567']) {
      expect(hasPhone(text), text).toBe(true);
    }
    for (const text of ['construire 10 000 logements en 2030', 'un budget de 2 000 000 euros', 'réduire de 50 % les trajets', 'la loi 2024-123 du 12 mars']) {
      expect(hasPhone(text), text).toBe(false);
    }
  });

  it('finds e-mail addresses', () => {
    expect(hasEmail('écrivez à camille.dupont@example.org')).toBe(true);
    expect(hasEmail('contact@mairie-lyon.fr pour tout')).toBe(true);
    expect(hasEmail('rendez-vous @ la mairie')).toBe(false);
    expect(hasEmail('les #jeunes et @ministere')).toBe(false);
  });

  it('raises nothing on an ordinary proposal', () => {
    expect(flagsOf('rendre les musées gratuits pour les jeunes le premier dimanche du mois', ['fr', 'en'])).toEqual({ profanity: [], shouting: false, links: false, phones: false, emails: false });
  });
});

describe('suggesting a theme', () => {
  const themes: ThemeText[] = [
    { id: 'culture', title: { fr: 'Culture et patrimoine', en: 'Culture and heritage' }, description: { fr: 'Musées, bibliothèques, spectacles', en: 'Museums, libraries, shows' } },
    { id: 'transport', title: { fr: 'Transports', en: 'Transport' }, description: { fr: 'Trains, bus, vélos et pistes cyclables', en: 'Trains, buses, bikes and cycle lanes' } },
    { id: 'school', title: { fr: 'École', en: 'School' }, description: { fr: 'Éducation artistique à l’école', en: 'Arts education at school' } },
  ];

  it('picks the theme that shares the most words, in any of its languages, plurals and accents aside', () => {
    expect(suggestTheme('rendre les musées gratuits le dimanche', themes)).toBe('culture');
    expect(suggestTheme('créer des pistes cyclables dans toutes les villes', themes)).toBe('transport');
    expect(suggestTheme('more buses at night', themes)).toBe('transport');
    expect(suggestTheme("emmener chaque classe d'ecole au theatre", themes)).toBe('school');
    // A title word counts more than a description word.
    expect(suggestTheme('protéger le patrimoine des musées', themes)).toBe('culture');
  });

  it('suggests nothing when no theme fits', () => {
    expect(suggestTheme('baisser les impôts des ménages modestes', themes)).toBeNull();
    expect(suggestTheme('les et des pour', themes)).toBeNull();
    expect(suggestTheme('rendre les musées gratuits', [])).toBeNull();
  });
});

describe('candidate duplicates', () => {
  let database: OpenDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists accepted and pending look-alikes of the instance with their similarity, most similar first, never the proposal itself', async () => {
    const { db } = database;
    const organisation = await db.insertInto('organisations').values({ slug: 'org-dup', name: 'Ville' }).returning('id').executeTakeFirstOrThrow();
    const { id: consultationId } = await db
      .insertInto('consultations')
      .values({ organisation_id: organisation.id, slug: 'dup', question: { fr: 'Comment ?' }, languages: ['fr'], default_language: 'fr' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const instance = async () =>
      (await db.insertInto('module_instances').values({ consultation_id: consultationId, phase: 'ideation', kind: 'proposals', config: '{}', theme_id: null }).returning('id').executeTakeFirstOrThrow()).id;
    const instanceId = await instance();
    const otherInstance = await instance();
    const insert = async (instance: string, body: string, status: 'pending' | 'accepted' | 'refused' | 'archived') =>
      (
        await db
          .insertInto('proposals')
          .values({ consultation_id: consultationId, instance_id: instance, body, original_body: body, language: 'fr', status, refusal_reason: status === 'refused' ? 'other' : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const subject = await insert(instanceId, 'rendre les musées gratuits pour les jeunes', 'pending');
    const closest = await insert(instanceId, 'rendre les musées gratuits pour tous les jeunes', 'accepted');
    const close = await insert(instanceId, 'musées gratuits pour les jeunes le dimanche', 'pending');
    await insert(instanceId, 'rendre les musées gratuits pour les jeunes !', 'refused');
    await insert(instanceId, 'rendre les musées gratuits pour les jeunes.', 'archived');
    await insert(otherInstance, 'rendre les musées gratuits pour les jeunes', 'accepted');
    await insert(instanceId, 'construire des pistes cyclables partout', 'accepted');

    const candidates = await duplicateCandidates(db, instanceId, { id: subject, body: 'rendre les musées gratuits pour les jeunes' });
    expect(candidates.map((candidate) => candidate.id)).toEqual([closest, close]);
    expect(candidates[0]!.score).toBeGreaterThan(candidates[1]!.score);
    for (const candidate of candidates) {
      expect(candidate.score).toBeGreaterThanOrEqual(0.3);
      expect(candidate.score).toBeLessThanOrEqual(1);
    }
    expect(candidates[0]).toMatchObject({ body: 'rendre les musées gratuits pour tous les jeunes', status: 'accepted', ideaId: null });
  });
});
