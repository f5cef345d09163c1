import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { startSession } from '../../platform/auth/accounts.server';
import type { AnonymityPolicy, Database, ModerationPolicy } from '../../platform/db/schema';
import type { LifecycleState, Phase } from '../../platform/phases';
import type { ConsultationRole } from '../../platform/roles';
import type { RunningApp } from '../../test/app';
import type { ThreadPageData } from './thread-data';
import type { PostView } from '../../platform/contributions/post-state';

/*
 * Test data for the thread module: a consultation with a thread, the people who take part, and
 * a client that speaks to the thread through the real HTTP routes, as a browser's fetcher does.
 */

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export interface TestConsultation {
  id: string;
  slug: string;
}

/** A consultation of its own (so that tests do not share one), open in `lifecycleState`. */
export async function createConsultation(
  db: Kysely<Database>,
  {
    lifecycleState = 'ideation',
    moderation = 'post',
    anonymity = 'forbidden',
    phases = ['appropriation', 'ideation', 'deepening', 'prioritisation'],
  }: { lifecycleState?: LifecycleState; moderation?: ModerationPolicy; anonymity?: AnonymityPolicy; phases?: Phase[] } = {},
): Promise<TestConsultation> {
  const organisation = await db.insertInto('organisations').values({ slug: unique('org'), name: 'Ville de Lyon' }).returning('id').executeTakeFirstOrThrow();
  const slug = unique('culture-pour-tous');
  const { id } = await db
    .insertInto('consultations')
    .values({
      organisation_id: organisation.id,
      slug,
      question: { fr: 'Comment rendre la culture accessible à tous ?', en: 'How can we make culture accessible to everyone?' },
      languages: ['fr', 'en'],
      default_language: 'fr',
      moderation,
      anonymity,
      lifecycle_state: lifecycleState,
      phases,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, slug };
}

/** A thread module instance of the consultation, in `phase`. */
export async function createThread(db: Kysely<Database>, consultationId: string, { phase = 'ideation', title = {} }: { phase?: Phase; title?: Record<string, string> } = {}): Promise<string> {
  const { id } = await db
    .insertInto('module_instances')
    .values({ consultation_id: consultationId, phase, kind: 'thread', config: JSON.stringify({ title }), theme_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface Person {
  id: string;
  name: string;
  /** The `Cookie` header of a signed-in browser. */
  cookie: string;
}

/** Someone with an account (or pseudonymous) holding `roles` in the consultation, signed in. */
export async function createPerson(
  db: Kysely<Database>,
  app: RunningApp,
  { consultationId, roles = ['participant'], name = unique('Camille'), anonymous = false }: { consultationId?: string; roles?: ConsultationRole[]; name?: string; anonymous?: boolean } = {},
): Promise<Person> {
  const { id } = await db
    .insertInto('users')
    .values({ email: anonymous ? null : `${name.toLowerCase().replace(/[^a-z0-9-]/g, '')}-${randomBytes(3).toString('hex')}@example.org`, display_name: name, is_anonymous: anonymous })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (consultationId && roles.length > 0) {
    await db
      .insertInto('memberships')
      .values(roles.map((role) => ({ consultation_id: consultationId, user_id: id, role })))
      .execute();
  }
  const cookie = (await app.services.sessionCookie.serialize(await startSession(db, id, 'thread test'))).split(';')[0]!;
  return { id, name, cookie };
}

/** What the module route answers to an action (`?_data=`, as Remix fetchers ask). */
export interface ActionAnswer<Result = Record<string, unknown>> {
  status: number;
  ok: boolean;
  result: Result;
  errors: Record<string, string>;
}

/** The route id of a module instance's page, for Remix's `?_data=` requests. */
export const modulePageRoute = 'routes/consultations.$slug.modules.$instanceId';
export const moduleChangesRoute = 'routes/consultations.$slug.modules.$instanceId.changes';

/** A browser's view of one thread, through the real HTTP routes. */
export function threadClient(app: RunningApp, slug: string, instanceId: string) {
  const path = `/consultations/${slug}/modules/${instanceId}`;
  const headers = (person: Person | null) => ({ Origin: app.url, 'Accept-Language': 'en', ...(person ? { Cookie: person.cookie } : {}) });

  async function act<Result = Record<string, unknown>>(person: Person | null, intent: string, fields: Record<string, string> = {}): Promise<ActionAnswer<Result>> {
    const response = await fetch(`${app.url}${path}?_data=${encodeURIComponent(modulePageRoute)}`, {
      method: 'POST',
      headers: headers(person),
      body: new URLSearchParams({ intent, ...fields }),
      redirect: 'manual',
    });
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('application/json')) return { status: response.status, ok: false, result: {} as Result, errors: { response: (await response.text()).slice(0, 200) } };
    const body = (await response.json()) as { ok: boolean; result?: Result; errors?: Record<string, string> };
    return { status: response.status, ok: body.ok, result: body.result ?? ({} as Result), errors: body.errors ?? {} };
  }

  return {
    path,
    act,
    /** Writes a post (or a reply to `parentId`); fails the test when it is refused. */
    async post(person: Person, body: string, parentId?: string): Promise<string> {
      const answer = await act<{ postId: string }>(person, 'post', { body, ...(parentId ? { parentId } : {}) });
      if (answer.status !== 200) throw new Error(`posting was refused (${answer.status}): ${JSON.stringify(answer.errors)}`);
      return answer.result.postId;
    },
    /** The thread page's data, as its loader gives it. */
    async read(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; page: ThreadPageData }> {
      const search = new URLSearchParams({ ...query, _data: modulePageRoute });
      const response = await fetch(`${app.url}${path}?${search}`, { headers: headers(person), redirect: 'manual' });
      if (response.status !== 200) return { status: response.status, page: null as unknown as ThreadPageData };
      const data = (await response.json()) as { module: { page: ThreadPageData } };
      return { status: response.status, page: data.module.page };
    },
    /** The page as a browser loads it (HTML). */
    async html(person: Person | null, query: Record<string, string> = {}): Promise<{ status: number; html: string }> {
      const response = await fetch(`${app.url}${path}?${new URLSearchParams(query)}`, { headers: headers(person), redirect: 'manual' });
      return { status: response.status, html: await response.text() };
    },
    /** What changed after `since`, as a client coming back online asks for it. */
    async changes(person: Person | null, since: string): Promise<{ status: number; posts: PostView[]; latest: string; complete: boolean }> {
      const response = await fetch(`${app.url}${path}/changes?since=${encodeURIComponent(since)}`, { headers: headers(person), redirect: 'manual' });
      if (response.status !== 200) return { status: response.status, posts: [], latest: since, complete: false };
      return { status: response.status, ...((await response.json()) as { posts: PostView[]; latest: string; complete: boolean }) };
    },
  };
}

export type ThreadClient = ReturnType<typeof threadClient>;

/** A TipTap document of plain paragraphs, as the editor sends it. */
export function paragraphs(...texts: string[]): string {
  return JSON.stringify({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) });
}

/** A TipTap document of one paragraph holding `content` (text nodes with marks…). */
export function docOf(...content: unknown[]): string {
  return JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content }] });
}
