import { sql, type Kysely, type Transaction } from 'kysely';
import { cardKey, isCardKey } from '../../platform/auth/card-keys.server';
import type { Database, VoteKind, VoteSource } from '../../platform/db/schema';
import { pickLanguage, type LocalizedText } from '../../platform/i18n/languages';
import { formText, isUuid } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext } from '../../platform/modules/server';
import { can } from '../../platform/policy';
import { createThrottle } from '../../platform/realtime/throttle';
import type { ProposalsConfig } from './manifest';
import type { MineData, MyVote, ProposalCounts, ProposalPageData, ProposeResult, SimilarResult, VoteOutcome } from './participation-data';
import { moderationChanged, type ProposalsSummaryData } from './proposals-data';
import { checkProposalText, qualificationFits, qualificationKeys, voteKinds } from './rules';

/*
 * Taking part in a massive consultation: proposing (every proposal waits for a moderator),
 * finding look-alikes while typing, voting and qualifying, one proposal's page, the author's own
 * proposals, and what the consultation page and the exports show. Counters on each proposal
 * count trusted votes only and move in the vote's own transaction.
 */

type Context = ModuleContext<ProposalsConfig>;

const voteSources: readonly VoteSource[] = ['sequence', 'proposal', 'widget'];

/** Look-alikes shown while typing: at most this many, at least this similar (pg_trgm, 0..1). */
const similarLimit = 5;
const similarityThreshold = 0.25;
/** How much of what they typed must appear in a longer proposal for it to count as a look-alike too (word_similarity). */
const wordSimilarityThreshold = 0.6;
/** Below this many characters, what is being typed says too little to compare. */
const similarMinChars = 6;

// Thousands of proposals an hour would make every open workspace reread for each one: at most one
// announcement a second per instance (the first at once), as moderation.server.ts does.
const throttle = createThrottle(1000);
const announceBacklog = (context: Context) => throttle(context.instance.id, () => context.emit(moderationChanged, {}));

const mayPropose = ({ open, actor, consultation }: Context) => open && actor.userId !== null && can(actor, 'contributions.post', consultation);
const mayVote = ({ open, actor, consultation }: Context) => open && actor.userId !== null && can(actor, 'votes.cast', consultation);
const mayModerate = ({ actor, consultation }: Context) => can(actor, 'consultation.moderate', consultation);

/** The prefix in a given language ("Il faut"), else in the consultation's default one. */
function prefixIn(context: Context, lang: string): string {
  return pickLanguage(context.instance.config.prefix, lang, context.consultation.default_language).text;
}

/** The language a new proposal is written in: the reader's, when the consultation speaks it. */
function languageOf({ locale, consultation }: Context): string {
  return consultation.languages.includes(locale) ? locale : consultation.default_language;
}

function countsOf(row: { agree: number; disagree: number; neutral: number; qualifications: Record<string, number> }): ProposalCounts {
  const qualifications = Object.fromEntries(Object.entries(row.qualifications ?? {}).filter(([, count]) => count > 0));
  return { agree: row.agree, disagree: row.disagree, neutral: row.neutral, total: row.agree + row.disagree + row.neutral, qualifications };
}

function themeTitle(context: Context, title: unknown): string | null {
  return title ? pickLanguage(title as LocalizedText, context.locale, context.consultation.default_language).text : null;
}

// ---- proposing ------------------------------------------------------------------------------

/**
 * A new proposal (`body`: the text after the prefix; `themeId` when the configuration asks for a
 * theme; `source`: 'proposal' or 'widget'). It waits for a moderator before anyone sees it.
 */
export async function propose(context: Context, form: FormData): Promise<ProposeResult> {
  if (!mayPropose(context)) refuse('form', 'notAllowed', 403);
  const { db, consultation, instance, actor } = context;
  const config = instance.config;
  const language = languageOf(context);
  const checked = checkProposalText(formText(form, 'body'), prefixIn(context, language), { min: config.minChars, max: config.maxChars });
  if (!checked.ok) return refuse('body', checked.code);
  const body = checked.text;

  let themeId: string | null = null;
  const askedTheme = formText(form, 'themeId');
  // A theme is only taken when the configuration asks for one (a form from before a change may still send it).
  if (config.askTheme && askedTheme) {
    if (!isUuid(askedTheme)) refuse('themeId', 'theme.unknown');
    const theme = await db.selectFrom('themes').select('id').where('id', '=', askedTheme).where('consultation_id', '=', consultation.id).executeTakeFirst();
    themeId = theme?.id ?? refuse('themeId', 'theme.unknown');
  }
  const source = (formText(form, 'source') || 'proposal') as VoteSource;
  if (!voteSources.includes(source)) refuse('source', 'source.unknown');

  const userId = actor.userId!;
  const proposalId = await db.transaction().execute(async (trx) => {
    // The author's row, locked: the same text sent twice at once (a double click) is stored once.
    await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().executeTakeFirstOrThrow();
    const same = await trx
      .selectFrom('proposals')
      .select('id')
      .where('instance_id', '=', instance.id)
      .where('author_id', '=', userId)
      .where('status', 'in', ['pending', 'accepted'])
      .where((eb) => eb.or([eb(sql`lower(original_body)`, '=', body.toLowerCase()), eb(sql`lower(body)`, '=', body.toLowerCase())]))
      .executeTakeFirst();
    if (same) refuse('body', 'duplicateOfYours', 409);
    const inserted = await trx
      .insertInto('proposals')
      .values({
        consultation_id: consultation.id,
        instance_id: instance.id,
        author_id: userId,
        body,
        original_body: body,
        language,
        theme_id: themeId,
        status: 'pending',
        source,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return inserted.id;
  });
  // The moderators' queue and the supervision board have one more proposal.
  announceBacklog(context);
  return { proposalId, status: 'pending' };
}

/**
 * Accepted proposals that look like what the person is typing (`body`), most similar first, so
 * that they may vote on one instead of proposing it again; each with the reader's vote and card key.
 */
export async function similarProposals(context: Context, form: FormData): Promise<SimilarResult> {
  if (context.actor.userId === null) refuse('form', 'notAllowed', 403);
  const { db, instance, actor } = context;
  const checked = checkProposalText(formText(form, 'body'), prefixIn(context, languageOf(context)), { min: 0, max: 10_000 });
  const typed = checked.ok ? checked.text.slice(0, 400) : '';
  if ([...typed].length < similarMinChars) return { proposals: [] };

  const rows = await db.transaction().execute(async (trx) => {
    // For this transaction only: the % and <% operators (which the trigram index serves) use these thresholds.
    await sql`select set_config('pg_trgm.similarity_threshold', ${String(similarityThreshold)}, true), set_config('pg_trgm.word_similarity_threshold', ${String(wordSimilarityThreshold)}, true)`.execute(trx);
    // Whole-text similarity, or how well what is typed so far matches a part of a longer proposal;
    // between equals, the closer whole text first (the same proposal before one that extends it).
    const whole = sql<number>`similarity(body, ${typed})`;
    const score = sql<number>`greatest(similarity(body, ${typed}), word_similarity(${typed}, body))`;
    return trx
      .selectFrom('proposals')
      .select(['id', 'body', 'language', score.as('score'), whole.as('whole')])
      .where('instance_id', '=', instance.id)
      .where('status', '=', 'accepted')
      .where(sql<boolean>`(body % ${typed} or ${typed} <% body)`)
      .orderBy('score', 'desc')
      .orderBy('whole', 'desc')
      .orderBy('id')
      .limit(similarLimit)
      .execute();
  });
  const votes = await myVotesOn(db, rows.map((row) => row.id), actor.userId!);
  const proposals = await Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      prefix: prefixIn(context, row.language),
      body: row.body,
      lang: row.language,
      similarity: Math.round(Number(row.score) * 100) / 100,
      myVote: votes.get(row.id) ?? null,
      key: mayVote(context) ? await cardKey(db, row.id, actor.userId!) : null,
    })),
  );
  return { proposals };
}

async function myVotesOn(db: Kysely<Database>, proposalIds: string[], userId: string): Promise<Map<string, MyVote>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db.selectFrom('proposal_votes').select(['proposal_id', 'vote', 'qualifications']).where('user_id', '=', userId).where('proposal_id', 'in', proposalIds).execute();
  return new Map(rows.map((row) => [row.proposal_id, { vote: row.vote, qualifications: row.qualifications }]));
}

// ---- voting ---------------------------------------------------------------------------------

/** A vote as stored, or as it is about to be. */
interface VoteState {
  vote: VoteKind;
  qualifications: string[];
  source: VoteSource;
  trusted: boolean;
}

/** What one vote adds to its proposal's counters: a trusted vote counts, an untrusted one is only tallied as such. */
function contributionOf(state: VoteState | null) {
  const counters = { agree: 0, disagree: 0, neutral: 0, sequence_votes: 0, untrusted_votes: 0 };
  const qualifications: Record<string, number> = {};
  if (!state) return { counters, qualifications };
  if (!state.trusted) {
    counters.untrusted_votes = 1;
    return { counters, qualifications };
  }
  counters[state.vote] = 1;
  if (state.source === 'sequence' || state.source === 'widget') counters.sequence_votes = 1;
  for (const key of state.qualifications) qualifications[key] = 1;
  return { counters, qualifications };
}

const sameState = (a: VoteState | null, b: VoteState) =>
  a !== null && a.vote === b.vote && a.trusted === b.trusted && a.source === b.source && a.qualifications.length === b.qualifications.length && a.qualifications.every((key) => b.qualifications.includes(key));

/**
 * Locks the proposal's row for the rest of the transaction: every vote on it queues behind the
 * others, so counters read and written here never lose an update. Only accepted proposals of this
 * instance take votes.
 */
async function lockVotable(trx: Transaction<Database>, context: Context, proposalId: string) {
  const proposal = await trx
    .selectFrom('proposals')
    .select(['id', 'status', 'agree', 'disagree', 'neutral', 'qualifications'])
    .where('id', '=', proposalId)
    .where('instance_id', '=', context.instance.id)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!proposal || proposal.status !== 'accepted') return refuse('proposalId', 'proposal.unknown', 404);
  return proposal;
}

/**
 * Replaces a participant's vote by `next` and moves the proposal's counters by the difference,
 * inside the caller's transaction (which holds the proposal's lock). Answers the counts after.
 */
async function writeVote(
  trx: Transaction<Database>,
  proposal: Awaited<ReturnType<typeof lockVotable>>,
  userId: string,
  before: VoteState | null,
  next: VoteState,
  segments: Record<string, string> | null,
): Promise<ProposalCounts> {
  if (sameState(before, next)) return countsOf(proposal);
  const now = new Date();
  if (before) {
    await trx
      .updateTable('proposal_votes')
      .set({ vote: next.vote, qualifications: next.qualifications, source: next.source, trusted: next.trusted, updated_at: now, ...(segments ? { segments: JSON.stringify(segments) } : {}) })
      .where('proposal_id', '=', proposal.id)
      .where('user_id', '=', userId)
      .execute();
  } else {
    await trx
      .insertInto('proposal_votes')
      .values({ proposal_id: proposal.id, user_id: userId, vote: next.vote, qualifications: next.qualifications, source: next.source, trusted: next.trusted, segments: JSON.stringify(segments ?? {}) })
      .execute();
  }
  const removed = contributionOf(before);
  const added = contributionOf(next);
  const delta = (key: keyof typeof added.counters) => added.counters[key] - removed.counters[key];
  const qualifications = { ...proposal.qualifications };
  for (const key of new Set([...Object.keys(removed.qualifications), ...Object.keys(added.qualifications)])) {
    const count = (qualifications[key] ?? 0) + (added.qualifications[key] ?? 0) - (removed.qualifications[key] ?? 0);
    if (count > 0) qualifications[key] = count;
    else delete qualifications[key];
  }
  const updated = await trx
    .updateTable('proposals')
    .set((eb) => ({
      agree: eb('agree', '+', delta('agree')),
      disagree: eb('disagree', '+', delta('disagree')),
      neutral: eb('neutral', '+', delta('neutral')),
      sequence_votes: eb('sequence_votes', '+', delta('sequence_votes')),
      untrusted_votes: eb('untrusted_votes', '+', delta('untrusted_votes')),
      qualifications: JSON.stringify(qualifications),
    }))
    .where('id', '=', proposal.id)
    .returning(['agree', 'disagree', 'neutral', 'qualifications'])
    .executeTakeFirstOrThrow();
  return countsOf(updated);
}

/** The voter's consented segment answers in this consultation and the campaign they came from, kept with each vote. */
async function segmentsOf({ db, consultation }: Context, userId: string): Promise<Record<string, string>> {
  const [answers, membership] = await Promise.all([
    db.selectFrom('participant_segments').select(['field', 'value']).where('consultation_id', '=', consultation.id).where('user_id', '=', userId).orderBy('field').execute(),
    db.selectFrom('memberships').select('source').where('consultation_id', '=', consultation.id).where('user_id', '=', userId).where('source', 'is not', null).orderBy('created_at').executeTakeFirst(),
  ]);
  const segments: Record<string, string> = Object.fromEntries(answers.map((answer) => [answer.field, answer.value]));
  if (membership?.source) segments.source = membership.source;
  return segments;
}

function proposalIdFrom(form: FormData): string {
  const proposalId = formText(form, 'proposalId');
  return isUuid(proposalId) ? proposalId : refuse('proposalId', 'proposal.unknown', 404);
}

/**
 * A vote on an accepted proposal (`proposalId`, `vote`, `key`: the card's key, `source`). One per
 * participant and proposal: the same vote again changes nothing, another one replaces it and drops
 * its qualifications. Without a valid key the vote is kept but never counted.
 */
export async function castVote(context: Context, form: FormData): Promise<VoteOutcome> {
  if (!mayVote(context)) refuse('form', 'notAllowed', 403);
  const proposalId = proposalIdFrom(form);
  const vote = formText(form, 'vote') as VoteKind;
  if (!voteKinds.includes(vote)) refuse('vote', 'vote.unknown');
  const source = (formText(form, 'source') || 'proposal') as VoteSource;
  if (!voteSources.includes(source)) refuse('source', 'source.unknown');
  const { db, actor } = context;
  const userId = actor.userId!;
  const key = formText(form, 'key');
  const [trusted, segments] = await Promise.all([key ? isCardKey(db, key, proposalId, userId) : false, segmentsOf(context, userId)]);

  const outcome = await db.transaction().execute(async (trx) => {
    const proposal = await lockVotable(trx, context, proposalId);
    const row = await trx.selectFrom('proposal_votes').select(['vote', 'qualifications', 'source', 'trusted']).where('proposal_id', '=', proposalId).where('user_id', '=', userId).executeTakeFirst();
    const before: VoteState | null = row ?? null;
    let next: VoteState;
    if (before && before.vote === vote) {
      // The same vote again: nothing moves, except that a vote sent without its card's key becomes
      // trusted once the card's key comes with it.
      next = !before.trusted && trusted ? { ...before, trusted, source } : before;
    } else {
      next = { vote, qualifications: [], source, trusted };
    }
    const counts = await writeVote(trx, proposal, userId, before, next, segments);
    return { proposalId, vote: next.vote, qualifications: next.qualifications, counts };
  });
  return outcome;
}

/**
 * Adds (`on`=1) or removes (`on`=0) a qualification of the reader's vote on a proposal; it must
 * go with that vote ("I love it" only under agree…).
 */
export async function qualify(context: Context, form: FormData): Promise<VoteOutcome> {
  if (!mayVote(context)) refuse('form', 'notAllowed', 403);
  const proposalId = proposalIdFrom(form);
  const qualification = formText(form, 'qualification');
  if (!qualificationKeys.includes(qualification)) refuse('qualification', 'qualification.unknown');
  const on = formText(form, 'on') !== '0';
  const userId = context.actor.userId!;
  return context.db.transaction().execute(async (trx) => {
    const proposal = await lockVotable(trx, context, proposalId);
    const before = await trx.selectFrom('proposal_votes').select(['vote', 'qualifications', 'source', 'trusted']).where('proposal_id', '=', proposalId).where('user_id', '=', userId).executeTakeFirst();
    if (!before) return refuse('qualification', 'vote.missing');
    if (!qualificationFits(before.vote, qualification)) refuse('qualification', 'qualification.mismatch');
    const has = before.qualifications.includes(qualification);
    const qualifications = on && !has ? [...before.qualifications, qualification] : !on && has ? before.qualifications.filter((key) => key !== qualification) : before.qualifications;
    const counts = await writeVote(trx, proposal, userId, before, { ...before, qualifications }, null);
    return { proposalId, vote: before.vote, qualifications, counts };
  });
}

// ---- reading --------------------------------------------------------------------------------

/**
 * One proposal's page: an accepted one for anybody, their own in any status for its author, any
 * for moderators; null otherwise. Counts appear once the reader has voted (or to moderators).
 */
export async function proposalPage(context: Context, proposalId: string): Promise<ProposalPageData | null> {
  if (!isUuid(proposalId)) return null;
  const { db, instance, actor } = context;
  const row = await db
    .selectFrom('proposals')
    .leftJoin('themes', 'themes.id', 'proposals.theme_id')
    .leftJoin('users', 'users.id', 'proposals.author_id')
    .select([
      'proposals.id',
      'proposals.body',
      'proposals.language',
      'proposals.status',
      'proposals.refusal_reason',
      'proposals.author_id',
      'proposals.created_at',
      'proposals.agree',
      'proposals.disagree',
      'proposals.neutral',
      'proposals.qualifications',
      'themes.title as theme_title',
      'users.display_name',
      'users.pseudonym',
      'users.is_anonymous',
    ])
    .where('proposals.id', '=', proposalId)
    .where('proposals.instance_id', '=', instance.id)
    .executeTakeFirst();
  if (!row) return null;
  const isMine = actor.userId !== null && row.author_id === actor.userId;
  const moderator = mayModerate(context);
  if (row.status !== 'accepted' && !isMine && !moderator) return null;
  const myVote = actor.userId ? ((await myVotesOn(db, [row.id], actor.userId)).get(row.id) ?? null) : null;
  const votable = row.status === 'accepted' && mayVote(context);
  return {
    id: row.id,
    prefix: prefixIn(context, row.language),
    body: row.body,
    lang: row.language,
    status: row.status,
    refusalReason: isMine || moderator ? row.refusal_reason : null,
    theme: themeTitle(context, row.theme_title),
    authorName: row.display_name === null ? null : row.is_anonymous ? row.pseudonym : row.display_name,
    isMine,
    createdAt: row.created_at.toISOString(),
    counts: myVote || moderator ? countsOf(row) : null,
    myVote,
    key: votable ? await cardKey(db, row.id, actor.userId!) : null,
    source: 'proposal',
  };
}

/** The reader's own proposals in this instance, newest first, with why a refused one was refused. */
export async function myProposals(context: Context): Promise<MineData> {
  const { db, instance, actor } = context;
  if (actor.userId === null) return { proposals: [] };
  const rows = await db
    .selectFrom('proposals')
    .leftJoin('themes', 'themes.id', 'proposals.theme_id')
    .select([
      'proposals.id',
      'proposals.body',
      'proposals.language',
      'proposals.status',
      'proposals.refusal_reason',
      'proposals.created_at',
      'proposals.agree',
      'proposals.disagree',
      'proposals.neutral',
      'proposals.qualifications',
      'themes.title as theme_title',
    ])
    .where('proposals.instance_id', '=', instance.id)
    .where('proposals.author_id', '=', actor.userId)
    .orderBy('proposals.created_at', 'desc')
    .orderBy('proposals.id')
    .limit(500)
    .execute();
  return {
    proposals: rows.map((row) => ({
      id: row.id,
      prefix: prefixIn(context, row.language),
      body: row.body,
      lang: row.language,
      status: row.status,
      refusalReason: row.refusal_reason,
      theme: themeTitle(context, row.theme_title),
      createdAt: row.created_at.toISOString(),
      counts: countsOf(row),
    })),
  };
}

/** The consultation page's summary: accepted proposals, trusted votes, and the backlog for moderators. */
export async function proposalsSummary(context: Context): Promise<ProposalsSummaryData> {
  const { db, instance } = context;
  const totals = await db
    .selectFrom('proposals')
    .select((eb) => [
      eb.fn.count<string>('id').filterWhere('status', '=', 'accepted').as('accepted'),
      eb.fn.count<string>('id').filterWhere('status', '=', 'pending').as('pending'),
      sql<string>`coalesce(sum(agree + disagree + neutral) filter (where status = 'accepted'), 0)`.as('votes'),
    ])
    .where('instance_id', '=', instance.id)
    .executeTakeFirstOrThrow();
  return {
    proposals: Number(totals.accepted),
    votes: Number(totals.votes),
    pending: mayModerate(context) ? Number(totals.pending) : null,
    prefix: pickLanguage(instance.config.prefix, context.locale, context.consultation.default_language),
  };
}

/** Accepted proposals with their counts for the consultation's exports; authors stay out of it. */
export async function proposalExportRows(context: Context): Promise<Record<string, string | number | null>[]> {
  const { db, instance } = context;
  const rows = await db
    .selectFrom('proposals')
    .leftJoin('themes', 'themes.id', 'proposals.theme_id')
    .select([
      'proposals.id',
      'proposals.body',
      'proposals.language',
      'proposals.idea_id',
      'proposals.created_at',
      'proposals.agree',
      'proposals.disagree',
      'proposals.neutral',
      'proposals.untrusted_votes',
      'proposals.qualifications',
      'themes.slug as theme',
    ])
    .where('proposals.instance_id', '=', instance.id)
    .where('proposals.status', '=', 'accepted')
    .orderBy('proposals.created_at')
    .orderBy('proposals.id')
    .execute();
  return rows.map((row) => ({
    proposal: row.id,
    language: row.language,
    text: `${prefixIn(context, row.language)} ${row.body}`,
    theme: row.theme ?? null,
    idea: row.idea_id,
    createdAt: row.created_at.toISOString(),
    agree: row.agree,
    disagree: row.disagree,
    neutral: row.neutral,
    votes: row.agree + row.disagree + row.neutral,
    untrustedVotes: row.untrusted_votes,
    ...Object.fromEntries(qualificationKeys.map((key) => [key, row.qualifications?.[key] ?? 0])),
  }));
}

/** How many proposals this instance offers to prioritise: its accepted ones. */
export async function acceptedCount({ db, instance }: Context): Promise<number> {
  const row = await db.selectFrom('proposals').select((eb) => eb.fn.countAll<string>().as('count')).where('instance_id', '=', instance.id).where('status', '=', 'accepted').executeTakeFirstOrThrow();
  return Number(row.count);
}
