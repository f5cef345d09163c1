import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { startSession } from '../../platform/auth/accounts.server';
import type { Database, SegmentField } from '../../platform/db/schema';
import type { LifecycleState } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import { defaultTokenVoteConfig, type TokenVoteConfig } from './manifest';
import type { Ballot, TokenVotePageData } from './token-vote-data';

/*
 * Test data for the token-vote module: a consultation in prioritisation with ideas and an
 * instance, the people who take part, and a client that speaks to the module through the real
 * HTTP routes, as a browser's fetchers do.
 */

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Person {
  id: string;
  name: string;
  cookie: string;
}

export interface Prioritisation {
  consultationId: string;
  slug: string;
  instanceId: string;
  /** Ideas voted on, then one left out of the vote. */
  ideas: { fiscal: string; blank: string; transport: string; leftOut: string };
  /** Somebody with these roles (a participant by default), with a session; `segments` as they consented to give them. */
  person(roles?: ConsultationRole[], options?: { name?: string; segments?: Partial<Record<SegmentField, string>>; source?: string }): Promise<Person>;
  /** Writes another configuration straight into the instance (what the settings form would save). */
  configure(config: Partial<TokenVoteConfig>): Promise<void>;
  /** Moves the consultation to another state (the phase closing…), as the lifecycle would. */
  moveTo(state: LifecycleState): Promise<void>;
}

/**
 * A consultation in `lifecycleState` (prioritisation by default) with four ideas and a token-vote
 * instance on the first three, with the default categories (a: 5 tokens "for", at most 3 per
 * item; b: 3 tokens "against", at most 1 per item; a and b exclusive) unless `config` says otherwise.
 */
export async function openPrioritisation(
  db: Kysely<Database>,
  app: RunningApp,
  { lifecycleState = 'prioritisation', config = {} }: { lifecycleState?: LifecycleState; config?: Partial<TokenVoteConfig> } = {},
): Promise<Prioritisation> {
  const organisation = await db.insertInto('organisations').values({ slug: unique('org'), name: 'Ville de Lyon' }).returning('id').executeTakeFirstOrThrow();
  const slug = unique('debat');
  const { id: consultationId } = await db
    .insertInto('consultations')
    .values({
      organisation_id: organisation.id,
      slug,
      question: { fr: 'Comment transformer la France ensemble ?', en: 'How do we change France together?' },
      languages: ['fr', 'en'],
      default_language: 'fr',
      moderation: 'post',
      anonymity: 'forbidden',
      lifecycle_state: lifecycleState,
      phases: ['ideation', 'deepening', 'prioritisation'],
      segment_fields: ['age_band', 'region'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const idea = async (title: string) =>
    (await db.insertInto('ideas').values({ consultation_id: consultationId, title, description: `${title}, en détail.` }).returning('id').executeTakeFirstOrThrow()).id;
  const ideas = {
    fiscal: await idea('Renforcer le contrôle fiscal'),
    blank: await idea('Compter le vote blanc'),
    transport: await idea('Des transports gratuits'),
    leftOut: await idea('Supprimer le Sénat'),
  };
  const items = [ideas.fiscal, ideas.blank, ideas.transport].map((id) => ({ kind: 'idea' as const, id }));
  const { id: instanceId } = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase: 'prioritisation', kind: 'token-vote', config: JSON.stringify({ ...defaultTokenVoteConfig, items, ...config }), theme_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    consultationId,
    slug,
    instanceId,
    ideas,
    person: (roles = ['participant'], options = {}) => createPerson(db, app, consultationId, roles, options),
    async configure(next) {
      const { config: current } = await db.selectFrom('module_instances').select('config').where('id', '=', instanceId).executeTakeFirstOrThrow();
      await db
        .updateTable('module_instances')
        .set({ config: JSON.stringify({ ...(current as TokenVoteConfig), ...next }) })
        .where('id', '=', instanceId)
        .execute();
    },
    async moveTo(state) {
      await db.updateTable('consultations').set({ lifecycle_state: state }).where('id', '=', consultationId).execute();
    },
  };
}

async function createPerson(
  db: Kysely<Database>,
  app: RunningApp,
  consultationId: string,
  roles: ConsultationRole[],
  { name = unique('Camille'), segments = {}, source }: { name?: string; segments?: Partial<Record<SegmentField, string>>; source?: string },
): Promise<Person> {
  const { id } = await db
    .insertInto('users')
    .values({ email: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}-${randomBytes(3).toString('hex')}@example.org`, display_name: name, is_anonymous: false })
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
  const cookie = (await app.services.sessionCookie.serialize(await startSession(db, id, 'token-vote test'))).split(';')[0]!;
  return { id, name, cookie };
}

const pageRoute = 'routes/consultations.$slug.modules.$instanceId';
const settingsRoute = 'routes/consultations.$slug.modules.$instanceId_.settings';

export interface Answer<Result> {
  status: number;
  ok: boolean;
  result: Result;
  errors: Record<string, string>;
}

/** A browser's view of one token-vote instance, through the real HTTP routes. */
export function tokenVoteClient(app: RunningApp, slug: string, instanceId: string) {
  const path = `/consultations/${slug}/modules/${instanceId}`;
  const headers = (person: Person | null) => ({ Origin: app.url, 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) });

  async function act<Result = Ballot>(person: Person | null, intent: string, fields: Record<string, string> = {}): Promise<Answer<Result>> {
    const response = await fetch(`${app.url}${path}?_data=${encodeURIComponent(pageRoute)}`, { method: 'POST', headers: headers(person), body: new URLSearchParams({ intent, ...fields }), redirect: 'manual' });
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) return { status: response.status, ok: false, result: {} as Result, errors: { response: (await response.text()).slice(0, 200) } };
    const body = (await response.json()) as { ok: boolean; result?: Result; errors?: Record<string, string> };
    return { status: response.status, ok: body.ok, result: body.result ?? ({} as Result), errors: body.errors ?? {} };
  }

  return {
    path,
    act,
    /** Adds (or removes) one token of `category` on an item: the voting screen's + and − buttons. */
    tokens: (person: Person | null, itemId: string, category: string, op: 'add' | 'remove' = 'add') => act(person, 'tokens', { itemId, category, op }),
    /** Answers a gauge of an item ('' withdraws the answer). */
    gauge: (person: Person | null, itemId: string, gauge: string, value: string) => act(person, 'gauge', { itemId, gauge, value }),
    async read(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; page: TokenVotePageData }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams({ ...query, _data: pageRoute })}`, { headers: headers(person), redirect: 'manual' });
      if (response.status !== 200) return { status: response.status, page: null as unknown as TokenVotePageData };
      return { status: 200, page: ((await response.json()) as { module: { page: TokenVotePageData } }).module.page };
    },
    async html(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; html: string }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    },
    /** The results as CSV (`/export`), with the query the results page links with. */
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
    async settings(person: Person | null): Promise<{ status: number; data: { settings: { config: TokenVoteConfig; data: unknown } } | null }> {
      const response = await fetch(`${app.url}${path}/settings?_data=${encodeURIComponent(settingsRoute)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, data: response.status === 200 ? await response.json() : null };
    },
  };
}
