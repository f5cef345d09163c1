import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../platform/auth/passwords.server';
import { plainTextToDoc } from '../platform/rich-text/plain-text';
import type { Database } from '../platform/db/schema';
import type { LifecycleState, Phase } from '../platform/phases';
import { demoConsultations, type DemoConsultation, type DemoTheme } from './content';
import { seedConversations } from './conversations.server';
import { seedOpenQuestions } from './open-questions.server';
import { seedTwoColumns } from './two-column.server';
import { seedTokenVote } from './token-vote.server';
import { seedProposals } from './proposals.server';

/** The consultation whose ideation threads hold the demo conversations. */
const conversationsIn = 'grand-debat-national';

const dayMs = 24 * 60 * 60 * 1000;

interface DemoLifecycle {
  phases: Phase[];
  state: LifecycleState;
  /** Opening and closing day of each phase, relative to the day of seeding. */
  days: Partial<Record<Phase, [number, number]>>;
}

// Where each demo consultation stands, so that the demo shows a live phase, one about to
// start, and a finished consultation.
const demoLifecycles: Record<string, DemoLifecycle> = {
  'grand-debat-national': {
    phases: ['appropriation', 'ideation', 'deepening', 'prioritisation'],
    state: 'ideation',
    days: { appropriation: [-14, -7], ideation: [-7, 14], deepening: [14, 28], prioritisation: [28, 42] },
  },
  'halveo-futur-des-courses': {
    phases: ['appropriation', 'ideation', 'deepening', 'prioritisation'],
    state: 'appropriation',
    days: { appropriation: [-7, 7], ideation: [7, 21], deepening: [21, 35], prioritisation: [35, 49] },
  },
  weeuropeans: {
    phases: ['ideation', 'prioritisation'],
    state: 'closed',
    days: { ideation: [-2800, -2770], prioritisation: [-2770, -2740] },
  },
};

/** What the organisers say at each phase: one notice module per phase of every demo consultation. */
const phaseNotices: Record<Phase, { title: Record<'fr' | 'en', string>; body: Record<'fr' | 'en', string> }> = {
  appropriation: {
    title: { fr: 'Prenez le temps de vous approprier le sujet', en: 'Take the time to get to grips with the subject' },
    body: {
      fr: 'Lisez les thèmes, posez vos questions et dites ce que le sujet évoque pour vous. Il n’y a pas de mauvaise réponse : cette phase sert à partir ensemble du même point.',
      en: 'Read the themes, ask your questions and say what the subject means to you. There is no wrong answer: this phase is for starting together from the same point.',
    },
  },
  ideation: {
    title: { fr: 'Proposez et discutez des idées', en: 'Put forward and discuss ideas' },
    body: {
      fr: 'Partagez vos idées et répondez à celles des autres. L’équipe repère les idées actionnables dans les conversations, avec un lien vers chaque message d’origine.',
      en: 'Share your ideas and reply to others’. The team picks out actionable ideas from the conversations, each linked to the message it came from.',
    },
  },
  deepening: {
    title: { fr: 'Approfondissez les idées retenues', en: 'Look deeper into the ideas kept' },
    body: {
      fr: 'Pour chaque idée retenue, donnez ses points forts et ses points faibles. Les synthèses de chaque colonne sont mises à jour au fil des échanges.',
      en: 'For each idea kept, give its strengths and weaknesses. Each column’s summary is updated as the discussion goes on.',
    },
  },
  prioritisation: {
    title: { fr: 'Choisissez les priorités', en: 'Choose the priorities' },
    body: {
      fr: 'Répartissez vos jetons entre les idées sur lesquelles agir en premier. Les résultats nourriront le livrable final.',
      en: 'Spread your tokens over the ideas to act on first. The results will feed the final deliverable.',
    },
  },
};

export interface SeedReport {
  created: string[];
  alreadyPresent: string[];
  /** The demo strategist, with its password, when this run created it. */
  strategist: { email: string; password: string } | null;
}

/** The account that runs the demo consultations, so a newcomer can try the strategist's pages. */
export const demoStrategistEmail = 'strategist@demo.plenum.test';

/**
 * Writes the demo consultations of `content.ts`. A consultation whose slug already exists is
 * left as it is, so running the seed twice (or on a database people already use) changes
 * nothing that is there. Each consultation is written in one transaction.
 */
export async function seedDemo(
  db: Kysely<Database>,
  { now = new Date(), strategistPassword }: { now?: Date; strategistPassword?: string } = {},
): Promise<SeedReport> {
  const report: SeedReport = { created: [], alreadyPresent: [], strategist: null };
  for (const demo of demoConsultations) {
    const created = await db.transaction().execute((trx) => insertConsultation(trx, demo, now));
    (created ? report.created : report.alreadyPresent).push(demo.slug);
  }
  report.strategist = await ensureDemoStrategist(db, strategistPassword);
  // Conversations go through the thread module itself (rendering, order, caught passages),
  // which runs its own transactions: after the consultation's.
  if (report.created.includes(conversationsIn)) await seedConversations(db, conversationsIn);
  // Open questions, two columns and the token vote build on what exists: themes, and the ideas caught above.
  if (report.created.length > 0) {
    await seedOpenQuestions(db);
    await seedTwoColumns(db);
    await seedTokenVote(db);
    await seedProposals(db, { now });
  }
  return report;
}

/**
 * The demo strategist holds the strategist role in every demo consultation. Its password is
 * DEMO_PASSWORD when given, else random, and shown once, when the account is created.
 */
async function ensureDemoStrategist(db: Kysely<Database>, wanted: string | undefined): Promise<SeedReport['strategist']> {
  let created: SeedReport['strategist'] = null;
  let user = await db.selectFrom('users').select('id').where('email', '=', demoStrategistEmail).executeTakeFirst();
  if (!user) {
    const password = wanted || randomBytes(12).toString('base64url');
    user = await db
      .insertInto('users')
      .values({ email: demoStrategistEmail, display_name: 'Camille Stratège', preferred_language: 'fr', password_hash: await hashPassword(password) })
      .returning('id')
      .executeTakeFirstOrThrow();
    created = { email: demoStrategistEmail, password };
  }
  const consultations = await db.selectFrom('consultations').select('id').where('slug', 'in', demoConsultations.map((c) => c.slug)).execute();
  for (const { id } of consultations) {
    await db
      .insertInto('memberships')
      .values({ consultation_id: id, user_id: user.id, role: 'strategist' })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return created;
}

/** Seeds the demo only into a database that has no consultation at all (a first start). */
export async function seedDemoIfEmpty(db: Kysely<Database>, options: { now?: Date; strategistPassword?: string } = {}): Promise<SeedReport | null> {
  const any = await db.selectFrom('consultations').select('id').limit(1).executeTakeFirst();
  return any ? null : seedDemo(db, options);
}

async function insertConsultation(trx: Kysely<Database>, demo: DemoConsultation, now: Date): Promise<boolean> {
  const existing = await trx.selectFrom('consultations').select('id').where('slug', '=', demo.slug).executeTakeFirst();
  if (existing) return false;

  const { organisation } = demo;
  const lifecycle = demoLifecycles[demo.slug];
  const { id: organisationId } = await trx
    .insertInto('organisations')
    .values({
      slug: organisation.slug,
      name: organisation.name,
      primary_color: organisation.primaryColor,
      secondary_color: organisation.secondaryColor,
    })
    .onConflict((oc) => oc.column('slug').doUpdateSet({ name: organisation.name }))
    .returning('id')
    .executeTakeFirstOrThrow();

  const { id: consultationId } = await trx
    .insertInto('consultations')
    .values({
      organisation_id: organisationId,
      slug: demo.slug,
      question: demo.question,
      description: Object.fromEntries(Object.entries(demo.description).map(([lang, text]) => [lang, plainTextToDoc(text)])),
      languages: demo.languages,
      default_language: demo.defaultLanguage,
      anonymity: demo.anonymity,
      moderation: demo.moderation,
      starts_at: new Date(now.getTime() + demo.startsInDays * dayMs),
      ends_at: new Date(now.getTime() + demo.endsInDays * dayMs),
      ...(lifecycle ? { phases: lifecycle.phases, lifecycle_state: lifecycle.state } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  for (const [position, phase] of (lifecycle?.phases ?? []).entries()) {
    const [opens, closes] = lifecycle?.days[phase] ?? [null, null];
    await trx
      .insertInto('phase_schedules')
      .values({
        consultation_id: consultationId,
        phase,
        opens_at: opens === null ? null : new Date(now.getTime() + opens * dayMs),
        closes_at: closes === null ? null : new Date(now.getTime() + closes * dayMs),
      })
      .execute();
    await trx
      .insertInto('module_instances')
      .values({ consultation_id: consultationId, phase, kind: 'notice', config: JSON.stringify(phaseNotices[phase]), position })
      .execute();
  }

  const insertTheme = async (theme: DemoTheme, position: number, parentId: string | null) => {
    const { id } = await trx
      .insertInto('themes')
      .values({
        consultation_id: consultationId,
        parent_id: parentId,
        slug: theme.slug,
        title: theme.title,
        description: theme.description,
        position,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  };
  for (const [position, theme] of demo.themes.entries()) {
    const themeId = await insertTheme(theme, position, null);
    for (const [childPosition, child] of theme.children.entries()) await insertTheme(child, childPosition, themeId);
    // Ideation holds one thread per theme, after the organisers' notice.
    if (lifecycle?.phases.includes('ideation')) {
      await trx
        .insertInto('module_instances')
        .values({ consultation_id: consultationId, phase: 'ideation', kind: 'thread', config: JSON.stringify({ title: {} }), theme_id: themeId, position: position + 1 })
        .execute();
    }
  }
  return true;
}
