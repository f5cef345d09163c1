import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, PostStatus, ReactionKind } from '../db/schema';
import { extractNatures, extractNextSteps, reactionKinds } from '../db/schema';
import { createIdea, extractsOfPosts, ideaExists, ideasOf, insertExtract } from '../ideas/ideas.server';
import type { ModerationDecision, ModerationItem, ModuleContext } from '../modules/server';
import { isUuid } from '../modules/form';
import { refuse } from '../modules/errors';
import { can, type Actor } from '../policy';
import { containsPassage, normaliseQuote, parseRichText, renderRichText, renderWithPassages } from '../rich-text/rich-text.server';
import type { RichTextDoc } from '../rich-text/extensions';
import { type Catching, type PostView, type PostViewer, type PostWindow } from './post-state';

/*
 * Posts: every module's contributions (a thread's posts, answers to open questions, arguments in
 * columns) and replies to them, scoped by module instance and, within it, by topic. Writing, editing, deleting, reacting, reporting, moderating and catching
 * passages, and reading a thread of any size one window at a time. Every write commits, then
 * tells the thread's room (`post:changed`, carrying the post as everyone may see it).
 */

type Context = ModuleContext<unknown>;
type Db = Kysely<Database> | Transaction<Database>;

/** The longest post, in characters of text (about four pages). */
export const maxPostChars = 10_000;
/** Replies nest to any depth a conversation reaches; this bound only keeps the reading order indexable. */
export const maxDepth = 150;
export const pageSize = 50;
const orderWidth = 12;

export const postChanged = 'post:changed';

const isModerator = (context: Context) => can(context.actor, 'consultation.moderate', context.consultation);
const teamRoles = ['moderator', 'strategist', 'expert', 'idea_catcher', 'synthesizer'] as const;
const isTeam = (actor: Actor) => actor.isPlatformAdmin || teamRoles.some((role) => actor.roles.has(role));

function requireSignedIn(actor: Actor): string {
  return actor.userId ?? refuse('form', 'signInNeeded', 403);
}

// ---------------------------------------------------------------------------------------------
// Reading

/**
 * Which posts a reader sees: published ones, and the placeholders of hidden and deleted posts
 * that others had seen (a post refused before publication leaves no trace); all their own
 * posts, awaiting moderation or not; everything if they moderate.
 */
function visibleTo(context: Context) {
  const moderator = isModerator(context);
  const userId = context.actor.userId;
  return (eb: ExpressionBuilder<Database, 'posts'>) => {
    if (moderator) return eb.val(true);
    const seenByOthers = eb.or([eb('posts.status', '=', 'published'), eb('posts.published_at', 'is not', null)]);
    return userId ? eb.or([seenByOthers, eb('posts.author_id', '=', userId)]) : seenByOthers;
  };
}

const postColumns = [
  'posts.id',
  'posts.parent_id',
  'posts.topic',
  'posts.language',
  'posts.depth',
  'posts.seq',
  'posts.sort_path',
  'posts.change_seq',
  'posts.status',
  'posts.body_html',
  'posts.hidden_reason',
  'posts.author_id',
  'posts.created_at',
  'posts.edited_at',
  'users.display_name',
  'users.pseudonym',
  'users.is_anonymous',
] as const;

function postQuery(db: Db, instanceId: string) {
  return db.selectFrom('posts').innerJoin('users', 'users.id', 'posts.author_id').select(postColumns).where('posts.instance_id', '=', instanceId);
}

type PostRow = Awaited<ReturnType<ReturnType<typeof postQuery>['execute']>>[number];

/** The posts as everyone may see them, with reactions, experts' badges, history and caught passages. */
export async function toViews(db: Db, consultationId: string, rows: PostRow[]): Promise<PostView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const authorIds = [...new Set(rows.map((row) => row.author_id))];
  const [reactions, experts, revisions, extracts] = await Promise.all([
    db.selectFrom('post_reactions').select(['post_id', 'kind', (eb) => eb.fn.countAll<string>().as('count')]).where('post_id', 'in', ids).groupBy(['post_id', 'kind']).execute(),
    db.selectFrom('memberships').select('user_id').where('consultation_id', '=', consultationId).where('role', '=', 'expert').where('user_id', 'in', authorIds).execute(),
    db.selectFrom('post_revisions').select(['post_id', (eb) => eb.fn.countAll<string>().as('count')]).where('post_id', 'in', ids).groupBy('post_id').execute(),
    extractsOfPosts(db, ids),
  ]);
  const expertIds = new Set(experts.map((row) => row.user_id));
  return rows.map((row) => {
    const gone = row.status === 'hidden' || row.status === 'deleted';
    const counts = Object.fromEntries(reactionKinds.map((kind) => [kind, 0])) as Record<ReactionKind, number>;
    for (const reaction of reactions) if (reaction.post_id === row.id) counts[reaction.kind] = Number(reaction.count);
    return {
      id: row.id,
      parentId: row.parent_id,
      topic: row.topic === '' ? null : row.topic,
      language: row.language,
      depth: row.depth,
      seq: String(row.seq),
      sortPath: row.sort_path,
      changeSeq: String(row.change_seq),
      status: row.status,
      html: gone ? null : row.body_html,
      hiddenReason: row.status === 'hidden' ? row.hidden_reason : null,
      // A deleted or hidden post no longer speaks for anyone: its author's name goes with its words.
      author:
        gone
          ? null
          : { id: row.author_id, name: row.is_anonymous ? row.pseudonym : row.display_name, expert: expertIds.has(row.author_id) },
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at ? row.edited_at.toISOString() : null,
      revisions: Number(revisions.find((revision) => revision.post_id === row.id)?.count ?? 0),
      reactions: counts,
      caught: gone ? [] : extracts.filter((extract) => extract.post_id === row.id).map((extract) => ({ extractId: extract.id, ideaId: extract.idea_id, ideaTitle: extract.idea_title })),
    };
  });
}

async function postView(db: Db, context: Context, postId: string): Promise<PostView> {
  const rows = await postQuery(db, context.instance.id).where('posts.id', '=', postId).execute();
  const [view] = await toViews(db, context.consultation.id, rows);
  return view!;
}

/**
 * One window of the thread in reading order: from the start, after or before a place
 * (`after`/`before` are sort paths), or around a post someone links to (from its first-level
 * ancestor, so that the reader sees what it answers).
 */
export async function threadWindow(
  context: Context,
  place: { after?: string; before?: string; around?: string },
  topic: string | null = null,
): Promise<PostWindow & { focus: string | null }> {
  const { db, instance } = context;
  const inTopic = (eb: ExpressionBuilder<Database, 'posts'>) => eb('posts.topic', '=', topic ?? '');
  let from: string | null = place.after ?? null;
  let inclusive = false;
  let focus: string | null = null;
  let focusPath: string | null = null;
  if (place.around) {
    const target = await db
      .selectFrom('posts')
      .select(['id', 'sort_path'])
      .where('instance_id', '=', instance.id)
      .where(inTopic)
      .where('id', '=', place.around)
      .where(visibleTo(context))
      .executeTakeFirst();
    if (target) {
      focus = target.id;
      focusPath = target.sort_path;
      from = target.sort_path.slice(0, orderWidth);
      inclusive = true;
    }
  }
  let rows: PostRow[];
  if (place.before && !focus) {
    rows = (
      await postQuery(db, instance.id).where(inTopic).where(visibleTo(context)).where('posts.sort_path', '<', place.before).orderBy('posts.sort_path', 'desc').limit(pageSize).execute()
    ).reverse();
  } else {
    const windowFrom = (start: string | null, included: boolean) => {
      let query = postQuery(db, instance.id).where(inTopic).where(visibleTo(context));
      if (start !== null) query = query.where('posts.sort_path', included ? '>=' : '>', start);
      return query.orderBy('posts.sort_path').limit(pageSize).execute();
    };
    rows = await windowFrom(from, inclusive);
    // A reply deep in a long conversation may lie beyond one window from its ancestor: then the
    // window opens at the reply itself, so that the post the link points to is on the page.
    if (focus && !rows.some((row) => row.id === focus)) rows = await windowFrom(focusPath!, true);
  }
  const first = rows[0]?.sort_path;
  const last = rows.at(-1)?.sort_path;
  const [earlier, later] = await Promise.all([
    first === undefined
      ? Promise.resolve(undefined)
      : db.selectFrom('posts').select('id').where('instance_id', '=', instance.id).where(inTopic).where(visibleTo(context)).where('sort_path', '<', first).limit(1).executeTakeFirst(),
    last === undefined
      ? Promise.resolve(undefined)
      : db.selectFrom('posts').select('id').where('instance_id', '=', instance.id).where(inTopic).where(visibleTo(context)).where('sort_path', '>', last).limit(1).executeTakeFirst(),
  ]);
  return { posts: await toViews(db, context.consultation.id, rows), hasEarlier: Boolean(earlier), hasLater: Boolean(later), focus };
}

/**
 * Every post a reader may see in some topics of the instance, in reading order (replies right
 * after what they answer): for modules whose topics are small enough to read whole, such as
 * the columns of one idea. `limit` bounds what one page reads.
 */
export async function topicPosts(context: Context, topics: readonly string[], { limit = 1000 }: { limit?: number } = {}): Promise<PostView[]> {
  if (topics.length === 0) return [];
  const rows = await postQuery(context.db, context.instance.id)
    .where('posts.topic', 'in', topics)
    .where(visibleTo(context))
    .orderBy('posts.sort_path')
    .limit(limit)
    .execute();
  return toViews(context.db, context.consultation.id, rows);
}

/** How many published posts each topic of the instance holds, and by how many people. */
export async function topicStats(db: Db, instanceId: string): Promise<{ topic: string; posts: number; contributors: number }[]> {
  const rows = await db
    .selectFrom('posts')
    .select((eb) => ['topic', eb.fn.countAll<string>().as('posts'), eb.fn.count<string>('author_id').distinct().as('contributors')])
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'published')
    .where('topic', '!=', '')
    .groupBy('topic')
    .execute();
  return rows.map((row) => ({ topic: row.topic, posts: Number(row.posts), contributors: Number(row.contributors) }));
}

/**
 * What changed in the thread after `since` (a change counter), as everyone may see it: for a
 * client that was offline. Awaiting posts are left out, as in realtime events.
 */
export async function changesSince(context: Context, since: string): Promise<{ posts: PostView[]; latest: string; complete: boolean }> {
  const limit = 500;
  const after = /^\d{1,18}$/.test(since) ? since : '0';
  const rows = await postQuery(context.db, context.instance.id)
    .where('posts.published_at', 'is not', null)
    .where('posts.change_seq', '>', after)
    .orderBy('posts.change_seq')
    .limit(limit + 1)
    .execute();
  const complete = rows.length <= limit;
  const kept = rows.slice(0, limit);
  const latest = kept.length > 0 ? String(kept.at(-1)!.change_seq) : after;
  return { posts: await toViews(context.db, context.consultation.id, kept), latest, complete };
}

/** The highest change counter of a thread (where a freshly loaded page starts listening from). */
export async function latestOf(db: Db, instanceId: string): Promise<{ change: string; seq: string }> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => [eb.fn.max('change_seq').as('change'), eb.fn.max('seq').as('seq')])
    .where('instance_id', '=', instanceId)
    .executeTakeFirst();
  return { change: row?.change ? String(row.change) : '0', seq: row?.seq ? String(row.seq) : '0' };
}

export interface ThreadStats {
  posts: number;
  contributors: number;
  lastPostAt: string | null;
}

export async function threadStats(db: Db, instanceId: string): Promise<ThreadStats> {
  const row = await db
    .selectFrom('posts')
    .select((eb) => [eb.fn.countAll<string>().as('posts'), eb.fn.count<string>('author_id').distinct().as('contributors'), eb.fn.max('created_at').as('last')])
    .where('instance_id', '=', instanceId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  const last = row?.last as Date | string | null | undefined;
  return { posts: Number(row?.posts ?? 0), contributors: Number(row?.contributors ?? 0), lastPostAt: last ? new Date(last).toISOString() : null };
}

/** A reader who comes back within this time is still on the same visit. */
export const visitGapMs = 30 * 60 * 1000;

/**
 * What is new for this reader since their last visit, then records this visit. A visit lasts
 * while they keep reading (further windows, the reload after posting): what was new when it
 * began stays new until they leave for half an hour. Visitors and first visits have nothing
 * "new": everything is.
 */
export async function recordVisit(context: Context, now = new Date()): Promise<{ since: string | null; newPosts: number; firstNewId: string | null }> {
  const { db, actor, instance } = context;
  if (!actor.userId) return { since: null, newPosts: 0, firstNewId: null };
  const previous = await db
    .selectFrom('thread_visits')
    .select(['last_seen_seq', 'new_after_seq', 'visited_at'])
    .where('instance_id', '=', instance.id)
    .where('user_id', '=', actor.userId)
    .executeTakeFirst();
  const sameVisit = previous !== undefined && now.getTime() - previous.visited_at.getTime() < visitGapMs;
  const since = !previous ? null : sameVisit ? (previous.new_after_seq === null ? null : String(previous.new_after_seq)) : String(previous.last_seen_seq);
  const top = await db.selectFrom('posts').select((eb) => eb.fn.max('seq').as('top')).where('instance_id', '=', instance.id).executeTakeFirst();
  const seen = top?.top ? String(top.top) : '0';
  await db
    .insertInto('thread_visits')
    .values({ instance_id: instance.id, user_id: actor.userId, last_seen_seq: seen, new_after_seq: since, visited_at: now })
    .onConflict((oc) => oc.columns(['instance_id', 'user_id']).doUpdateSet({ last_seen_seq: seen, new_after_seq: since, visited_at: now }))
    .execute();
  if (since === null) return { since, newPosts: 0, firstNewId: null };
  const fresh = db
    .selectFrom('posts')
    .where('instance_id', '=', instance.id)
    .where('status', '=', 'published')
    .where('seq', '>', since)
    .where('author_id', '!=', actor.userId);
  const [count, first] = await Promise.all([
    fresh.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirst(),
    fresh.select('id').orderBy('seq').limit(1).executeTakeFirst(),
  ]);
  return { since, newPosts: Number(count?.count ?? 0), firstNewId: first?.id ?? null };
}

/** The reactions this reader gave to some posts. */
export async function reactionsOf(db: Db, userId: string | null, postIds: readonly string[]): Promise<Record<string, ReactionKind[]>> {
  if (!userId || postIds.length === 0) return {};
  const rows = await db.selectFrom('post_reactions').select(['post_id', 'kind']).where('user_id', '=', userId).where('post_id', 'in', postIds).execute();
  const mine: Record<string, ReactionKind[]> = {};
  for (const row of rows) (mine[row.post_id] ??= []).push(row.kind);
  return mine;
}

/** Earlier versions of a post, newest first (only for visible, published posts). */
export async function revisionsOf(context: Context, postId: string) {
  const post = await context.db.selectFrom('posts').select('status').where('id', '=', postId).where('instance_id', '=', context.instance.id).executeTakeFirst();
  if (!post || post.status !== 'published') return [];
  const rows = await context.db.selectFrom('post_revisions').select(['id', 'body_html', 'written_at']).where('post_id', '=', postId).orderBy('written_at', 'desc').execute();
  return rows.map((row) => ({ id: row.id, html: row.body_html, writtenAt: row.written_at.toISOString() }));
}

// ---------------------------------------------------------------------------------------------
// Writing

const optionalId = (field: string, value: FormDataEntryValue | null): string | null => {
  if (value === null || value === '') return null;
  return typeof value === 'string' && isUuid(value) ? value : refuse(field, 'unknown', 404);
};
const requiredId = (field: string, value: FormDataEntryValue | null): string => optionalId(field, value) ?? refuse(field, 'unknown', 404);

function parseBody(value: FormDataEntryValue | null): { doc: RichTextDoc; text: string } {
  const parsed = parseRichText(typeof value === 'string' ? value : null, { maxChars: maxPostChars });
  if (!parsed.ok) refuse('body', `body.${parsed.error}`);
  return parsed as { ok: true; doc: RichTextDoc; text: string };
}

async function lockPost(trx: Transaction<Database>, context: Context, postId: string) {
  const post = await trx.selectFrom('posts').selectAll().where('id', '=', postId).where('instance_id', '=', context.instance.id).forUpdate().executeTakeFirst();
  return post ?? refuse('postId', 'unknown', 404);
}

async function emitPost(context: Context, postId: string): Promise<void> {
  context.emit(postChanged, await postView(context.db, context, postId));
}

const nextChange = sql<string>`nextval('post_changes')`;

/** HTML of a post with its caught passages marked. */
async function renderPost(db: Db, postId: string, doc: RichTextDoc): Promise<string> {
  const passages = await db.selectFrom('extracts').select(['id', 'quote']).where('post_id', '=', postId).orderBy('created_at').execute();
  return passages.length === 0 ? renderRichText(doc) : renderWithPassages(doc, passages).html;
}

/**
 * A new post, or a reply to `parentId`. In a pre-moderated consultation a participant's post
 * waits for a moderator (its author sees it as such); the team's posts are published at once.
 */
export async function writePost(
  context: Context,
  form: FormData,
  {
    topic = null,
    onePerAuthor,
  }: {
    topic?: string | null;
    /** When each person may write only one post in the topic (an answer): the error code for a second. */
    onePerAuthor?: string;
  } = {},
): Promise<{ postId: string; status: PostStatus }> {
  const { db, actor, consultation, instance } = context;
  if (!can(actor, 'contributions.post', consultation)) refuse('form', 'notAllowed', 403);
  const authorId = requireSignedIn(actor);
  const body = parseBody(form.get('body'));
  const parentId = optionalId('parentId', form.get('parentId'));
  // The team (moderators, experts, idea catchers…) speaks for the consultation: not held back.
  const moderatedFirst = consultation.moderation === 'pre' && !isTeam(actor);
  const status: PostStatus = moderatedFirst ? 'awaiting' : 'published';

  const postId = await db.transaction().execute(async (trx) => {
    if (onePerAuthor) {
      // Two submissions at the same moment take turns here, so the second sees the first.
      await sql`select pg_advisory_xact_lock(hashtext(${`${instance.id}/${topic ?? ''}/${authorId}`}))`.execute(trx);
      const mine = await trx
        .selectFrom('posts')
        .select('id')
        .where('instance_id', '=', instance.id)
        .where('topic', '=', topic ?? '')
        .where('author_id', '=', authorId)
        .where('parent_id', 'is', null)
        .where('status', '!=', 'deleted')
        .executeTakeFirst();
      if (mine) refuse('form', onePerAuthor, 409);
    }
    let parent: { sort_path: string; depth: number } | null = null;
    if (parentId) {
      const row = await trx.selectFrom('posts').select(['instance_id', 'topic', 'status', 'sort_path', 'depth']).where('id', '=', parentId).executeTakeFirst();
      if (!row || row.instance_id !== instance.id || row.topic !== (topic ?? '')) refuse('parentId', 'parent.elsewhere');
      if (row!.status === 'hidden') refuse('parentId', 'parent.hidden');
      if (row!.status === 'deleted') refuse('parentId', 'parent.deleted');
      if (row!.status === 'awaiting') refuse('parentId', 'parent.awaiting');
      if (row!.depth + 1 > maxDepth) refuse('parentId', 'parent.tooDeep');
      parent = row!;
    }
    const { rows } = await sql<{ seq: string }>`select nextval('post_order') as seq`.execute(trx);
    const seq = String(rows[0]!.seq);
    const sortPath = (parent ? `${parent.sort_path}/` : '') + seq.padStart(orderWidth, '0');
    const inserted = await trx
      .insertInto('posts')
      .values({
        consultation_id: consultation.id,
        instance_id: instance.id,
        parent_id: parentId,
        topic: topic ?? '',
        language: context.locale,
        depth: parent ? parent.depth + 1 : 0,
        seq,
        sort_path: sortPath,
        author_id: authorId,
        body: JSON.stringify(body.doc),
        body_html: renderRichText(body.doc),
        body_text: body.text,
        status,
        published_at: status === 'published' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  });
  if (status === 'published') await emitPost(context, postId);
  return { postId, status };
}

/** The author rewrites their post; the earlier version goes to its history. */
export async function editPost(context: Context, form: FormData): Promise<{ postId: string }> {
  // Someone whose role was taken away no longer writes, not even by editing.
  if (!can(context.actor, 'contributions.post', context.consultation)) refuse('form', 'notAllowed', 403);
  const postId = requiredId('postId', form.get('postId'));
  const body = parseBody(form.get('body'));
  const status = await context.db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, context, postId);
    if (post.author_id !== context.actor.userId) refuse('form', 'notYours', 403);
    if (post.status === 'deleted' || post.status === 'hidden') refuse('form', `post.${post.status}`, 409);
    await trx.insertInto('post_revisions').values({ post_id: postId, body: JSON.stringify(post.body), body_html: post.body_html, written_at: post.edited_at ?? post.created_at }).execute();
    await trx
      .updateTable('posts')
      .set({ body: JSON.stringify(body.doc), body_html: await renderPost(trx, postId, body.doc), body_text: body.text, edited_at: new Date(), change_seq: nextChange })
      .where('id', '=', postId)
      .execute();
    return post.status;
  });
  if (status === 'published') await emitPost(context, postId);
  return { postId };
}

/** The author deletes their post: its place stays, "deleted by its author", so replies keep their context. */
export async function deletePost(context: Context, form: FormData): Promise<{ postId: string }> {
  const postId = requiredId('postId', form.get('postId'));
  const wasPublished = await context.db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, context, postId);
    if (post.author_id !== context.actor.userId) refuse('form', 'notYours', 403);
    if (post.status === 'deleted') return false;
    await trx.updateTable('posts').set({ status: 'deleted', change_seq: nextChange }).where('id', '=', postId).execute();
    return post.published_at !== null;
  });
  if (wasPublished) await emitPost(context, postId);
  return { postId };
}

/** The reactions of a thread's posts; other modules choose theirs (an argument is upvoted). */
export const conversationReactions = ['like', 'disagree', 'unclear', 'moreInfo'] as const satisfies readonly ReactionKind[];

/** Gives or takes back one reaction (one of each kind per person and post). */
export async function toggleReaction(
  context: Context,
  form: FormData,
  kinds: readonly ReactionKind[] = conversationReactions,
): Promise<{ postId: string; kind: ReactionKind; given: boolean }> {
  const reactionSchema = z.enum(kinds as [ReactionKind, ...ReactionKind[]]);
  const { actor, consultation } = context;
  if (!can(actor, 'contributions.react', consultation)) refuse('form', 'notAllowed', 403);
  const userId = requireSignedIn(actor);
  const postId = requiredId('postId', form.get('postId'));
  const kind = reactionSchema.safeParse(form.get('kind'));
  if (!kind.success) refuse('kind', 'reaction.unknown');
  const given = await context.db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, context, postId);
    if (post.status !== 'published') refuse('postId', 'post.notPublished', 409);
    const removed = await trx.deleteFrom('post_reactions').where('post_id', '=', postId).where('user_id', '=', userId).where('kind', '=', kind.data!).executeTakeFirst();
    const wasGiven = Number(removed.numDeletedRows) > 0;
    if (!wasGiven) await trx.insertInto('post_reactions').values({ post_id: postId, user_id: userId, kind: kind.data! }).execute();
    await trx.updateTable('posts').set({ change_seq: nextChange }).where('id', '=', postId).execute();
    return !wasGiven;
  });
  await emitPost(context, postId);
  return { postId, kind: kind.data!, given };
}

const reasonSchema = z.string().trim().min(1).max(500);

function parseReason(value: FormDataEntryValue | null): string {
  const parsed = reasonSchema.safeParse(value ?? '');
  if (!parsed.success) refuse('reason', (typeof value === 'string' && value.trim().length > 500) ? 'reason.tooLong' : 'reason.required');
  return parsed.data!;
}

/** A participant tells the moderators what is wrong with a post; it joins their queue. */
export async function reportPost(context: Context, form: FormData): Promise<{ postId: string }> {
  if (!can(context.actor, 'contributions.report', context.consultation)) refuse('form', 'signInNeeded', 403);
  const userId = requireSignedIn(context.actor);
  const postId = requiredId('postId', form.get('postId'));
  const reason = parseReason(form.get('reason'));
  const post = await context.db.selectFrom('posts').select(['status', 'author_id']).where('id', '=', postId).where('instance_id', '=', context.instance.id).executeTakeFirst();
  if (!post || post.status !== 'published') refuse('postId', 'post.notPublished', 409);
  await context.db
    .insertInto('post_reports')
    .values({ post_id: postId, reporter_id: userId, reason })
    .onConflict((oc) => oc.columns(['post_id', 'reporter_id']).doUpdateSet({ reason, created_at: sql`now()`, resolved_at: null, resolved_by: null } as never))
    .execute();
  return { postId };
}

/** A moderator's decision on a post: publish it, hide it with a reason, or dismiss its reports. */
export async function moderatePost(context: Context, postId: string, decision: ModerationDecision): Promise<void> {
  if (!isUuid(postId)) refuse('postId', 'unknown', 404);
  const moderatorId = context.actor.userId;
  const emit = await context.db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, context, postId);
    if (post.status === 'deleted') refuse('postId', 'post.deleted', 409);
    const resolveReports = () =>
      trx.updateTable('post_reports').set({ resolved_at: new Date(), resolved_by: moderatorId }).where('post_id', '=', postId).where('resolved_at', 'is', null).execute();
    if (decision.decision === 'dismiss') {
      // Nothing to dismiss on a post that waits: it is published or hidden.
      if (post.status === 'awaiting') refuse('postId', 'post.awaiting', 409);
      await resolveReports();
      return false;
    }
    if (decision.decision === 'publish') {
      await trx
        .updateTable('posts')
        .set({ status: 'published', hidden_reason: null, moderated_by: moderatorId, moderated_at: new Date(), published_at: post.published_at ?? new Date(), change_seq: nextChange })
        .where('id', '=', postId)
        .execute();
      await resolveReports();
      return true;
    }
    await trx.updateTable('posts').set({ status: 'hidden', hidden_reason: decision.reason, moderated_by: moderatorId, moderated_at: new Date(), change_seq: nextChange }).where('id', '=', postId).execute();
    await resolveReports();
    // A post that nobody else saw needs no placeholder in their windows.
    return post.published_at !== null;
  });
  if (emit) await emitPost(context, postId);
}

/** Hiding from the thread itself (the moderator reads it in context). */
export async function hidePost(context: Context, form: FormData): Promise<{ postId: string }> {
  if (!isModerator(context)) refuse('form', 'notAllowed', 403);
  const postId = requiredId('postId', form.get('postId'));
  await moderatePost(context, postId, { decision: 'hide', reason: parseReason(form.get('reason')) });
  return { postId };
}

/** The shared moderation queue's view of this thread: posts awaiting moderation and reported posts. */
export async function moderationQueue(context: Context, slug: string): Promise<ModerationItem[]> {
  const { db, instance } = context;
  const reported = db.selectFrom('post_reports').select('post_id').where('resolved_at', 'is', null);
  const rows = await postQuery(db, instance.id)
    .where((eb) => eb.or([eb('posts.status', '=', 'awaiting'), eb.and([eb('posts.status', '=', 'published'), eb('posts.id', 'in', reported)])]))
    .orderBy('posts.created_at')
    .limit(200)
    .execute();
  if (rows.length === 0) return [];
  const reports = await db
    .selectFrom('post_reports')
    .select(['post_id', 'reason', 'created_at'])
    .where('post_id', 'in', rows.map((row) => row.id))
    .where('resolved_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    instanceId: instance.id,
    cause: row.status === 'awaiting' ? 'awaiting' : 'reported',
    status: row.status,
    authorName: row.is_anonymous ? row.pseudonym : row.display_name,
    html: row.body_html,
    createdAt: row.created_at.toISOString(),
    reports: reports.filter((report) => report.post_id === row.id).map((report) => ({ reason: report.reason, createdAt: report.created_at.toISOString() })),
    path: `/consultations/${slug}/modules/${instance.id}?post=${row.id}#post-${row.id}`,
  }));
}

// ---------------------------------------------------------------------------------------------
// Idea catching

/** What this reader may do with posts here: what the page offers (the actions check again). */
export function postViewerFor(context: Context): PostViewer {
  const { actor, consultation, open } = context;
  const mayPost = can(actor, 'contributions.post', consultation);
  return {
    userId: actor.userId,
    mayPost: open && mayPost,
    mayReact: open && can(actor, 'contributions.react', consultation),
    mayReport: open && can(actor, 'contributions.report', consultation),
    mayModerate: can(actor, 'consultation.moderate', consultation),
    mayCatch: open && can(actor, 'ideas.catch', consultation),
    preModeration: consultation.moderation === 'pre',
    mayJoin: open && !mayPost && can(actor, 'consultation.join', consultation),
  };
}

/** What an idea catcher's form offers (the consultation's ideas and themes); null for anyone else. */
export async function catchingFor(context: Context): Promise<Catching> {
  const { db, actor, consultation } = context;
  if (!can(actor, 'ideas.catch', consultation)) return null;
  const [ideas, themes] = await Promise.all([
    ideasOf(db, consultation.id),
    db.selectFrom('themes').select(['id', 'title']).where('consultation_id', '=', consultation.id).orderBy('level').orderBy('position').execute(),
  ]);
  return { ideas: ideas.map((idea) => ({ id: idea.id, title: idea.title })), themes };
}

const catchSchema = z.object({
  postId: z.string().uuid(),
  quote: z.string().transform(normaliseQuote).pipe(z.string().min(1, 'quote.required').max(5000, 'quote.tooLong')),
  nature: z.enum(extractNatures, { errorMap: () => ({ message: 'nature.required' }) }),
  nextStep: z.enum(extractNextSteps, { errorMap: () => ({ message: 'nextStep.required' }) }),
  important: z.literal('on').optional(),
  ideaId: z.union([z.literal(''), z.string().uuid()]).optional(),
  title: z.string().trim().max(200, 'title.tooLong').optional(),
  description: z.string().trim().max(5000, 'description.tooLong').optional(),
  themeId: z.union([z.literal(''), z.string().uuid()]).optional(),
  parentIdeaId: z.union([z.literal(''), z.string().uuid()]).optional(),
});

/**
 * An idea catcher catches a passage of a post as an extract, into an existing idea or a new
 * one; the post then shows the passage as caught, and the idea links back to it.
 */
export async function catchPassage(context: Context, form: FormData): Promise<{ ideaId: string; extractId: string; postId: string }> {
  const { db, actor, consultation } = context;
  if (!can(actor, 'ideas.catch', consultation)) refuse('form', 'notAllowed', 403);
  const catcherId = requireSignedIn(actor);
  const parsed = catchSchema.safeParse(Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'form');
    refuse(field, issue.message.includes('.') ? issue.message : `${field}.invalid`);
  }
  const input = parsed.data!;
  const caught = await db.transaction().execute(async (trx) => {
    const post = await lockPost(trx, context, input.postId);
    if (post.status !== 'published') refuse('postId', 'post.notPublished', 409);
    if (!containsPassage(post.body, input.quote)) refuse('quote', 'quote.notFound');
    let ideaId = input.ideaId || null;
    if (ideaId) {
      if (!(await ideaExists(trx, consultation.id, ideaId))) refuse('ideaId', 'idea.unknown', 404);
    } else {
      if (!input.title) refuse('title', 'title.required');
      const created = await createIdea(
        trx,
        consultation.id,
        { title: input.title!, description: input.description ?? '', themeId: input.themeId || null, parentId: input.parentIdeaId || null },
        catcherId,
      );
      if (created === 'unknownTheme') refuse('themeId', 'theme.unknown');
      if (created === 'unknownParent' || created === 'cycle') refuse('parentIdeaId', 'parentIdea.unknown');
      ideaId = created;
    }
    const extractId = await insertExtract(
      trx,
      consultation.id,
      { ideaId: ideaId!, postId: post.id, quote: input.quote, nature: input.nature, nextStep: input.nextStep, important: input.important === 'on' },
      catcherId,
    );
    await trx.updateTable('posts').set({ body_html: await renderPost(trx, post.id, post.body), change_seq: nextChange }).where('id', '=', post.id).execute();
    return { ideaId: ideaId!, extractId, postId: post.id };
  });
  await emitPost(context, caught.postId);
  return caught;
}
