import type { Kysely } from 'kysely';
import type { Consultation, Database, Organisation, Theme } from '../db/schema';

export type ConsultationStatus = 'upcoming' | 'open' | 'closed';

/** Where a consultation stands on its dates at a given moment. */
export function statusAt(consultation: Pick<Consultation, 'starts_at' | 'ends_at'>, now: Date): ConsultationStatus {
  if (consultation.starts_at && consultation.starts_at > now) return 'upcoming';
  if (consultation.ends_at && consultation.ends_at <= now) return 'closed';
  return 'open';
}

export type ConsultationSummary = Consultation & {
  organisation: Pick<Organisation, 'name' | 'slug' | 'primary_color' | 'secondary_color'>;
  themeCount: number;
};

/** Every consultation with its organisation, soonest ending first among open ones. */
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
