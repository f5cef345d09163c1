import { sql, type Kysely } from 'kysely';
import type { Consultation, Database, ProposalStatus, RefusalReason, SegmentField, VoteKind, VoteSource } from '../platform/db/schema';
import type { Phase } from '../platform/phases';
import { defaultProposalsConfig, defaultResultsConfig, proposalsConfig, type ProposalsConfig } from '../modules/proposals/manifest';
import { refreshResults } from '../modules/proposals/results.server';
import { mulberry32 } from '../modules/proposals/sequence';
import { qualificationsByVote } from '../modules/proposals/rules';

/*
 * The massive consultation in the demo: the national debate collects proposals ("Il faut…")
 * during ideation, drawn from the consensus and controversies the real Grand Débat brought out
 * (seeds/000), voted by pseudonymous demo participants; WeEuropeans, closed, keeps the ten
 * proposals Europeans endorsed. Votes are written as rows, then every counter is computed from
 * them in one statement, so that counters and votes agree as the module's own votes keep them.
 */

const dayMs = 24 * 60 * 60 * 1000;
const hourMs = 60 * 60 * 1000;

/** How voters lean on a proposal: shares of agree and disagree (the rest is neutral). */
type Leaning = 'consensus' | 'controversy' | 'rejection' | 'mixed';
/** On a controversy, each camp's leaning (overall about as split as `leanings.controversy`). */
const camps: Record<'reform' | 'caution', { agree: number; disagree: number }> = {
  reform: { agree: 0.78, disagree: 0.12 },
  caution: { agree: 0.12, disagree: 0.8 },
};

const leanings: Record<Leaning, { agree: number; disagree: number }> = {
  consensus: { agree: 0.8, disagree: 0.08 },
  controversy: { agree: 0.45, disagree: 0.45 },
  rejection: { agree: 0.12, disagree: 0.75 },
  mixed: { agree: 0.6, disagree: 0.22 },
};

interface DemoProposal {
  /** The text after the prefix, as shown (corrected by a moderator when `original` differs). */
  body: string;
  /** As its author wrote it, when a moderator corrected it. */
  original?: string;
  /** A sub-theme's slug. */
  theme: string;
  status: ProposalStatus;
  refusal?: RefusalReason;
  leaning?: Leaning;
  /** Proposals with the same group go into one idea (duplicates). */
  group?: string;
}

/** The national debate's proposals, oldest first. */
export const debateProposals: DemoProposal[] = [
  { body: 'donner plus de moyens aux contrôleurs pour lutter contre la fraude et l’évasion fiscales', theme: 'fraude-et-evasion-fiscale', status: 'accepted', leaning: 'consensus', group: 'fraude' },
  { body: 'que les multinationales paient leurs impôts dans le pays où elles font leurs bénéfices', theme: 'taxer-les-multinationales', status: 'accepted', leaning: 'consensus' },
  { body: 'remettre à plat tout le système d’imposition pour le rendre plus simple et plus juste', theme: 'remettre-a-plat-l-impot', status: 'accepted', leaning: 'consensus' },
  { body: 'rétablir l’impôt de solidarité sur la fortune', theme: 'isf-et-successions', status: 'accepted', leaning: 'controversy' },
  { body: 'exiger un casier judiciaire vierge de tous les candidats à une élection', theme: 'exemplarite-des-elus', status: 'accepted', leaning: 'consensus' },
  { body: 'compter le vote blanc comme un suffrage exprimé', theme: 'vote-blanc', status: 'accepted', leaning: 'consensus' },
  { body: 'instaurer le référendum d’initiative citoyenne au niveau national', theme: 'referendum-d-initiative-citoyenne', status: 'accepted', leaning: 'controversy' },
  { body: 'réindexer toutes les retraites sur l’inflation', theme: 'retraites-et-inflation', status: 'accepted', leaning: 'consensus' },
  { body: 'baisser la TVA sur les produits de première nécessité', theme: 'tva-premiere-necessite', status: 'accepted', leaning: 'consensus' },
  { body: 'simplifier le mille-feuille administratif en supprimant un échelon', original: 'simplifier le mille feuille administratif en suprimant un échelon', theme: 'mille-feuille-administratif', status: 'accepted', leaning: 'consensus' },
  { body: 'réduire les privilèges des hauts fonctionnaires', theme: 'privileges-des-hauts-fonctionnaires', status: 'accepted', leaning: 'consensus' },
  { body: 'développer l’offre de transports en commun dans les zones rurales', theme: 'transports-en-commun', status: 'accepted', leaning: 'consensus' },
  { body: 'limiter les emballages en plastique dans les supermarchés', theme: 'emballages-plastique', status: 'accepted', leaning: 'consensus' },
  { body: 'servir des produits bio et locaux dans toutes les cantines scolaires', theme: 'pesticides-bio-et-local', status: 'accepted', leaning: 'consensus' },
  { body: 'taxer le kérosène des avions et le fioul des grands navires', theme: 'ferroutage-et-carburants', status: 'accepted', leaning: 'mixed' },
  { body: 'développer le ferroutage pour sortir les camions des autoroutes', theme: 'ferroutage-et-carburants', status: 'accepted', leaning: 'consensus' },
  { body: 'obliger les jeunes médecins à exercer trois ans dans un désert médical', theme: 'deserts-medicaux', status: 'accepted', leaning: 'mixed' },
  { body: 'plus de soignants dans les hôpitaux et les Ehpad pour prendre soin de nos aînés', theme: 'hopitaux-et-ehpad', status: 'accepted', leaning: 'consensus' },
  { body: 'mieux payer les métiers en tension comme les aides-soignants et les auxiliaires de vie', theme: 'secteurs-en-tension', status: 'accepted', leaning: 'consensus' },
  { body: 'créer un revenu universel de base pour chaque adulte', theme: 'revenu-universel', status: 'accepted', leaning: 'controversy' },
  { body: 'supprimer le jour de carence des fonctionnaires', theme: 'jour-de-carence', status: 'accepted', leaning: 'controversy' },
  { body: 'légaliser le cannabis et encadrer sa vente par l’État', theme: 'cannabis', status: 'accepted', leaning: 'controversy' },
  { body: 'augmenter la TVA sur tous les produits pour financer la baisse des autres impôts', theme: 'remettre-a-plat-l-impot', status: 'accepted', leaning: 'rejection' },
  { body: 'lutter vraiment contre l’évasion fiscale et la fraude en renforçant les contrôles', theme: 'fraude-et-evasion-fiscale', status: 'accepted', leaning: 'consensus', group: 'fraude' },
  {
    body: 'acheter nos panneaux solaires en promotion cette semaine, appelez le 06 12 34 56 78',
    theme: 'ferroutage-et-carburants',
    status: 'refused',
    refusal: 'advertising',
  },
  // Waiting for a moderator, oldest first: the first has spelling mistakes to correct, the second shouts.
  { body: 'developper les pistes cyclable entre les village', theme: 'transports-en-commun', status: 'pending' },
  { body: 'ARRÊTER DE PRENDRE LES CONTRIBUABLES POUR DES VACHES À LAIT', theme: 'remettre-a-plat-l-impot', status: 'pending' },
  { body: 'rénover les écoles pour qu’elles consomment moins d’énergie', theme: 'transports-en-commun', status: 'pending' },
  { body: 'garder un bureau de poste ouvert le samedi dans chaque canton', theme: 'mille-feuille-administratif', status: 'pending' },
];

/** The idea each group of duplicates goes into. */
const debateIdeas: Record<string, { title: string; theme: string }> = {
  fraude: { title: 'Lutter contre la fraude et l’évasion fiscales', theme: 'fraude-et-evasion-fiscale' },
};

/** WeEuropeans' ten proposals (seeds/000), in the order Europeans ranked them. */
export const weEuropeansProposals: { fr: string; en: string; theme: string }[] = [
  { fr: 'créer un programme de recyclage à l’échelle européenne', en: 'create a Europe-wide recycling programme', theme: 'european-recycling' },
  { fr: 'interdire aux criminels (évadés fiscaux…) de travailler dans le secteur public ou d’être élus en Europe', en: 'ban criminals (tax evaders…) from working in the public sector or standing for election in Europe', theme: 'bar-criminals-from-office' },
  { fr: 'protéger les forêts et recréer des forêts de feuillus : pour 1 arbre coupé, 5 arbres plantés', en: 'protect forests and recreate broadleaf forests: for every tree cut down, 5 trees planted', theme: 'protect-forests' },
  { fr: 'cesser les niches fiscales des multinationales et taxer les bénéfices là où ils sont générés', en: 'end tax loopholes for multinationals and tax profits where they are made', theme: 'end-tax-loopholes' },
  { fr: 'investir dans l’enseignement et la recherche', en: 'invest in education and research', theme: 'education-and-research' },
  { fr: 'protéger les droits des travailleurs dans tous les pays de l’UE', en: 'protect workers’ rights in every EU country', theme: 'workers-rights' },
  { fr: 'coordonner les limitations de produits chimiques, notamment dans l’industrie alimentaire', en: 'coordinate limits on chemicals, especially in the food industry', theme: '' },
  { fr: 'encourager les projets d’énergie renouvelable dans les villes', en: 'encourage renewable energy projects in cities', theme: 'urban-renewable-energy' },
  { fr: 'disposer d’informations claires et transparentes sur tous les projets et accords de l’UE', en: 'have clear and transparent information on all EU projects and agreements', theme: 'eu-transparency' },
  { fr: 'que chaque citoyen de l’UE puisse être soigné partout dans l’UE avec sa carte européenne d’assurance maladie', en: 'make sure every EU citizen can be treated anywhere in the EU with a European health insurance card', theme: '' },
];

/** Demo voters: pseudonymous participants, each recruited by one campaign (kept with their votes as a segment). */
const voterCount = 240;
const weEuropeansVoterCount = 120;
const campaigns = ['newsletter', 'partner-media', 'social', 'partner-media', 'newsletter'];

/** Draws one value from shares (value → weight). */
function drawFrom(random: () => number, shares: Record<string, number>): string {
  const entries = Object.entries(shares);
  let left = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [value, weight] of entries) {
    left -= weight;
    if (left < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

/**
 * Where the debate's voters live, roughly as the French population does (INSEE), so that the
 * map shows Île-de-France first and the smallest regions fall under the privacy threshold.
 */
const frenchRegions: Record<string, number> = {
  'Île-de-France': 18.2, 'Auvergne-Rhône-Alpes': 12.1, 'Nouvelle-Aquitaine': 9.0, Occitanie: 8.9, 'Hauts-de-France': 8.8, 'Grand Est': 8.2,
  'Provence-Alpes-Côte d’Azur': 7.6, 'Pays de la Loire': 5.7, Bretagne: 5.0, Normandie: 4.9, 'Bourgogne-Franche-Comté': 4.1, 'Centre-Val de Loire': 3.7,
  Corse: 0.5, 'La Réunion': 1.3, Guadeloupe: 0.6, Martinique: 0.5, Guyane: 0.4, Mayotte: 0.4,
};
const europeanCountries: Record<string, number> = {
  France: 28, Allemagne: 16, Italie: 10, Espagne: 10, Pologne: 6, Belgique: 5, 'Pays-Bas': 5, Portugal: 4, Suède: 3, Grèce: 3, Roumanie: 3, Autriche: 2, Irlande: 2, Danemark: 1, Finlande: 1, Luxembourg: 1,
};
/** Online participants are younger than the population they stand for: the reason to weight. */
const sampleAges: Record<string, number> = { '18–24': 16, '25–34': 24, '35–49': 28, '50–64': 20, '65+': 12 };
/** The adult population's age bands (INSEE, rounded), the debate's weighting target. */
const populationAges: Record<string, number> = { '18–24': 0.1, '25–34': 0.15, '35–49': 0.24, '50–64': 0.24, '65+': 0.27 };
const genders: Record<string, number> = { femme: 51, homme: 46, 'autre réponse': 3 };

/**
 * Two camps split the debate's controversies (younger voters lean to the first), so that the
 * opinion groups find them; everyone agrees on the consensus and turns down the rejections.
 */
type Camp = 'reform' | 'caution';

interface Voter {
  id: string;
  source: string;
  camp: Camp;
  segments: Partial<Record<SegmentField, string>>;
}

/**
 * Seeds the proposals of the demo consultations, each only where it has no proposals module yet.
 * Runs after the demo strategist and the conversations exist (it uses their accounts).
 */
export async function seedProposals(db: Kysely<Database>, { now = new Date() }: { now?: Date } = {}): Promise<void> {
  await seedDebate(db, now);
  await seedWeEuropeans(db, now);
}

async function consultationWithout(db: Kysely<Database>, slug: string, phase: Phase): Promise<Consultation | null> {
  const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!consultation || !consultation.phases.includes(phase)) return null;
  const existing = await db.selectFrom('module_instances').select('id').where('consultation_id', '=', consultation.id).where('kind', '=', 'proposals').executeTakeFirst();
  return existing ? null : consultation;
}

async function addInstance(db: Kysely<Database>, consultation: Consultation, phase: Phase, config: ProposalsConfig): Promise<string> {
  const position = await db
    .selectFrom('module_instances')
    .select((eb) => eb.fn.max('position').as('last'))
    .where('consultation_id', '=', consultation.id)
    .where('phase', '=', phase)
    .executeTakeFirst();
  const instance = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultation.id, phase, kind: 'proposals', config: JSON.stringify(proposalsConfig.parse(config)), theme_id: null, position: Number(position?.last ?? 0) + 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return instance.id;
}

/**
 * Pseudonymous participants of the consultation, each from a recruitment campaign, who answered
 * the consultation's segment questions (with their consent).
 */
async function enrolVoters(
  db: Kysely<Database>,
  consultation: Consultation,
  count: number,
  profile: (random: () => number) => { camp: Camp; segments: Partial<Record<SegmentField, string>> },
  random: () => number,
): Promise<Voter[]> {
  const users = await db
    .insertInto('users')
    .values(Array.from({ length: count }, () => ({ email: null, display_name: 'Participant', is_anonymous: true, preferred_language: consultation.default_language })))
    .returning('id')
    .execute();
  const voters: Voter[] = users.map((user, index) => ({ id: user.id, source: campaigns[index % campaigns.length]!, ...profile(random) }));
  await db
    .insertInto('memberships')
    .values(voters.map((voter) => ({ consultation_id: consultation.id, user_id: voter.id, role: 'participant' as const, source: voter.source })))
    .execute();
  const answers = voters.flatMap((voter) =>
    Object.entries(voter.segments).map(([field, value]) => ({ consultation_id: consultation.id, user_id: voter.id, field: field as SegmentField, value: value!, consented_at: new Date() })),
  );
  for (let start = 0; start < answers.length; start += 500) await db.insertInto('participant_segments').values(answers.slice(start, start + 500)).execute();
  await db
    .updateTable('consultations')
    .set({ segment_fields: [...new Set(voters.flatMap((voter) => Object.keys(voter.segments)))] as SegmentField[] })
    .where('id', '=', consultation.id)
    .execute();
  return voters;
}

interface VoteRow {
  proposal_id: string;
  user_id: string;
  vote: VoteKind;
  qualifications: string[];
  source: VoteSource;
  trusted: boolean;
  segments: string;
  created_at: Date;
  updated_at: Date;
}

/** Each voter votes on a share of the proposals, leaning as planted, sometimes with a qualification. */
function plantedVotes(
  random: () => number,
  proposals: { id: string; createdAt: Date; leaning: Leaning }[],
  voters: Voter[],
  { turnout, until }: { turnout: number; until: Date },
): VoteRow[] {
  const rows: VoteRow[] = [];
  for (const voter of voters) {
    for (const proposal of proposals) {
      if (random() > turnout) continue;
      const { agree, disagree } = proposal.leaning === 'controversy' ? camps[voter.camp] : leanings[proposal.leaning];
      const draw = random();
      const vote: VoteKind = draw < agree ? 'agree' : draw < agree + disagree ? 'disagree' : 'neutral';
      const choices = qualificationsByVote[vote];
      const qualifications = random() < 0.35 ? [choices[Math.floor(random() * choices.length)]!] : [];
      const where = random();
      const source: VoteSource = where < 0.85 ? 'sequence' : where < 0.95 ? 'proposal' : 'widget';
      const start = proposal.createdAt.getTime();
      const at = new Date(start + random() * (until.getTime() - start));
      rows.push({ proposal_id: proposal.id, user_id: voter.id, vote, qualifications, source, trusted: true, segments: JSON.stringify({ ...voter.segments, source: voter.source }), created_at: at, updated_at: at });
    }
  }
  return rows;
}

async function insertVotes(db: Kysely<Database>, rows: VoteRow[], instanceId: string): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) await db.insertInto('proposal_votes').values(rows.slice(start, start + 500)).execute();
  await recountVotes(db, instanceId);
}

/**
 * Every counter of an instance's proposals, from its vote rows, in one statement: what the
 * module keeps up to date vote by vote (trusted votes only; sequence votes include the widget's).
 */
export async function recountVotes(db: Kysely<Database>, instanceId: string): Promise<void> {
  await sql`
    update proposals p set
      agree = (select count(*) from proposal_votes v where v.proposal_id = p.id and v.trusted and v.vote = 'agree'),
      disagree = (select count(*) from proposal_votes v where v.proposal_id = p.id and v.trusted and v.vote = 'disagree'),
      neutral = (select count(*) from proposal_votes v where v.proposal_id = p.id and v.trusted and v.vote = 'neutral'),
      sequence_votes = (select count(*) from proposal_votes v where v.proposal_id = p.id and v.trusted and v.source in ('sequence', 'widget')),
      untrusted_votes = (select count(*) from proposal_votes v where v.proposal_id = p.id and not v.trusted),
      qualifications = coalesce(
        (select jsonb_object_agg(q.key, q.n) from (
          select key, count(*) as n from proposal_votes v cross join unnest(v.qualifications) as key
          where v.proposal_id = p.id and v.trusted group by key) q),
        '{}'::jsonb)
    where p.instance_id = ${instanceId}`.execute(db);
}

async function themeIdsOf(db: Kysely<Database>, consultationId: string): Promise<Map<string, string>> {
  const themes = await db.selectFrom('themes').select(['id', 'slug']).where('consultation_id', '=', consultationId).execute();
  return new Map(themes.map((theme) => [theme.slug, theme.id]));
}

async function demoStrategistId(db: Kysely<Database>): Promise<string | null> {
  const user = await db.selectFrom('users').select('id').where('email', '=', 'strategist@demo.plenum.test').executeTakeFirst();
  return user?.id ?? null;
}

/** The debate's ideation: proposals across its themes, moderated or waiting, and 40 voters. */
async function seedDebate(db: Kysely<Database>, now: Date): Promise<void> {
  const consultation = await consultationWithout(db, 'grand-debat-national', 'ideation');
  if (!consultation) return;
  // Participants follow the results as they come; figures are also weighted to the adult
  // population's age bands, since online participants are younger.
  const config: ProposalsConfig = { ...defaultProposalsConfig, results: { ...defaultResultsConfig, visibility: 'live', weighting: [{ field: 'age_band', shares: populationAges }] } };
  const instanceId = await addInstance(db, consultation, 'ideation', config);
  const themes = await themeIdsOf(db, consultation.id);
  const moderator = await demoStrategistId(db);
  const voters = await enrolVoters(
    db,
    consultation,
    voterCount,
    (random) => {
      const age = drawFrom(random, sampleAges);
      const young = age === '18–24' || age === '25–34';
      return { camp: random() < (young ? 0.75 : 0.45) ? 'reform' : 'caution', segments: { region: drawFrom(random, frenchRegions), age_band: age, gender: drawFrom(random, genders) } };
    },
    mulberry32(1789),
  );
  // The conversations' participants propose too; the voters write the rest.
  const named = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select('users.id')
    .where('memberships.consultation_id', '=', consultation.id)
    .where('memberships.role', '=', 'participant')
    .where('users.email', 'like', '%@demo.plenum.test')
    .execute();
  const authors = [...named.map((user) => user.id), ...voters.map((voter) => voter.id)];

  const ideaIds = new Map<string, string>();
  for (const [group, idea] of Object.entries(debateIdeas)) {
    const { id } = await db
      .insertInto('ideas')
      .values({ consultation_id: consultation.id, title: idea.title, theme_id: themes.get(idea.theme) ?? null, created_by: moderator })
      .returning('id')
      .executeTakeFirstOrThrow();
    ideaIds.set(group, id);
  }

  // Spread over the week ideation has been open, the pending ones in the last hours.
  const first = now.getTime() - 7 * dayMs;
  let waiting = debateProposals.filter((proposal) => proposal.status === 'pending').length;
  const accepted: { id: string; createdAt: Date; leaning: Leaning }[] = [];
  for (const [index, proposal] of debateProposals.entries()) {
    const createdAt = proposal.status === 'pending' ? new Date(now.getTime() - waiting-- * 2 * hourMs) : new Date(first + index * 5 * hourMs);
    const moderated = proposal.status !== 'pending';
    const { id } = await db
      .insertInto('proposals')
      .values({
        consultation_id: consultation.id,
        instance_id: instanceId,
        author_id: authors[index % authors.length]!,
        body: proposal.body,
        original_body: proposal.original ?? proposal.body,
        language: 'fr',
        theme_id: themes.get(proposal.theme) ?? null,
        status: proposal.status,
        refusal_reason: proposal.refusal ?? null,
        idea_id: proposal.group ? (ideaIds.get(proposal.group) ?? null) : null,
        source: index % 6 === 5 ? 'widget' : 'proposal',
        created_at: createdAt,
        updated_at: createdAt,
        moderated_at: moderated ? new Date(createdAt.getTime() + 2 * hourMs) : null,
        moderated_by: moderated ? moderator : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (proposal.status === 'accepted') accepted.push({ id, createdAt: new Date(createdAt.getTime() + 2 * hourMs), leaning: proposal.leaning ?? 'mixed' });
  }
  // Seeded: the demo's votes are the same on every machine.
  await insertVotes(db, plantedVotes(mulberry32(2019), accepted, voters, { turnout: 0.5, until: now }), instanceId);
  await refreshResults(db, { id: instanceId, consultationId: consultation.id, config }, { force: true });
}

/** WeEuropeans, closed: its ten endorsed proposals, accepted, with many votes, in French and English. */
async function seedWeEuropeans(db: Kysely<Database>, now: Date): Promise<void> {
  const consultation = await consultationWithout(db, 'weeuropeans', 'ideation');
  if (!consultation) return;
  const schedule = await db.selectFrom('phase_schedules').select(['opens_at', 'closes_at']).where('consultation_id', '=', consultation.id).where('phase', '=', 'ideation').executeTakeFirst();
  const opened = schedule?.opens_at ?? new Date(now.getTime() - 60 * dayMs);
  const closed = schedule?.closes_at ?? new Date(opened.getTime() + 30 * dayMs);
  const instanceId = await addInstance(db, consultation, 'ideation', defaultProposalsConfig);
  const themes = await themeIdsOf(db, consultation.id);
  const moderator = await demoStrategistId(db);
  const voters = await enrolVoters(
    db,
    consultation,
    weEuropeansVoterCount,
    (random) => ({ camp: 'reform', segments: { country: drawFrom(random, europeanCountries), age_band: drawFrom(random, sampleAges) } }),
    mulberry32(1957),
  );
  const accepted: { id: string; createdAt: Date; leaning: Leaning }[] = [];
  for (const [index, proposal] of weEuropeansProposals.entries()) {
    // Written in both languages: half first in French, half in English.
    const language = index % 2 === 0 ? 'fr' : 'en';
    const createdAt = new Date(opened.getTime() + (index + 1) * dayMs);
    const { id } = await db
      .insertInto('proposals')
      .values({
        consultation_id: consultation.id,
        instance_id: instanceId,
        author_id: voters[index]!.id,
        body: proposal[language],
        original_body: proposal[language],
        language,
        theme_id: themes.get(proposal.theme) ?? null,
        status: 'accepted',
        created_at: createdAt,
        updated_at: createdAt,
        moderated_at: new Date(createdAt.getTime() + hourMs),
        moderated_by: moderator,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    accepted.push({ id, createdAt: new Date(createdAt.getTime() + hourMs), leaning: 'consensus' });
  }
  await insertVotes(db, plantedVotes(mulberry32(2018), accepted, voters, { turnout: 0.85, until: closed }), instanceId);
  await refreshResults(db, { id: instanceId, consultationId: consultation.id, config: defaultProposalsConfig }, { force: true });
}
