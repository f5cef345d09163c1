import type { Kysely } from 'kysely';
import type { Consultation, Database, Organisation, Theme } from '../db/schema';

export type ConsultationStatus = 'draft' | 'open' | 'closed';

/** Where a consultation stands for the public: being prepared, running (in some phase), or over. */
export function consultationStatus(consultation: Pick<Consultation, 'lifecycle_state'>): ConsultationStatus {
  if (consultation.lifecycle_state === 'draft') return 'draft';
  return consultation.lifecycle_state === 'closed' ? 'closed' : 'open';
}

export type ConsultationSummary = Consultation & {
  organisation: Pick<Organisation, 'name' | 'slug' | 'primary_color' | 'secondary_color'>;
  themeCount: number;
};

/** Every published consultation (drafts are not listed) with its organisation, soonest ending first. */
export async function listConsultations(db: Kysely<Database>): Promise<ConsultationSummary[]> {
  const rows = await db
    .selectFrom('consultations as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .selectAll('c')
    .select([
      'o.name as organisation_name',
      'o.slug as organisation_slug',
      'o.primary_color as organisation_primary_color',
      'o.secondary_color as organisation_secondary_color',
    ])
    .select((eb) =>
      eb
        .selectFrom('themes as t')
        .whereRef('t.consultation_id', '=', 'c.id')
        .where('t.parent_id', 'is', null)
        .select(eb.fn.countAll<string>().as('n'))
        .as('theme_count'),
    )
    .where('c.lifecycle_state', '<>', 'draft')
    .orderBy('c.ends_at', (ob) => ob.asc().nullsLast())
    .orderBy('c.created_at', 'desc')
    .execute();
  return rows.map(
    ({ organisation_name, organisation_slug, organisation_primary_color, organisation_secondary_color, theme_count, ...c }) => ({
      ...c,
      organisation: {
        name: organisation_name,
        slug: organisation_slug,
        primary_color: organisation_primary_color,
        secondary_color: organisation_secondary_color,
      },
      themeCount: Number(theme_count ?? 0),
    }),
  );
}

export type ThemeTree = Theme & { children: Theme[] };

export interface ConsultationPage {
  consultation: Consultation;
  organisation: Organisation;
  themes: ThemeTree[];
}

/** A consultation by its slug with its organisation and its themes as a tree; null if unknown. */
export async function consultationBySlug(db: Kysely<Database>, slug: string): Promise<ConsultationPage | null> {
  const consultation = await db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!consultation) return null;
  const [organisation, themes] = await Promise.all([
    db.selectFrom('organisations').selectAll().where('id', '=', consultation.organisation_id).executeTakeFirstOrThrow(),
    db
      .selectFrom('themes')
      .selectAll()
      .where('consultation_id', '=', consultation.id)
      .orderBy('position')
      .orderBy('created_at')
      .execute(),
  ]);
  const tree: ThemeTree[] = themes.filter((t) => t.parent_id === null).map((t) => ({ ...t, children: [] }));
  const byId = new Map(tree.map((t) => [t.id, t]));
  for (const theme of themes) {
    if (theme.parent_id) byId.get(theme.parent_id)?.children.push(theme);
  }
  return { consultation, organisation, themes: tree };
}

/** The consultation row for a slug, or null. */
export async function findConsultation(db: Kysely<Database>, slug: string): Promise<Consultation | null> {
  return (await db.selectFrom('consultations').selectAll().where('slug', '=', slug).executeTakeFirst()) ?? null;
}

/** The consultations a user holds the strategist role in, drafts included, newest first. */
export async function consultationsRunBy(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('consultations as c')
    .innerJoin('memberships as m', 'm.consultation_id', 'c.id')
    .select(['c.slug', 'c.question', 'c.default_language', 'c.lifecycle_state', 'c.created_at'])
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'strategist')
    .orderBy('c.created_at', 'desc')
    .execute();
}

/** The scheduled dates of a consultation's phases. */
export async function phaseScheduleOf(db: Kysely<Database>, consultationId: string) {
  return db.selectFrom('phase_schedules').selectAll().where('consultation_id', '=', consultationId).execute();
}

/** Every module instance of a consultation, in their order within each phase. */
export async function moduleInstancesOf(db: Kysely<Database>, consultationId: string) {
  return db.selectFrom('module_instances').selectAll().where('consultation_id', '=', consultationId).orderBy('position').orderBy('created_at').execute();
}
