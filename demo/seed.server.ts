import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { hashPassword } from '../platform/auth/passwords.server';
import type { Database } from '../platform/db/schema';
import { demoConsultations, type DemoConsultation, type DemoTheme } from './content';

const dayMs = 24 * 60 * 60 * 1000;

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
      description: demo.description,
      languages: demo.languages,
      default_language: demo.defaultLanguage,
      anonymity: demo.anonymity,
      moderation: demo.moderation,
      starts_at: new Date(now.getTime() + demo.startsInDays * dayMs),
      ends_at: new Date(now.getTime() + demo.endsInDays * dayMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

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
  }
  return true;
}
