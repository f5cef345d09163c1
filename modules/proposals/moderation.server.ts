import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ProposalStatus, RefusalReason } from '../../platform/db/schema';
import { pickLanguage } from '../../platform/i18n/languages';
import { createIdea, ideaExists } from '../../platform/ideas/ideas.server';
import { formText, isUuid } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import { createThrottle } from '../../platform/realtime/throttle';
import { detectLanguage, flagsOf } from './assistance';
import { assistanceFor, themeTexts } from './assistance.server';
import type { ProposalsConfig } from './manifest';
import type { DecideManyResult, DecideResult, GroupResult, HeldProposal, IdeaGroup, ModerationData, QueueItem, SupervisionData, TakeResult } from './moderation-data';
import { moderationChanged } from './proposals-data';
import { checkProposalText, refusalReasons } from './rules';

/*
 * The moderators' work on proposals: take the next one (locked for a short while so that two
 * moderators never handle the same), decide (accept, possibly corrected, tagged and themed;
 * refuse with a reason; postpone; archive), decide a selection at once, group duplicates into an
 * idea, and the supervision figures. Every action checks the moderator's permission here, and
 * announces `moderation:changed` to the instance's room once its write has committed.
 */

type Context = ModuleContext<ProposalsConfig>;
type Db = Kysely<Database> | Transaction<Database>;

/** How long a taken proposal stays reserved for its moderator. */
export const lockMinutes = 2;
const listPageSize = 50;
const maxSelection = 500;
const maxTags = 10;
const maxTagLength = 30;
const maxIdeaTitle = 200;

// Many moderators working at once would make every open workspace reread for each decision:
// at most one announcement a second per instance (the first at once).
const throttle = createThrottle(1000);
function announce(context: Context): void {
  throttle(context.instance.id, () => context.emit(moderationChanged, {}));
}

const decisions = ['accept', 'refuse', 'postpone', 'archive'] as const;
type Decision = (typeof decisions)[number];
const statusOf: Record<Decision, ProposalStatus> = { accept: 'accepted', refuse: 'refused', postpone: 'postponed', archive: 'archived' };

/** The moderator's id; anyone else is refused (403). */
function moderatorOf({ actor, consultation }: Context): string {
  if (!actor.userId || !can(actor, 'consultation.moderate', consultation)) return refuse('form', 'notAllowed', 403);
  return actor.userId;
}

function proposalIdOf(form: FormData): string {
  const id = formText(form, 'proposalId');
  return isUuid(id) ? id : refuse('proposalId', 'proposal.unknown', 404);
}

/** Repeated `proposalIds` fields, each a proposal id, without repeats. */
function proposalIdsOf(form: FormData): string[] {
  const ids = [...new Set(form.getAll('proposalIds').filter((value): value is string => typeof value === 'string' && value !== ''))];
  if (ids.length === 0) refuse('proposalIds', 'selection.empty');
  if (ids.length > maxSelection) refuse('proposalIds', 'selection.tooLarge');
  if (!ids.every((id) => isUuid(id))) refuse('proposalIds', 'proposal.unknown', 404);
  return ids;
}

function decisionOf(form: FormData): Decision {
  const decision = formText(form, 'decision');
  return (decisions as readonly string[]).includes(decision) ? (decision as Decision) : refuse('decision', 'decision.unknown');
}

function reasonOf(form: FormData): RefusalReason {
  const reason = formText(form, 'reason');
  return (refusalReasons as readonly string[]).includes(reason) ? (reason as RefusalReason) : refuse('reason', 'reason.required');
}

/** "écologie, vélo ,, vélo" → ["écologie", "vélo"]: trimmed, without empties or repeats. */
function tagsOf(raw: string): string[] {
  const tags = [...new Set(raw.split(',').map((tag) => tag.replace(/\s+/g, ' ').trim()).filter(Boolean))];
  if (tags.length > maxTags) refuse('tags', 'tags.tooMany');
  if (tags.some((tag) => [...tag].length > maxTagLength)) refuse('tags', 'tags.tooLong');
  return tags;
}

const heldColumns = ['proposals.id', 'proposals.body', 'proposals.original_body', 'proposals.language', 'proposals.status', 'proposals.theme_id', 'proposals.tags', 'proposals.idea_id', 'proposals.created_at', 'proposals.locked_until', 'proposals.author_id'] as const;

interface HeldRow {
  id: string;
  body: string;
  original_body: string;
  language: string;
  status: ProposalStatus;
  theme_id: string | null;
  tags: string[];
  idea_id: string | null;
  created_at: Date;
  locked_until: Date | null;
  author_id: string | null;
}

/** The prefix in a proposal's language, else the closest one the configuration has. */
function prefixIn({ instance, consultation }: Context, language: string): string {
  return instance.config.prefix[language] || pickLanguage(instance.config.prefix, language, consultation.default_language).text;
}

/** A held proposal as the workspace shows it, with its assistance. */
async function heldView(context: Context, row: HeldRow): Promise<HeldProposal> {
  const { db, consultation, instance, actor } = context;
  const [themes, author] = await Promise.all([
    themeTexts(db, consultation.id),
    row.author_id && can(actor, 'identities.view', consultation)
      ? db.selectFrom('users').select(['display_name', 'pseudonym', 'is_anonymous']).where('id', '=', row.author_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  return {
    id: row.id,
    body: row.body,
    originalBody: row.original_body,
    language: row.language,
    prefix: prefixIn(context, row.language),
    status: row.status,
    themeId: row.theme_id,
    tags: row.tags,
    ideaId: row.idea_id,
    createdAt: new Date(row.created_at).toISOString(),
    lockedUntil: new Date(row.locked_until ?? Date.now()).toISOString(),
    authorName: author ? (author.is_anonymous ? author.pseudonym : author.display_name) : null,
    assistance: await assistanceFor(db, { instanceId: instance.id, languages: consultation.languages, themes }, row),
  };
}

/**
 * Gives the moderator the next proposal to decide, locked for them for a few minutes: the one
 * they already hold if any, else the oldest pending one nobody holds (postponed ones only with
 * `include=postponed`, after every pending one). One statement: `for update skip locked` makes
 * moderators asking at the same moment pass over each other's rows instead of waiting for them,
 * and the lock columns keep a taken proposal out of everyone else's reach once committed.
 * Answers null when nothing waits.
 */
export async function takeNext(context: Context, form: FormData): Promise<TakeResult> {
  const me = moderatorOf(context);
  const { db, instance } = context;
  const statuses: ProposalStatus[] = formText(form, 'include') === 'postponed' ? ['pending', 'postponed'] : ['pending'];
  const result = await sql<HeldRow>`
    update proposals
    set locked_by = ${me}, locked_until = now() + make_interval(mins => ${lockMinutes})
    where id = (
      select id from proposals
      where instance_id = ${instance.id}
        and (status in (${sql.join(statuses)}) or (status = 'postponed' and locked_by = ${me} and locked_until >= now()))
        and (locked_until is null or locked_until < now() or locked_by = ${me})
      order by coalesce(locked_by = ${me} and locked_until >= now(), false) desc, (status = 'postponed'), created_at, id
      limit 1
      for update skip locked
    )
    returning id, body, original_body, language, status, theme_id, tags, idea_id, created_at, locked_until, author_id`.execute(db);
  const row = result.rows[0];
  if (!row) return null;
  announce(context);
  return heldView(context, row);
}

/** Gives back the moderator's lock on a proposal (they leave it for someone else). */
export async function release(context: Context, form: FormData): Promise<{ proposalId: string; released: boolean }> {
  const me = moderatorOf(context);
  const proposalId = proposalIdOf(form);
  const result = await context.db
    .updateTable('proposals')
    .set({ locked_by: null, locked_until: null })
    .where('id', '=', proposalId)
    .where('instance_id', '=', context.instance.id)
    .where('locked_by', '=', me)
    .executeTakeFirst();
  const released = Number(result.numUpdatedRows) > 0;
  if (released) announce(context);
  return { proposalId, released };
}

/**
 * One decision on one proposal: accept (with a corrected text, tags and a theme if given; the
 * author's text stays in original_body), refuse with a reason, postpone or archive. Refused
 * with 409 while another moderator holds the proposal.
 */
export async function decide(context: Context, form: FormData): Promise<DecideResult> {
  const me = moderatorOf(context);
  const { db, consultation, instance } = context;
  const proposalId = proposalIdOf(form);
  const decision = decisionOf(form);
  const reason = decision === 'refuse' ? reasonOf(form) : null;

  const status = await db.transaction().execute(async (trx) => {
    const proposal = await trx
      .selectFrom('proposals')
      .select(['id', 'body', 'language', 'locked_by', sql<boolean>`coalesce(locked_until > now(), false)`.as('lock_live')])
      .where('id', '=', proposalId)
      .where('instance_id', '=', instance.id)
      .forUpdate()
      .executeTakeFirst();
    if (!proposal) return refuse('proposalId', 'proposal.unknown', 404);
    if (proposal.locked_by && proposal.locked_by !== me && proposal.lock_live) return refuse('form', 'lockedByOther', 409);

    const changes: Partial<{ body: string; tags: string[]; theme_id: string | null }> = {};
    if (decision === 'accept') {
      const corrected = form.get('body');
      if (typeof corrected === 'string' && corrected.trim() !== '' && corrected.trim() !== proposal.body) {
        const checked = checkProposalText(corrected, prefixIn(context, proposal.language), { min: instance.config.minChars, max: instance.config.maxChars });
        if (!checked.ok) return refuse('body', checked.code);
        changes.body = checked.text;
      }
      const tags = form.get('tags');
      if (typeof tags === 'string') changes.tags = tagsOf(tags);
      const themeId = form.get('themeId');
      if (typeof themeId === 'string') changes.theme_id = themeId === '' ? null : await themeOf(trx, consultation.id, themeId);
    }
    const next = statusOf[decision];
    await trx
      .updateTable('proposals')
      .set({ ...changes, status: next, refusal_reason: reason, moderated_at: new Date(), moderated_by: me, locked_by: null, locked_until: null, updated_at: new Date() })
      .where('id', '=', proposalId)
      .execute();
    return next;
  });
  announce(context);
  return { proposalId, status };
}

async function themeOf(db: Db, consultationId: string, themeId: string): Promise<string> {
  if (!isUuid(themeId)) return refuse('themeId', 'theme.unknown');
  const theme = await db.selectFrom('themes').select('id').where('id', '=', themeId).where('consultation_id', '=', consultationId).executeTakeFirst();
  return theme ? theme.id : refuse('themeId', 'theme.unknown');
}

/**
 * One decision (accept, refuse with one reason, postpone, archive) on a selection: applied to
 * every selected proposal of the instance that no other moderator holds right now; the others
 * are answered as skipped.
 */
export async function decideMany(context: Context, form: FormData): Promise<DecideManyResult> {
  const me = moderatorOf(context);
  const proposalIds = proposalIdsOf(form);
  const decision = decisionOf(form);
  const reason = decision === 'refuse' ? reasonOf(form) : null;
  const decidedRows = await context.db
    .updateTable('proposals')
    .set({ status: statusOf[decision], refusal_reason: reason, moderated_at: new Date(), moderated_by: me, locked_by: null, locked_until: null, updated_at: new Date() })
    .where('instance_id', '=', context.instance.id)
    .where('id', 'in', proposalIds)
    .where((eb) => eb.or([eb('locked_by', 'is', null), eb('locked_by', '=', me), eb('locked_until', '<', sql<Date>`now()`)]))
    .returning('id')
    .execute();
  const decided = new Set(decidedRows.map((row) => row.id));
  if (decided.size > 0) announce(context);
  return { decided: proposalIds.filter((id) => decided.has(id)), skipped: proposalIds.filter((id) => !decided.has(id)) };
}

/**
 * Groups duplicate proposals into an idea of the consultation: an existing one (`ideaId`), or a
 * new one titled `title` (at least two proposals then). Votes stay on the proposals; the
 * workspace sums them per idea. One proposal with an empty `ideaId` and no title leaves its idea.
 */
export async function groupDuplicates(context: Context, form: FormData): Promise<GroupResult> {
  const me = moderatorOf(context);
  const { db, consultation, instance } = context;
  const proposalIds = proposalIdsOf(form);
  const ideaId = formText(form, 'ideaId').trim();
  const title = formText(form, 'title').replace(/\s+/g, ' ').trim();

  const result = await db.transaction().execute(async (trx) => {
    const found = await trx.selectFrom('proposals').select('id').where('instance_id', '=', instance.id).where('id', 'in', proposalIds).execute();
    if (found.length !== proposalIds.length) return refuse('proposalIds', 'proposal.unknown', 404);
    let target: string | null;
    if (ideaId) {
      if (!isUuid(ideaId) || !(await ideaExists(trx, consultation.id, ideaId))) return refuse('ideaId', 'idea.unknown', 404);
      target = ideaId;
    } else if (title) {
      if (proposalIds.length < 2) return refuse('proposalIds', 'selection.tooFew');
      if ([...title].length > maxIdeaTitle) return refuse('title', 'title.tooLong');
      const created = await createIdea(trx, consultation.id, { title, description: '', themeId: instance.themeId, parentId: null }, me);
      // Placement problems cannot happen here (no parent; the instance's theme is the consultation's).
      if (created === 'unknownIdea' || created === 'unknownParent' || created === 'unknownTheme' || created === 'cycle') return refuse('form', `idea.${created}`);
      target = created;
    } else if (proposalIds.length === 1) {
      target = null;
    } else {
      return refuse('title', 'title.required');
    }
    await trx.updateTable('proposals').set({ idea_id: target, updated_at: new Date() }).where('id', 'in', proposalIds).execute();
    return { ideaId: target, proposalIds };
  });
  announce(context);
  return result;
}

/** The page of pending (or postponed) proposals for bulk actions, oldest first, with the cheap flags. */
async function listOf(context: Context, me: string, status: 'pending' | 'postponed', page: number): Promise<ModerationData['list']> {
  const { db, instance, consultation } = context;
  const [rows, count] = await Promise.all([
    db
      .selectFrom('proposals')
      .select(['id', 'body', 'language', 'status', 'created_at', 'theme_id', 'idea_id', sql<boolean>`coalesce(locked_by <> ${me} and locked_until > now(), false)`.as('locked_by_other')])
      .where('instance_id', '=', instance.id)
      .where('status', '=', status)
      .orderBy('created_at')
      .orderBy('id')
      .limit(listPageSize)
      .offset((page - 1) * listPageSize)
      .execute(),
    db.selectFrom('proposals').select((eb) => eb.fn.countAll<string>().as('count')).where('instance_id', '=', instance.id).where('status', '=', status).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map((row): QueueItem => {
    const detected = detectLanguage(row.body);
    return {
      id: row.id,
      body: row.body,
      language: row.language,
      status: row.status,
      createdAt: new Date(row.created_at).toISOString(),
      themeId: row.theme_id,
      ideaId: row.idea_id,
      lockedByOther: row.locked_by_other,
      detectedLanguage: detected,
      flags: flagsOf(row.body, consultation.languages, detected),
    };
  });
  return { status, items, page, pageSize: listPageSize, total: Number(count.count) };
}

/** How many ideas the workspace lists (the most recent first). */
const ideasShown = 50;

/** The ideas grouping this instance's proposals, with their proposals and the sums of their votes. */
async function ideaGroups(db: Kysely<Database>, consultationId: string, instanceId: string): Promise<IdeaGroup[]> {
  const ideas = await db
    .selectFrom('ideas')
    .select(['ideas.id', 'ideas.title'])
    .where('ideas.consultation_id', '=', consultationId)
    .where(({ exists, selectFrom }) => exists(selectFrom('proposals').select('proposals.id').whereRef('proposals.idea_id', '=', 'ideas.id').where('proposals.instance_id', '=', instanceId)))
    .orderBy('ideas.created_at', 'desc')
    .orderBy('ideas.id')
    .limit(ideasShown)
    .execute();
  if (ideas.length === 0) return [];
  const proposals = await db
    .selectFrom('proposals')
    .select(['id', 'idea_id', 'body', 'status', 'agree', 'disagree', 'neutral'])
    .where('instance_id', '=', instanceId)
    .where(
      'idea_id',
      'in',
      ideas.map((idea) => idea.id),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return ideas.map((idea) => {
    const own = proposals.filter((proposal) => proposal.idea_id === idea.id);
    return {
      id: idea.id,
      title: idea.title,
      proposals: own.map(({ id, body, status, agree, disagree, neutral }) => ({ id, body, status, agree, disagree, neutral })),
      votes: {
        agree: own.reduce((sum, proposal) => sum + proposal.agree, 0),
        disagree: own.reduce((sum, proposal) => sum + proposal.disagree, 0),
        neutral: own.reduce((sum, proposal) => sum + proposal.neutral, 0),
      },
    };
  });
}

/**
 * The moderator's workspace: the proposal they hold (with its assistance), how many wait, a
 * page of the list for bulk actions (`?list=postponed`, `?page=`), the refusal reasons, themes,
 * and the ideas grouping duplicates.
 */
export async function moderationWorkspace(context: Context, query: URLSearchParams): Promise<ModerationData> {
  const me = moderatorOf(context);
  const { db, consultation, instance, locale } = context;
  const listStatus = query.get('list') === 'postponed' ? 'postponed' : 'pending';
  const page = Math.max(1, Math.min(10_000, Number.parseInt(query.get('page') ?? '1', 10) || 1));
  const heldRow = await db
    .selectFrom('proposals')
    .select([...heldColumns])
    .where('instance_id', '=', instance.id)
    .where('locked_by', '=', me)
    .where('locked_until', '>', sql<Date>`now()`)
    .where('status', 'in', ['pending', 'postponed'])
    .orderBy('locked_until', 'desc')
    .executeTakeFirst();
  const counts = await db
    .selectFrom('proposals')
    .select((eb) => [eb.fn.countAll<string>().filterWhere('status', '=', 'pending').as('pending'), eb.fn.countAll<string>().filterWhere('status', '=', 'postponed').as('postponed')])
    .where('instance_id', '=', instance.id)
    .executeTakeFirstOrThrow();
  const list = await listOf(context, me, listStatus, page);
  const ideas = await ideaGroups(db, consultation.id, instance.id);
  const themes = await db.selectFrom('themes').select(['id', 'title', 'parent_id']).where('consultation_id', '=', consultation.id).orderBy('position').orderBy('created_at').execute();
  const ideaChoices = await db.selectFrom('ideas').select(['id', 'title']).where('consultation_id', '=', consultation.id).orderBy('created_at', 'desc').limit(200).execute();
  // Sub-themes right after their theme, as the select lists them.
  const ordered = themes.filter((theme) => !theme.parent_id).flatMap((theme) => [theme, ...themes.filter((child) => child.parent_id === theme.id)]);
  return {
    moderatorId: me,
    held: heldRow ? await heldView(context, heldRow) : null,
    pending: Number(counts.pending),
    postponed: Number(counts.postponed),
    list,
    refusalReasons,
    themes: ordered.map((theme) => ({ id: theme.id, title: pickLanguage(theme.title, locale, consultation.default_language).text, parentId: theme.parent_id })),
    languages: consultation.languages,
    ideas,
    ideaChoices,
  };
}

const hourMs = 3_600_000;

/**
 * The supervision board: backlog and its median wait, proposals per status, refusal reasons,
 * and each moderator's decisions in each of the last 24 hours (the team sees each other's
 * names). A proposal counts once, with its latest decision.
 */
export async function supervisionOf(context: Context): Promise<SupervisionData> {
  moderatorOf(context);
  const { db, instance } = context;
  const now = Date.now();
  const currentHour = Math.floor(now / hourMs);
  const firstHour = currentHour - 23;

  const statusRows = await db
    .selectFrom('proposals')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .where('instance_id', '=', instance.id)
    .groupBy('status')
    .execute();
  const totals = { pending: 0, accepted: 0, refused: 0, postponed: 0, archived: 0 };
  for (const row of statusRows) totals[row.status] = Number(row.count);

  const wait = await sql<{ median: number | null; oldest: number | null }>`
    select percentile_cont(0.5) within group (order by extract(epoch from now() - created_at)) as median,
           max(extract(epoch from now() - created_at)) as oldest
    from proposals where instance_id = ${instance.id} and status = 'pending'`.execute(db);

  const reasonRows = await db
    .selectFrom('proposals')
    .select(['refusal_reason', (eb) => eb.fn.countAll<string>().as('count')])
    .where('instance_id', '=', instance.id)
    .where('status', '=', 'refused')
    .groupBy('refusal_reason')
    .execute();
  const reasonCount = (reason: RefusalReason) => Number(reasonRows.find((row) => row.refusal_reason === reason)?.count ?? 0);

  // Hours as whole numbers since 1970 (UTC), so that buckets do not depend on the server's time zone.
  const decisionRows = await db
    .selectFrom('proposals')
    .innerJoin('users', 'users.id', 'proposals.moderated_by')
    .select(['users.id', 'users.display_name', sql<string>`floor(extract(epoch from proposals.moderated_at) / 3600)`.as('hour'), (eb) => eb.fn.countAll<string>().as('count')])
    .where('proposals.instance_id', '=', instance.id)
    .where('proposals.moderated_at', '>=', new Date(firstHour * hourMs))
    .groupBy(['users.id', 'users.display_name', sql`floor(extract(epoch from proposals.moderated_at) / 3600)`])
    .execute();
  const moderators = new Map<string, SupervisionData['moderators'][number]>();
  for (const row of decisionRows) {
    const index = Number(row.hour) - firstHour;
    if (index < 0 || index > 23) continue;
    let moderator = moderators.get(row.id);
    if (!moderator) {
      moderator = { id: row.id, name: row.display_name, perHour: Array.from({ length: 24 }, () => 0), total: 0 };
      moderators.set(row.id, moderator);
    }
    moderator.perHour[index]! += Number(row.count);
    moderator.total += Number(row.count);
  }

  const [waitRow] = wait.rows;
  const seconds = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Math.round(Number(value)));
  return {
    backlog: totals.pending,
    postponed: totals.postponed,
    medianWaitSeconds: seconds(waitRow?.median),
    oldestWaitSeconds: seconds(waitRow?.oldest),
    totals,
    refusalReasons: refusalReasons.map((reason) => ({ reason, count: reasonCount(reason) })).sort((a, b) => b.count - a.count),
    hours: Array.from({ length: 24 }, (_, index) => new Date((firstHour + index) * hourMs).toISOString()),
    moderators: [...moderators.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    computedAt: new Date(now).toISOString(),
  };
}
