import { sql, type AliasedSelectQueryBuilder } from 'kysely';
import type { Consultation, SegmentField } from '../../platform/db/schema';
import type { ModuleContext } from '../../platform/modules/server';
import type { TokenVoteConfig } from './manifest';
import { minSegmentVoters, type GaugeResult, type ItemResult, type SegmentGroup, type TokenResults, type VoteItemView } from './token-vote-data';

/*
 * A token vote's results, computed in the database: totals per item and category, net score,
 * voters, gauge distributions, ranking, and the split by segment. Only the items the
 * configuration lists count (a ballot may hold tokens on an item since removed from the vote).
 */

type Context = ModuleContext<TokenVoteConfig>;

/** Fields results may be split by: the segment questions the consultation asks (consented answers only), and where people were recruited. */
export function segmentFieldsOf(consultation: Consultation): (SegmentField | 'source')[] {
  return [...consultation.segment_fields, 'source'];
}

/** Everyone with a token or a gauge answer on one of the items, with the item. */
function votes({ db, instance }: Context, itemIds: string[]) {
  return db
    .selectFrom('token_allocations')
    .select(['user_id', 'item_id'])
    .where('instance_id', '=', instance.id)
    .where('item_id', 'in', itemIds)
    .union(db.selectFrom('gauge_votes').select(['user_id', 'item_id']).where('instance_id', '=', instance.id).where('item_id', 'in', itemIds));
}

/**
 * The vote's state and its voters (ballots holding a token or a gauge answer), from the ballots'
 * index. The state is the sum of every ballot's change count: each committed change raises it,
 * whatever order concurrent changes commit in.
 */
async function voteState({ db, instance }: Context): Promise<{ changes: string; voters: number }> {
  const row = await db
    .selectFrom('token_ballots')
    .select((eb) => [eb.fn.sum<string>('changes').as('changes'), eb.fn.count<string>('user_id').filterWhere('voted', '=', true).as('voters')])
    .where('instance_id', '=', instance.id)
    .executeTakeFirst();
  return { changes: String(row?.changes ?? 0), voters: Number(row?.voters ?? 0) };
}

/** How many people voted. */
export async function votersOf(context: Context, items: readonly VoteItemView[]): Promise<number> {
  return items.length === 0 ? 0 : (await voteState(context)).voters;
}

/** Each voter's value of a segment field (consented segment answers, or recruitment source). */
function segmentValues({ db, consultation }: Context, field: SegmentField | 'source'): AliasedSelectQueryBuilder<{ user_id: string; value: string }, 'segment'> {
  if (field === 'source') {
    return db
      .selectFrom('memberships')
      .select((eb) => ['memberships.user_id', eb.fn.max<string>('memberships.source').as('value')])
      .where('memberships.consultation_id', '=', consultation.id)
      .where('memberships.source', 'is not', null)
      .groupBy('memberships.user_id')
      .as('segment');
  }
  return db
    .selectFrom('participant_segments')
    .select(['participant_segments.user_id', 'participant_segments.value'])
    .where('participant_segments.consultation_id', '=', consultation.id)
    .where('participant_segments.field', '=', field)
    .as('segment');
}

function netOf(config: TokenVoteConfig, totals: Record<string, number>): number {
  return config.categories.reduce((net, category) => net + (category.sign === 'for' ? 1 : -1) * (totals[category.key] ?? 0), 0);
}

const forTokens = (config: TokenVoteConfig, totals: Record<string, number>) =>
  config.categories.filter((category) => category.sign === 'for').reduce((sum, category) => sum + (totals[category.key] ?? 0), 0);

async function segmentSplit(context: Context, itemIds: string[], field: SegmentField | 'source', voters: number) {
  const { db, instance } = context;
  const values = segmentValues(context, field);
  const [people, tokens] = await Promise.all([
    db
      .selectFrom(votes(context, itemIds).as('votes'))
      .innerJoin(values, 'segment.user_id', 'votes.user_id')
      .select((eb) => ['segment.value', eb.fn.count<string>('votes.user_id').distinct().as('voters')])
      .groupBy('segment.value')
      .execute(),
    db
      .selectFrom('token_allocations')
      .innerJoin(values, 'segment.user_id', 'token_allocations.user_id')
      .select((eb) => ['segment.value', 'token_allocations.item_id', 'token_allocations.category_key', eb.fn.sum<string>('token_allocations.tokens').as('tokens')])
      .where('token_allocations.instance_id', '=', instance.id)
      .where('token_allocations.item_id', 'in', itemIds)
      .groupBy(['segment.value', 'token_allocations.item_id', 'token_allocations.category_key'])
      .execute(),
  ]);
  // A group of fewer voters than this could single somebody out: it is counted, not shown.
  const groups: SegmentGroup[] = people
    .filter((row) => Number(row.voters) >= minSegmentVoters)
    .map((row) => {
      const value = String(row.value);
      const items = itemIds.map((id) => {
        const totals = Object.fromEntries(
          tokens.filter((entry) => String(entry.value) === value && entry.item_id === id).map((entry) => [entry.category_key, Number(entry.tokens)]),
        );
        return { id, totals, net: netOf(context.instance.config, totals) };
      });
      return { value, voters: Number(row.voters), items };
    })
    .sort((a, b) => b.voters - a.voters || a.value.localeCompare(b.value));
  return { field, groups, unshown: voters - groups.reduce((sum, group) => sum + group.voters, 0) };
}

async function computeResults(context: Context, items: readonly VoteItemView[], segment: SegmentField | 'source' | null): Promise<TokenResults> {
  if (items.length === 0) return { voters: 0, items: [], segments: null };
  const { db, instance } = context;
  const config = instance.config;
  const itemIds = items.map((item) => item.id);
  const [tokens, perItem, numeric, labelled, voters] = await Promise.all([
    db
      .selectFrom('token_allocations')
      .select((eb) => ['item_id', 'category_key', eb.fn.sum<string>('tokens').as('tokens')])
      .where('instance_id', '=', instance.id)
      .where('item_id', 'in', itemIds)
      .groupBy(['item_id', 'category_key'])
      .execute(),
    // The union already keeps one row per voter and item.
    db
      .selectFrom(votes(context, itemIds).as('votes'))
      .select((eb) => ['votes.item_id', eb.fn.countAll<string>().as('voters')])
      .groupBy('votes.item_id')
      .execute(),
    db
      .selectFrom('gauge_votes')
      .select((eb) => [
        'item_id',
        'gauge_key',
        eb.fn.count<string>('value').as('count'),
        sql<number | null>`percentile_cont(0.5) within group (order by value)`.as('median'),
        sql<number | null>`percentile_cont(0.25) within group (order by value)`.as('q1'),
        sql<number | null>`percentile_cont(0.75) within group (order by value)`.as('q3'),
        eb.fn.min<number | null>('value').as('min'),
        eb.fn.max<number | null>('value').as('max'),
      ])
      .where('instance_id', '=', instance.id)
      .where('item_id', 'in', itemIds)
      .where('value', 'is not', null)
      .groupBy(['item_id', 'gauge_key'])
      .execute(),
    db
      .selectFrom('gauge_votes')
      .select((eb) => ['item_id', 'gauge_key', 'choice', eb.fn.countAll<string>().as('count')])
      .where('instance_id', '=', instance.id)
      .where('item_id', 'in', itemIds)
      .where('choice', 'is not', null)
      .groupBy(['item_id', 'gauge_key', 'choice'])
      .execute(),
    voteState(context).then((state) => state.voters),
  ]);

  const unranked = items.map((item): Omit<ItemResult, 'rank'> => {
    const totals = Object.fromEntries(config.categories.map((category) => [category.key, Number(tokens.find((row) => row.item_id === item.id && row.category_key === category.key)?.tokens ?? 0)]));
    const gauges: Record<string, GaugeResult> = {};
    for (const gauge of item.rules.gauges) {
      if (gauge.type === 'numeric') {
        const row = numeric.find((candidate) => candidate.item_id === item.id && candidate.gauge_key === gauge.key);
        gauges[gauge.key] = {
          type: 'numeric',
          count: Number(row?.count ?? 0),
          median: row?.median ?? null,
          q1: row?.q1 ?? null,
          q3: row?.q3 ?? null,
          min: row?.min ?? null,
          max: row?.max ?? null,
        };
      } else {
        const counts = Object.fromEntries(
          gauge.choices.map((choice) => [choice.key, Number(labelled.find((row) => row.item_id === item.id && row.gauge_key === gauge.key && row.choice === choice.key)?.count ?? 0)]),
        );
        gauges[gauge.key] = { type: 'labelled', count: Object.values(counts).reduce((sum, count) => sum + count, 0), counts };
      }
    }
    return {
      id: item.id,
      title: item.title,
      totals,
      net: netOf(config, totals),
      voters: Number(perItem.find((row) => row.item_id === item.id)?.voters ?? 0),
      gauges,
    };
  });
  const ranked = [...unranked].sort((a, b) => b.net - a.net || forTokens(config, b.totals) - forTokens(config, a.totals) || a.title.localeCompare(b.title));
  return {
    voters,
    items: ranked.map((item) => ({ ...item, rank: 1 + ranked.filter((other) => other.net > item.net).length })),
    segments: segment ? await segmentSplit(context, itemIds, segment, voters) : null,
  };
}

/**
 * Results computed once per state of the vote and shared: after a (throttled) results:changed
 * signal every reader asks at once, and all but the first get the same answer. A state is the
 * vote's change count, its configuration and its items; any committed change gives a new one.
 */
const computed = new Map<string, { state: string; results: Promise<TokenResults> }>();
const maxComputed = 500;

/** The results of the vote over `items`, ranked, split by `segment` when one is given. */
export async function resultsOf(context: Context, items: readonly VoteItemView[], segment: SegmentField | 'source' | null): Promise<TokenResults> {
  const { changes, voters } = await voteState(context);
  const key = `${context.instance.id}|${segment ?? ''}`;
  const state = JSON.stringify([changes, voters, context.instance.config, items.map((item) => [item.id, item.title])]);
  const known = computed.get(key);
  if (known && known.state === state) return known.results;
  const results = computeResults(context, items, segment);
  computed.delete(key);
  computed.set(key, { state, results });
  if (computed.size > maxComputed) computed.delete(computed.keys().next().value!);
  results.catch(() => {
    if (computed.get(key)?.results === results) computed.delete(key);
  });
  return results;
}
