import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { startSession } from '../platform/auth/accounts.server';
import type { Insertable } from 'kysely';
import type { ConsultationsTable, Database, SegmentField } from '../platform/db/schema';
import type { LifecycleState } from '../platform/phases';
import type { ConsultationRole } from '../platform/roles';
import type { RunningApp } from './app';

/*
 * What every module's tests need: people with a session in a consultation, and a client that
 * speaks to a module instance through the real HTTP routes, as a browser's fetchers do. Each
 * module's test-factories.ts builds its own scene (a consultation in the right phase, its
 * instance) on top of these.
 */

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/**
 * A consultation of its own organisation, asking its question in French and English (French
 * first), post-moderated, accounts only, unless `values` say otherwise.
 */
export async function createTestConsultation(
  db: Kysely<Database>,
  values: Partial<Omit<Insertable<ConsultationsTable>, 'organisation_id'>> & { organisationName?: string } = {},
): Promise<{ consultationId: string; slug: string }> {
  const { organisationName = 'Ville de Lyon', ...consultation } = values;
  const organisation = await db.insertInto('organisations').values({ slug: unique('org'), name: organisationName }).returning('id').executeTakeFirstOrThrow();
  const slug = consultation.slug ?? unique('debat');
  const { id } = await db
    .insertInto('consultations')
    .values({
      question: { fr: 'Comment transformer la France ensemble ?', en: 'How do we change France together?' },
      languages: ['fr', 'en'],
      default_language: 'fr',
      moderation: 'post',
      anonymity: 'forbidden',
      ...consultation,
      organisation_id: organisation.id,
      slug,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { consultationId: id, slug };
}

/** Writes configuration fields straight into a module instance (what its settings form would save). */
export async function configureInstance(db: Kysely<Database>, instanceId: string, next: Record<string, unknown>): Promise<void> {
  const { config: current } = await db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow();
  await db
    .updateTable('module_instances')
    .set({ config: JSON.stringify({ ...(current as Record<string, unknown>), ...next }) })
    .where('id', '=', instanceId)
    .execute();
}

/** Moves a consultation to another lifecycle state (its phase closing…), as the lifecycle would. */
export async function moveConsultationTo(db: Kysely<Database>, consultationId: string, state: LifecycleState): Promise<void> {
  await db.updateTable('consultations').set({ lifecycle_state: state }).where('id', '=', consultationId).execute();
}

export interface Person {
  id: string;
  name: string;
  cookie: string;
}

export interface PersonOptions {
  name?: string;
  /** Segment answers the person consented to give. */
  segments?: Partial<Record<SegmentField, string>>;
  /** The campaign they were recruited by (?src=…). */
  source?: string;
  /** A pseudonym, without e-mail address. */
  anonymous?: boolean;
}

/** Somebody with these roles in the consultation (none: signed in, not a member), with a session cookie. */
export async function createPerson(db: Kysely<Database>, app: RunningApp, consultationId: string, roles: ConsultationRole[], options: PersonOptions = {}): Promise<Person> {
  const { name = unique('Camille'), segments = {}, source, anonymous = false } = options;
  const { id } = await db
    .insertInto('users')
    .values({
      email: anonymous ? null : `${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}-${randomBytes(3).toString('hex')}@example.org`,
      display_name: name,
      is_anonymous: anonymous,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (roles.length > 0) await db.insertInto('memberships').values(roles.map((role) => ({ consultation_id: consultationId, user_id: id, role, source: source ?? null }))).execute();
  const answers = Object.entries(segments);
  if (answers.length > 0) {
    await db
      .insertInto('participant_segments')
      .values(answers.map(([field, value]) => ({ consultation_id: consultationId, user_id: id, field: field as SegmentField, value: value!, consented_at: new Date() })))
      .execute();
  }
  const cookie = (await app.services.sessionCookie.serialize(await startSession(db, id, 'module test'))).split(';')[0]!;
  return { id, name, cookie };
}

const pageRoute = 'routes/consultations.$slug.modules.$instanceId';
const settingsRoute = 'routes/consultations.$slug.modules.$instanceId_.settings';

/** A module action's JSON answer. */
export interface Answer<Result> {
  status: number;
  ok: boolean;
  result: Result;
  errors: Record<string, string>;
}

/**
 * A browser's view of one module instance, through the real HTTP routes, reading the interface
 * in `language` (English by default): its actions, its page (as data or HTML), its CSV download
 * and its settings.
 */
export function moduleClient<PageData, Config>(app: RunningApp, slug: string, instanceId: string, { language = 'en' }: { language?: string } = {}) {
  const path = `/consultations/${slug}/modules/${instanceId}`;
  const headers = (person: Person | null) => ({ Origin: app.url, 'Accept-Language': language, ...(person ? { Cookie: person.cookie } : {}) });

  async function act<Result = Record<string, unknown>>(person: Person | null, intent: string, fields: Record<string, string> = {}): Promise<Answer<Result>> {
    const response = await fetch(`${app.url}${path}?_data=${encodeURIComponent(pageRoute)}`, { method: 'POST', headers: headers(person), body: new URLSearchParams({ intent, ...fields }), redirect: 'manual' });
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) return { status: response.status, ok: false, result: {} as Result, errors: { response: (await response.text()).slice(0, 200) } };
    const body = (await response.json()) as { ok: boolean; result?: Result; errors?: Record<string, string> };
    return { status: response.status, ok: body.ok, result: body.result ?? ({} as Result), errors: body.errors ?? {} };
  }

  return {
    path,
    act,
    async read(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; page: PageData }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams({ ...query, _data: pageRoute })}`, { headers: headers(person), redirect: 'manual' });
      if (response.status !== 200) return { status: response.status, page: null as unknown as PageData };
      return { status: 200, page: ((await response.json()) as { module: { page: PageData } }).module.page };
    },
    async html(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; html: string }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    },
    /** The module's CSV download (`/export`), with the query its page links with. */
    async download(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; type: string; text: string }> {
      const response = await fetch(`${app.url}${path}/export?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
    },
    /** Saves the settings form as a strategist's browser sends it (`fields` may repeat names). */
    async saveSettings(person: Person | null, fields: [string, string][]): Promise<{ status: number; saved: boolean; errors: Record<string, string> }> {
      const response = await fetch(`${app.url}${path}/settings?_data=${encodeURIComponent(settingsRoute)}`, { method: 'POST', headers: headers(person), body: new URLSearchParams(fields), redirect: 'manual' });
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) return { status: response.status, saved: false, errors: {} };
      const body = (await response.json()) as { saved: boolean; errors: Record<string, string> };
      return { status: response.status, ...body };
    },
    async settings<SettingsData = unknown>(person: Person | null): Promise<{ status: number; data: { settings: { config: Config; data: SettingsData } } | null }> {
      const response = await fetch(`${app.url}${path}/settings?_data=${encodeURIComponent(settingsRoute)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, data: response.status === 200 ? await response.json() : null };
    },
  };
}
