import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { demoConsultations, type DemoConsultation, type DemoTheme } from './content';

const dayMs = 24 * 60 * 60 * 1000;

export interface SeedReport {
  created: string[];
  alreadyPresent: string[];
}

/**
 * Writes the demo consultations of `content.ts`. A consultation whose slug already exists is
 * left as it is, so running the seed twice (or on a database people already use) changes
 * nothing that is there. Each consultation is written in one transaction.
 */
export async function seedDemo(db: Kysely<Database>, { now = new Date() } = {}): Promise<SeedReport> {
  const report: SeedReport = { created: [], alreadyPresent: [] };
  for (const demo of demoConsultations) {
    const created = await db.transaction().execute((trx) => insertConsultation(trx, demo, now));
    (created ? report.created : report.alreadyPresent).push(demo.slug);
  }
  return report;
}

/** Seeds the demo only into a database that has no consultation at all (a first start). */
export async function seedDemoIfEmpty(db: Kysely<Database>, options: { now?: Date } = {}): Promise<SeedReport | null> {
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
