import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { startSession } from '../../platform/auth/accounts.server';
import type { Database, ModerationPolicy } from '../../platform/db/schema';
import type { LifecycleState } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import { defaultTwoColumnConfig, type TwoColumnConfig } from './manifest';
import type { TwoColumnPageData } from './two-column-data';

/*
 * Test data for the two-column module: a consultation in deepening with ideas and an instance,
 * the people who take part, and a client that speaks to the module through the real HTTP
 * routes, as a browser's fetchers do.
 */

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface Person {
  id: string;
  name: string;
  cookie: string;
}

export interface Deepening {
  consultationId: string;
  slug: string;
  instanceId: string;
  /** Ideas chosen into the phase, then one left out. */
  ideas: { fiscal: string; blank: string; leftOut: string };
  person(roles?: ConsultationRole[], name?: string): Promise<Person>;
}

/** A consultation in `lifecycleState` (deepening by default) with three ideas and a two-column instance on the first two. */
export async function openDeepening(
  db: Kysely<Database>,
  app: RunningApp,
  { lifecycleState = 'deepening', moderation = 'post', config = {} }: { lifecycleState?: LifecycleState; moderation?: ModerationPolicy; config?: Partial<TwoColumnConfig> } = {},
): Promise<Deepening> {
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
      moderation,
      anonymity: 'forbidden',
      lifecycle_state: lifecycleState,
      phases: ['appropriation', 'ideation', 'deepening', 'prioritisation'],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const idea = async (title: string) =>
    (await db.insertInto('ideas').values({ consultation_id: consultationId, title, description: `${title}, en détail.` }).returning('id').executeTakeFirstOrThrow()).id;
  const ideas = { fiscal: await idea('Renforcer le contrôle fiscal'), blank: await idea('Compter le vote blanc'), leftOut: await idea('Supprimer le Sénat') };
  const { id: instanceId } = await db
    .insertInto('module_instances')
    .values({
      consultation_id: consultationId,
      phase: 'deepening',
      kind: 'two-column',
      config: JSON.stringify({ ...defaultTwoColumnConfig, ideaIds: [ideas.fiscal, ideas.blank], ...config }),
      theme_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    consultationId,
    slug,
    instanceId,
    ideas,
    person: (roles = ['participant'], name = unique('Camille')) => createPerson(db, app, consultationId, roles, name),
  };
}

async function createPerson(db: Kysely<Database>, app: RunningApp, consultationId: string, roles: ConsultationRole[], name: string): Promise<Person> {
  const { id } = await db
    .insertInto('users')
    .values({ email: `${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}-${randomBytes(3).toString('hex')}@example.org`, display_name: name, is_anonymous: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (roles.length > 0) await db.insertInto('memberships').values(roles.map((role) => ({ consultation_id: consultationId, user_id: id, role }))).execute();
  const cookie = (await app.services.sessionCookie.serialize(await startSession(db, id, 'two-column test'))).split(';')[0]!;
  return { id, name, cookie };
}

const pageRoute = 'routes/consultations.$slug.modules.$instanceId';
const settingsRoute = 'routes/consultations.$slug.modules.$instanceId_.settings';

export interface Answer<Result = Record<string, unknown>> {
  status: number;
  ok: boolean;
  result: Result;
  errors: Record<string, string>;
}

/** A browser's view of one two-column instance, through the real HTTP routes. */
export function twoColumnClient(app: RunningApp, slug: string, instanceId: string) {
  const path = `/consultations/${slug}/modules/${instanceId}`;
  const headers = (person: Person | null) => ({ Origin: app.url, 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) });

  async function act<Result = Record<string, unknown>>(person: Person | null, intent: string, fields: Record<string, string> = {}): Promise<Answer<Result>> {
    const response = await fetch(`${app.url}${path}?_data=${encodeURIComponent(pageRoute)}`, { method: 'POST', headers: headers(person), body: new URLSearchParams({ intent, ...fields }), redirect: 'manual' });
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) return { status: response.status, ok: false, result: {} as Result, errors: { response: (await response.text()).slice(0, 200) } };
    const body = (await response.json()) as { ok: boolean; result?: Result; errors?: Record<string, string> };
    return { status: response.status, ok: body.ok, result: body.result ?? ({} as Result), errors: body.errors ?? {} };
  }

  return {
    path,
    act,
    /** An argument (or a reply); fails the test when it is refused. */
    async argue(person: Person, ideaId: string, column: string, body: string, parentId?: string): Promise<string> {
      const answer = await act<{ postId: string }>(person, 'argue', { ideaId, column, body, ...(parentId ? { parentId } : {}) });
      if (answer.status !== 200) throw new Error(`arguing was refused (${answer.status}): ${JSON.stringify(answer.errors)}`);
      return answer.result.postId;
    },
    async read(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; page: TwoColumnPageData }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams({ ...query, _data: pageRoute })}`, { headers: headers(person), redirect: 'manual' });
      if (response.status !== 200) return { status: response.status, page: null as unknown as TwoColumnPageData };
      return { status: 200, page: ((await response.json()) as { module: { page: TwoColumnPageData } }).module.page };
    },
    async html(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; html: string }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    },
    /** Saves the settings form as a strategist's browser sends it (`fields` may repeat names). */
    async saveSettings(person: Person | null, fields: [string, string][]): Promise<{ status: number; saved: boolean; errors: Record<string, string> }> {
      const response = await fetch(`${app.url}${path}/settings?_data=${encodeURIComponent(settingsRoute)}`, { method: 'POST', headers: headers(person), body: new URLSearchParams(fields), redirect: 'manual' });
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) return { status: response.status, saved: false, errors: {} };
      const body = (await response.json()) as { saved: boolean; errors: Record<string, string> };
      return { status: response.status, ...body };
    },
    async settings(person: Person | null): Promise<{ status: number; data: { settings: { config: TwoColumnConfig; data: { ideas: { id: string; title: string; extracts: number }[]; columnsInUse: string[] } } } }> {
      const response = await fetch(`${app.url}${path}/settings?_data=${encodeURIComponent(settingsRoute)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, data: response.status === 200 ? await response.json() : null };
    },
  };
}

/** The settings form's fields for these columns, ideas and order. */
export function settingsFields(columns: { key: string; fr?: string; en?: string; color: string }[], ideaIds: string[], sort = 'upvotes'): [string, string][] {
  return [
    ...columns.flatMap((column): [string, string][] => [
      ['column', column.key],
      [`label_${column.key}_fr`, column.fr ?? ''],
      [`label_${column.key}_en`, column.en ?? ''],
      [`color_${column.key}`, column.color],
    ]),
    ...ideaIds.map((id): [string, string] => ['ideaIds', id]),
    ['sort', sort],
  ];
}
