import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OpenQuestion, OpenQuestionsConfig, RevealRule } from '../modules/open-questions/manifest';
import { moderatePost, toggleReaction, writePost } from '../platform/contributions/posts.server';
import type { Database } from '../platform/db/schema';
import type { ModuleContext } from '../platform/modules/server';
import type { Actor } from '../platform/policy';

/*
 * Demo open questions: the appropriation phase of two demo consultations asks a few questions per
 * theme (in French and English), and a few demo participants have answered, through the shared
 * posts (rendering, moderation) as the module does.
 */

type Text = { fr: string; en: string };
interface DemoQuestion {
  /** A theme's slug, or null for a general question. */
  theme: string | null;
  text: Text;
  answers: { by: string; text: string; lang?: 'fr' | 'en'; likedBy?: string[]; awaiting?: boolean }[];
}

interface DemoOpenQuestions {
  reveal: RevealRule;
  participants: Record<string, string>;
  questions: DemoQuestion[];
}

const demo: Record<string, DemoOpenQuestions> = {
  'halveo-futur-des-courses': {
    reveal: 'afterAnswering',
    participants: { nadia: 'Nadia B.', thomas: 'Thomas L.', agnes: 'Agnès R.', kevin: 'Kevin M.' },
    questions: [
      {
        theme: 'produits',
        text: { fr: 'Qu’est-ce qui compte le plus pour vous quand vous choisissez un produit du quotidien ?', en: 'What matters most to you when you choose an everyday product?' },
        answers: [
          { by: 'nadia', text: 'Savoir d’où il vient. Je regarde l’origine avant le prix, surtout pour les fruits et la viande.', likedBy: ['thomas', 'agnes'] },
          { by: 'thomas', text: 'Le prix au kilo, clairement affiché. Avec deux enfants, chaque euro compte.', likedBy: ['kevin'] },
          { by: 'kevin', text: 'Less packaging. I would happily bring my own containers for cheese and cold meats.', lang: 'en' },
        ],
      },
      {
        theme: 'produits',
        text: { fr: 'Quel produit aimeriez-vous trouver dans votre magasin de quartier, et que vous n’y trouvez pas ?', en: 'Which product would you like to find in your neighbourhood shop, and cannot find there today?' },
        answers: [{ by: 'agnes', text: 'Du pain d’un boulanger du coin, livré le matin, plutôt que du pain industriel.' }],
      },
      {
        theme: 'services',
        text: { fr: 'Quel service vous ferait gagner du temps lors de vos courses ?', en: 'Which service would save you time when you shop?' },
        answers: [
          { by: 'thomas', text: 'Commander sur l’application à midi et retirer le panier en sortant du travail, sans faire la queue.', likedBy: ['nadia'] },
          { by: 'agnes', text: 'Une caisse où l’on peut parler à quelqu’un : les caisses automatiques me font perdre plus de temps.', awaiting: true },
        ],
      },
      {
        theme: 'experience-client',
        text: { fr: 'Racontez-nous un moment agréable, ou désagréable, vécu dans un de nos magasins.', en: 'Tell us about a pleasant, or unpleasant, moment you had in one of our shops.' },
        answers: [{ by: 'nadia', text: 'Une vendeuse m’a mis de côté les derniers œufs bio quand elle a su que je passais après l’école. Je m’en souviens encore.' }],
      },
      {
        theme: 'responsabilite-societale',
        text: { fr: 'Quel engagement attendez-vous en priorité d’une enseigne de proximité ?', en: 'Which commitment do you expect first from a neighbourhood chain?' },
        answers: [{ by: 'kevin', text: 'Donner les invendus aux associations du quartier, et le dire clairement en magasin.', lang: 'fr', likedBy: ['nadia', 'thomas'] }],
      },
    ],
  },
  'grand-debat-national': {
    reveal: 'atOnce',
    participants: { martine: 'Martine G.', yanis: 'Yanis K.', paul: 'Paul D.' },
    questions: [
      {
        theme: null,
        text: { fr: 'Qu’est-ce qui, selon vous, devrait changer en priorité en France ?', en: 'In your view, what should change first in France?' },
        answers: [
          { by: 'martine', text: 'Que l’on écoute davantage les territoires ruraux : les décisions se prennent trop loin de nous.', likedBy: ['paul'] },
          { by: 'yanis', text: 'L’accès au logement pour les jeunes qui travaillent. Se loger ne devrait pas coûter la moitié d’un salaire.', likedBy: ['martine', 'paul'] },
        ],
      },
      {
        theme: 'fiscalite',
        text: { fr: 'Qu’attendez-vous de l’impôt que vous payez ?', en: 'What do you expect from the taxes you pay?' },
        answers: [{ by: 'paul', text: 'De savoir où va chaque euro : un relevé clair, comme un relevé de banque, serait un bon début.' }],
      },
      {
        theme: 'democratie-et-citoyennete',
        text: { fr: 'Vous sentez-vous entendu par vos élus ? Pourquoi ?', en: 'Do you feel heard by your elected representatives? Why?' },
        answers: [{ by: 'yanis', text: 'Par mon maire, oui. Au-delà, j’ai l’impression que mon avis ne compte qu’au moment du vote.' }],
      },
      {
        theme: 'sante',
        text: { fr: 'Quelle est votre plus grande difficulté pour vous soigner près de chez vous ?', en: 'What is your greatest difficulty in getting care near where you live?' },
        answers: [{ by: 'martine', text: 'Six mois pour voir un ophtalmologiste, et le plus proche est à quarante minutes.' }],
      },
    ],
  },
};

/**
 * Adds an open-questions instance to the appropriation phase of each demo consultation that has
 * none yet, with its questions and a few answers and likes.
 */
export async function seedOpenQuestions(db: Kysely<Database>): Promise<void> {
  for (const [slug, content] of Object.entries(demo)) {
    const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!consultation || !consultation.phases.includes('appropriation')) continue;
    const existing = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultation.id).where('kind', '=', 'open-questions').executeTakeFirst();
    if (existing) continue;

    const themes = await db.selectFrom('themes').select(['id', 'slug']).where('consultation_id', '=', consultation.id).execute();
    const themeId = (themeSlug: string | null) => (themeSlug === null ? null : (themes.find((theme) => theme.slug === themeSlug)?.id ?? null));
    const questions: (OpenQuestion & { demo: DemoQuestion })[] = content.questions.map((question) => ({ id: randomUUID(), themeId: themeId(question.theme), text: question.text, demo: question }));
    const config: OpenQuestionsConfig = { questions: questions.map(({ demo: _, ...question }) => question), reveal: content.reveal };
    const instance = await db
      .insertInto('module_instances')
      // After the phase's notice (position 0).
      .values({ consultation_id: consultation.id, phase: 'appropriation', kind: 'open-questions', config: JSON.stringify(config), theme_id: null, position: 1 })
      .returning(['id', 'phase'])
      .executeTakeFirstOrThrow();

    const actors = new Map<string, Actor>();
    for (const [key, name] of Object.entries(content.participants)) {
      const email = `${key}.${slug}@demo.plenum.test`;
      const user =
        (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) ??
        (await db.insertInto('users').values({ email, display_name: name, preferred_language: 'fr' }).returning('id').executeTakeFirstOrThrow());
      await db.insertInto('memberships').values({ consultation_id: consultation.id, user_id: user.id, role: 'participant', source: 'demo' }).onConflict((oc) => oc.doNothing()).execute();
      actors.set(key, { userId: user.id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['participant']) });
    }
    const moderator: Actor = { userId: null, isAnonymous: false, isPlatformAdmin: true, roles: new Set(['moderator']) };
    const contextFor = (actor: Actor, locale: string): ModuleContext<unknown> => ({
      db,
      actor,
      consultation,
      instance: { id: instance.id, phase: instance.phase, config, themeId: null },
      open: true,
      locale,
      emit: () => {},
    });

    for (const question of questions) {
      for (const answer of question.demo.answers) {
        const form = new FormData();
        form.set('body', answer.text);
        const { postId, status } = await writePost(contextFor(actors.get(answer.by)!, answer.lang ?? 'fr'), form, { topic: question.id });
        // A pre-moderated consultation's answers were read by a moderator, but for one left in the queue.
        if (status === 'awaiting' && !answer.awaiting) await moderatePost(contextFor(moderator, 'fr'), postId, { decision: 'publish' });
        for (const liker of answer.likedBy ?? []) {
          const like = new FormData();
          like.set('postId', postId);
          like.set('kind', 'like');
          await toggleReaction(contextFor(actors.get(liker)!, 'fr'), like, ['like']);
        }
      }
    }
  }
}
