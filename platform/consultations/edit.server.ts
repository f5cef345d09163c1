import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnonymityPolicy, Consultation, Database, ModerationPolicy } from '../db/schema';
import type { LocalizedText } from '../i18n/languages';
import type { RichTextDoc } from '../rich-text/extensions';
import { parseRichText } from '../rich-text/rich-text.server';
import type { Phase } from '../phases';

export interface ConsultationSettings {
  question: LocalizedText;
  description: Partial<Record<string, RichTextDoc>>;
  languages: string[];
  defaultLanguage: string;
  anonymity: AnonymityPolicy;
  moderation: ModerationPolicy;
  primaryColor: string;
  /** Origins of the sites allowed to embed the widget (checked by embedOriginOf). */
  embedOrigins: string[];
}

/** The consultation columns a settings form writes, for creation and edition alike. */
function settingsColumns(settings: ConsultationSettings) {
  return {
    question: settings.question,
    description: settings.description,
    languages: settings.languages,
    default_language: settings.defaultLanguage,
    anonymity: settings.anonymity,
    moderation: settings.moderation,
    embed_origins: settings.embedOrigins,
  };
}

/**
 * The description of each offered language, from the editor's JSON (or the plain text of the
 * no-JavaScript textarea), checked against the rich-text schema. An empty one is left out.
 */
export function parseDescriptions(
  inputs: Record<string, unknown>,
  languages: string[],
): { ok: true; description: Partial<Record<string, RichTextDoc>> } | { ok: false; errors: Record<string, string> } {
  const description: Partial<Record<string, RichTextDoc>> = {};
  const errors: Record<string, string> = {};
  for (const lang of languages) {
    const parsed = parseRichText(inputs[`description_${lang}`] ?? '', { maxChars: 5000 });
    if (parsed.ok) description[lang] = parsed.doc;
    else if (parsed.error !== 'empty') errors[`description_${lang}`] = `description.${parsed.error}`;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, description };
}

/** A slug from a name: lower-case ASCII words joined by hyphens. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/g, '') || 'consultation'
  );
}

async function freeSlug(db: Kysely<Database>, table: 'consultations' | 'organisations', wanted: string): Promise<string> {
  const taken = await db.selectFrom(table).select('slug').where('slug', '=', wanted).executeTakeFirst();
  return taken ? `${wanted}-${randomBytes(3).toString('hex')}` : wanted;
}

/**
 * Creates a consultation in draft, with its organisation, and makes its creator its strategist.
 * Nothing is public until the strategist opens the first phase.
 */
export async function createConsultation(
  db: Kysely<Database>,
  { organisationName, settings, creatorId }: { organisationName: string; settings: ConsultationSettings; creatorId: string },
): Promise<Consultation> {
  return db.transaction().execute(async (trx) => {
    const organisation = await trx
      .insertInto('organisations')
      .values({ slug: await freeSlug(trx, 'organisations', slugify(organisationName)), name: organisationName, primary_color: settings.primaryColor })
      .returning('id')
      .executeTakeFirstOrThrow();
    const question = settings.question[settings.defaultLanguage] ?? Object.values(settings.question)[0] ?? '';
    const consultation = await trx
      .insertInto('consultations')
      .values({
        organisation_id: organisation.id,
        slug: await freeSlug(trx, 'consultations', slugify(question)),
        ...settingsColumns(settings),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.insertInto('memberships').values({ consultation_id: consultation.id, user_id: creatorId, role: 'strategist' }).execute();
    return consultation;
  });
}

export async function updateConsultation(db: Kysely<Database>, consultation: Pick<Consultation, 'id' | 'organisation_id'>, settings: ConsultationSettings): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('consultations')
      .set({ ...settingsColumns(settings), updated_at: new Date() })
      .where('id', '=', consultation.id)
      .execute();
    await trx.updateTable('organisations').set({ primary_color: settings.primaryColor }).where('id', '=', consultation.organisation_id).execute();
  });
}

// ---- themes ------------------------------------------------------------------------------

/** Adds a theme, or a sub-theme under `parentId` (the database refuses a third level). */
export async function addTheme(db: Kysely<Database>, consultationId: string, { title, parentId }: { title: LocalizedText; parentId: string | null }): Promise<void> {
  const base = slugify(Object.values(title).find(Boolean) ?? 'theme');
  const taken = await db.selectFrom('themes').select('slug').where('consultation_id', '=', consultationId).where('slug', '=', base).executeTakeFirst();
  const last = await db
    .selectFrom('themes')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('consultation_id', '=', consultationId)
    .where(parentId ? (eb) => eb('parent_id', '=', parentId) : (eb) => eb('parent_id', 'is', null))
    .executeTakeFirst();
  await db
    .insertInto('themes')
    .values({
      consultation_id: consultationId,
      parent_id: parentId,
      slug: taken ? `${base}-${randomBytes(2).toString('hex')}` : base,
      title,
      position: (last?.position ?? -1) + 1,
    })
    .execute();
}

export async function removeTheme(db: Kysely<Database>, consultationId: string, themeId: string): Promise<void> {
  await db.deleteFrom('themes').where('id', '=', themeId).where('consultation_id', '=', consultationId).execute();
}

// ---- phases, dates and modules -------------------------------------------------------------

export interface PhasePlan {
  phase: Phase;
  opensAt: Date | null;
  closesAt: Date | null;
}

/** Chooses the phases a consultation uses, in the canonical order, with their scheduled dates. */
export async function setPhasePlan(db: Kysely<Database>, consultationId: string, plan: PhasePlan[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('consultations').set({ phases: plan.map((p) => p.phase), updated_at: new Date() }).where('id', '=', consultationId).execute();
    await trx.deleteFrom('phase_schedules').where('consultation_id', '=', consultationId).execute();
    if (plan.length > 0) {
      await trx
        .insertInto('phase_schedules')
        .values(plan.map((p) => ({ consultation_id: consultationId, phase: p.phase, opens_at: p.opensAt, closes_at: p.closesAt })))
        .execute();
    }
  });
}

/** Adds a module instance to a phase; its configuration was validated against the module's schema. */
export async function addModuleInstance(
  db: Kysely<Database>,
  consultationId: string,
  { phase, kind, config, themeId }: { phase: Phase; kind: string; config: unknown; themeId: string | null },
): Promise<void> {
  const last = await db
    .selectFrom('module_instances')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('consultation_id', '=', consultationId)
    .where('phase', '=', phase)
    .executeTakeFirst();
  await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase, kind, config: JSON.stringify(config), theme_id: themeId, position: (last?.position ?? -1) + 1 })
    .execute();
}

export async function removeModuleInstance(db: Kysely<Database>, consultationId: string, instanceId: string): Promise<void> {
  await db.deleteFrom('module_instances').where('id', '=', instanceId).where('consultation_id', '=', consultationId).execute();
}
