import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SegmentField } from '../../platform/db/schema';
import { pickLanguage } from '../../platform/i18n/languages';
import { formText, isUuid } from '../../platform/modules/form';
import { refuse } from '../../platform/modules/errors';
import type { ModuleContext, ModuleServer } from '../../platform/modules/server';
import { phaseStanding } from '../../platform/phases';
import { can } from '../../platform/policy';
import { createThrottle } from '../../platform/realtime/throttle';
import { tokenVoteManifest, type TokenVoteConfig } from './manifest';
import { loadTokenVoteSettings, tokenVoteConfigFromForm } from './settings.server';
import { resultsOf, segmentFieldsOf, votersOf } from './results.server';
import { checkGauge, checkMove, rulesFor, spentOf, type Allocation, type TokenMove } from './tokens';
import { resultsChanged, resultsThrottleMs, type Ballot, type TokenVotePageData, type TokenVoteSummaryData, type VoteItemView } from './token-vote-data';

type Context = ModuleContext<TokenVoteConfig>;

/** The items of the vote that still exist, in the strategist's order, as the voting screen shows them. */
async function itemViews({ db, consultation, instance }: Context): Promise<VoteItemView[]> {
  const items = instance.config.items;
  if (items.length === 0) return [];
  const rows = await db
    .selectFrom('ideas')
    .leftJoin('extracts', 'extracts.idea_id', 'ideas.id')
    .select((eb) => ['ideas.id', 'ideas.title', 'ideas.description', eb.fn.count<string>('extracts.id').as('extracts')])
    .where('ideas.consultation_id', '=', consultation.id)
    .where(
      'ideas.id',
      'in',
      items.map((item) => item.id),
    )
    .groupBy('ideas.id')
    .execute();
  return items.flatMap((item): VoteItemView[] => {
    const row = rows.find((candidate) => candidate.id === item.id);
    if (!row) return [];
    return [
      {
        id: row.id,
        kind: item.kind,
        title: row.title,
        description: row.description,
        sourcePath: `/consultations/${consultation.slug}/ideas/${row.id}`,
        extracts: Number(row.extracts),
        rules: rulesFor(instance.config, item),
      },
    ];
  });
}

async function allocationsOf(db: Kysely<Database>, instanceId: string, userId: string): Promise<Allocation[]> {
  const rows = await db
    .selectFrom('token_allocations')
    .select(['item_id', 'category_key', 'tokens'])
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('item_id')
    .orderBy('category_key')
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, category: row.category_key, tokens: row.tokens }));
}

/** A participant's ballot as the voting screen shows it: tokens placed, tokens left, gauge answers. */
async function ballotOf(db: Kysely<Database>, config: TokenVoteConfig, instanceId: string, userId: string): Promise<Ballot> {
  const [allocations, gauges] = await Promise.all([
    allocationsOf(db, instanceId, userId),
    db.selectFrom('gauge_votes').select(['item_id', 'gauge_key', 'value', 'choice']).where('instance_id', '=', instanceId).where('user_id', '=', userId).execute(),
  ]);
  const spent = spentOf(allocations);
  const left = Object.fromEntries(config.categories.map((category) => [category.key, Math.max(0, category.budget - (spent[category.key] ?? 0))]));
  const answers: Ballot['gauges'] = {};
  for (const row of gauges) (answers[row.item_id] ??= {})[row.gauge_key] = row.choice ?? row.value!;
  return { allocations, left, gauges: answers };
}

/**
 * Opens a participant's ballot for a change: the upsert of their ballot row locks it until the
 * transaction ends, so their requests queue behind each other and each sees what the previous
 * ones committed; and the consultation row is read under a share lock, so a phase that closes
 * meanwhile waits for this change or refuses it. See docs/decisions/008-token-budgets.md.
 */
async function lockBallot(trx: Transaction<Database>, context: Context): Promise<void> {
  const { consultation, instance, actor } = context;
  const current = await trx.selectFrom('consultations').select(['lifecycle_state', 'phases']).where('id', '=', consultation.id).forShare().executeTakeFirstOrThrow();
  if (phaseStanding(instance.phase, current.lifecycle_state, current.phases) !== 'current') refuse('form', 'closed', 409);
  const now = new Date();
  await trx
    .insertInto('token_ballots')
    .values({ instance_id: instance.id, user_id: actor.userId!, created_at: now, updated_at: now, changes: 1 })
    .onConflict((oc) => oc.columns(['instance_id', 'user_id']).doUpdateSet({ updated_at: now, changes: sql<number>`token_ballots.changes + 1` }))
    .execute();
}

/** After a change, whether the ballot still holds anything: a participant who took every token back is no longer a voter. */
async function markVoted(trx: Transaction<Database>, instanceId: string, userId: string): Promise<void> {
  await trx
    .updateTable('token_ballots')
    .set({
      voted: sql<boolean>`exists (select 1 from token_allocations where instance_id = ${instanceId} and user_id = ${userId})
        or exists (select 1 from gauge_votes where instance_id = ${instanceId} and user_id = ${userId})`,
    })
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .execute();
}

// One signal per instance and second at most, however many tokens move (see the decision record).
const throttle = createThrottle(resultsThrottleMs);
const signalResults = (context: Context) => throttle(context.instance.id, () => context.emit(resultsChanged, {}));

function mayVote(context: Context): boolean {
  return context.open && context.actor.userId !== null && can(context.actor, 'votes.cast', context.consultation);
}

/** One token more or less of a category on an item (`itemId`, `category`, `op`): answers the new ballot. */
async function moveToken(context: Context, form: FormData): Promise<Ballot> {
  if (!mayVote(context)) refuse('form', 'notAllowed', 403);
  const op = formText(form, 'op') || 'add';
  if (op !== 'add' && op !== 'remove') refuse('tokens', 'op.unknown');
  const move: TokenMove = { itemId: formText(form, 'itemId'), category: formText(form, 'category'), op: op as TokenMove['op'] };
  if (!isUuid(move.itemId)) refuse('tokens', 'item.unknown');
  const { db, instance, actor } = context;
  const userId = actor.userId!;
  await db.transaction().execute(async (trx) => {
    await lockBallot(trx, context);
    const allocations = await allocationsOf(trx, instance.id, userId);
    const verdict = checkMove(instance.config, allocations, move);
    if (!verdict.ok) refuse('tokens', verdict.code);
    const row = trx
      .updateTable('token_allocations')
      .where('instance_id', '=', instance.id)
      .where('user_id', '=', userId)
      .where('item_id', '=', move.itemId)
      .where('category_key', '=', move.category);
    const here = allocations.find((allocation) => allocation.itemId === move.itemId && allocation.category === move.category)?.tokens ?? 0;
    if (move.op === 'add' && here === 0) {
      await trx.insertInto('token_allocations').values({ instance_id: instance.id, user_id: userId, item_id: move.itemId, category_key: move.category, tokens: 1 }).execute();
    } else if (move.op === 'add' || here > 1) {
      await row.set({ tokens: here + (move.op === 'add' ? 1 : -1), updated_at: new Date() }).execute();
    } else {
      // The last token of a kind on an item: the row goes (the database keeps no empty allocation).
      await trx
        .deleteFrom('token_allocations')
        .where('instance_id', '=', instance.id)
        .where('user_id', '=', userId)
        .where('item_id', '=', move.itemId)
        .where('category_key', '=', move.category)
        .execute();
    }
    await markVoted(trx, instance.id, userId);
  });
  signalResults(context);
  return ballotOf(db, instance.config, instance.id, userId);
}

/** An answer to a gauge of an item (`itemId`, `gauge`, `value`; an empty value withdraws it): answers the new ballot. */
async function answerGauge(context: Context, form: FormData): Promise<Ballot> {
  if (!mayVote(context)) refuse('form', 'notAllowed', 403);
  const itemId = formText(form, 'itemId');
  if (!isUuid(itemId)) refuse('gauge', 'item.unknown');
  const verdict = checkGauge(context.instance.config, itemId, formText(form, 'gauge'), formText(form, 'value'));
  if (!verdict.ok) refuse('gauge', verdict.code);
  const answer = verdict as Extract<typeof verdict, { ok: true }>;
  const { db, instance, actor } = context;
  const userId = actor.userId!;
  await db.transaction().execute(async (trx) => {
    await lockBallot(trx, context);
    const key = { instance_id: instance.id, user_id: userId, item_id: itemId, gauge_key: answer.gauge.key };
    if (answer.value === null && answer.choice === null) {
      await trx
        .deleteFrom('gauge_votes')
        .where('instance_id', '=', key.instance_id)
        .where('user_id', '=', key.user_id)
        .where('item_id', '=', key.item_id)
        .where('gauge_key', '=', key.gauge_key)
        .execute();
    } else {
      const values = { value: answer.value, choice: answer.choice, updated_at: new Date() };
      await trx
        .insertInto('gauge_votes')
        .values({ ...key, ...values })
        .onConflict((oc) => oc.columns(['instance_id', 'user_id', 'item_id', 'gauge_key']).doUpdateSet(values))
        .execute();
    }
    await markVoted(trx, instance.id, userId);
  });
  signalResults(context);
  return ballotOf(db, instance.config, instance.id, userId);
}

/**
 * Whether the reader sees the results: the team always; participants while the vote runs when
 * the strategist chose `live`, else once its phase is over.
 */
function resultsVisibility(context: Context): { visible: boolean; hidden: TokenVotePageData['resultsHidden'] } {
  const { actor, consultation, instance } = context;
  const standing = phaseStanding(instance.phase, consultation.lifecycle_state, consultation.phases);
  if (can(actor, 'results.view', consultation)) return { visible: true, hidden: null };
  if (standing === 'future') return { visible: false, hidden: 'notYet' };
  if (standing === 'past' || instance.config.results === 'live') return { visible: true, hidden: null };
  return { visible: false, hidden: 'afterClose' };
}

/** The segment field a results reader asked for, when they may split results and it is one the consultation collects. */
function segmentAsked(context: Context, query: URLSearchParams): SegmentField | 'source' | null {
  if (!can(context.actor, 'results.view', context.consultation)) return null;
  const asked = query.get('segment') ?? '';
  return (segmentFieldsOf(context.consultation) as string[]).includes(asked) ? (asked as SegmentField | 'source') : null;
}

export const tokenVoteServer: ModuleServer<TokenVoteConfig, TokenVoteSummaryData, TokenVotePageData> = {
  id: tokenVoteManifest.id,

  async load(context) {
    const items = await itemViews(context);
    const visibility = resultsVisibility(context);
    const results = visibility.visible && items.length > 0 ? await resultsOf(context, items, null) : null;
    const voters = results?.voters ?? (await votersOf(context, items));
    const ballot = mayVote(context) ? await ballotOf(context.db, context.instance.config, context.instance.id, context.actor.userId!) : null;
    return {
      items: items.length,
      voters,
      left: ballot?.left ?? null,
      leaders: results ? results.items.slice(0, 3).map((item) => ({ id: item.id, title: item.title, net: item.net })) : null,
    };
  },

  async page(context, query) {
    const { actor, consultation, instance, db } = context;
    const items = await itemViews(context);
    const view = query.get('view') === 'results' ? 'results' : 'vote';
    const visibility = resultsVisibility(context);
    const segment = segmentAsked(context, query);
    const voting = mayVote(context);
    let ballot: Ballot | null = null;
    if (actor.userId !== null) {
      ballot = await ballotOf(db, instance.config, instance.id, actor.userId);
      // Someone who cannot vote and never did has no ballot to show.
      if (!voting && ballot.allocations.length === 0 && Object.keys(ballot.gauges).length === 0) ballot = null;
    }
    return {
      title: tokenVoteManifest.name,
      view,
      items,
      ballot,
      mayVote: voting,
      viewer: { userId: actor.userId, mayJoin: context.open && !voting && can(actor, 'consultation.join', consultation) },
      results: visibility.visible && view === 'results' ? await resultsOf(context, items, segment) : null,
      resultsHidden: visibility.hidden,
      mayAnalyse: can(actor, 'results.view', consultation),
      segmentFields: can(actor, 'results.view', consultation) ? segmentFieldsOf(consultation) : [],
      segment,
    };
  },

  actions: {
    tokens: moveToken,
    gauge: answerGauge,
  },

  settings: {
    load: loadTokenVoteSettings,
    save: tokenVoteConfigFromForm,
  },

  async download(context, query) {
    if (!can(context.actor, 'results.view', context.consultation)) refuse('form', 'notAllowed', 403);
    const items = await itemViews(context);
    const segment = segmentAsked(context, query);
    const results = await resultsOf(context, items, segment);
    const { consultation, instance, locale } = context;
    const label = (text: Record<string, string | undefined>) => pickLanguage(text, locale, consultation.default_language).text;
    const gaugeColumns = (result: (typeof results.items)[number]) => {
      const columns: Record<string, string | number | null> = {};
      for (const gauge of instance.config.gauges) {
        const outcome = result.gauges[gauge.key];
        const name = label(gauge.label);
        if (gauge.type === 'numeric') {
          const numeric = outcome?.type === 'numeric' ? outcome : null;
          columns[`${name}: answers`] = numeric?.count ?? 0;
          columns[`${name}: median`] = numeric?.median ?? null;
          columns[`${name}: first quartile`] = numeric?.q1 ?? null;
          columns[`${name}: third quartile`] = numeric?.q3 ?? null;
        } else {
          const labelled = outcome?.type === 'labelled' ? outcome : null;
          for (const choice of gauge.choices) columns[`${name}: ${label(choice.label)}`] = labelled?.counts[choice.key] ?? 0;
        }
      }
      return columns;
    };
    const totals = (values: Record<string, number>) => Object.fromEntries(instance.config.categories.map((category) => [label(category.label), values[category.key] ?? 0]));
    const rows = results.items.map((result) => ({
      rank: result.rank,
      item: result.title,
      ...totals(result.totals),
      net: result.net,
      voters: result.voters,
      ...gaugeColumns(result),
      ...(results.segments ? { segment: 'all' } : {}),
    }));
    // Split by segment: one more row per item and segment value shown.
    for (const group of results.segments?.groups ?? []) {
      for (const entry of group.items) {
        const result = results.items.find((candidate) => candidate.id === entry.id);
        if (!result) continue;
        rows.push({ rank: result.rank, item: result.title, ...totals(entry.totals), net: entry.net, voters: group.voters, ...gaugeColumns({ ...result, gauges: {} }), segment: `${segment}=${group.value}` });
      }
    }
    return { filename: `token-vote-${consultation.slug}${segment ? `-${segment}` : ''}.csv`, rows };
  },

  async exportRows(context) {
    const items = await itemViews(context);
    const results = await resultsOf(context, items, null);
    return results.items.map((result) => ({
      module: 'token-vote',
      phase: context.instance.phase,
      item: result.id,
      item_title: result.title,
      rank: result.rank,
      net: result.net,
      voters: result.voters,
      ...Object.fromEntries(Object.entries(result.totals).map(([key, tokens]) => [`tokens_${key}`, tokens])),
    }));
  },

  candidateItems: async (context) => (await itemViews(context)).length,

  // The priorities as voted, for the report of the consultation's results (the proposals' report).
  async ranking(context) {
    const results = await resultsOf(context, await itemViews(context), null);
    return {
      name: tokenVoteManifest.name,
      valueName: { fr: 'Score net (jetons pour moins jetons contre)', en: 'Net score (tokens for minus tokens against)' },
      items: results.items.map((item) => ({ title: item.title, rank: item.rank, value: item.net, voters: item.voters })).sort((a, b) => a.rank - b.rank),
    };
  },
};
