import { typedNumber } from '../../platform/modules/form';
import type { Gauge, TokenCategory, TokenVoteConfig, VoteItem } from './manifest';

/*
 * The rules of a token vote, as pure functions the server and the browser share: which
 * categories and gauges an item takes (the template and the item's override), whether a move
 * keeps a participant within every rule, and whether a gauge answer is valid. The server runs
 * them on the participant's ballot while it holds its lock (see manifest.server.ts).
 */

export const maxItems = 200;
export const maxCategories = 4;
export const maxGauges = 4;
/** The most tokens of one category a participant may be given. */
export const maxTokens = 1000;

/** Tokens of one category a participant placed on one item. */
export interface Allocation {
  itemId: string;
  category: string;
  tokens: number;
}

export type TokenMove = { itemId: string; category: string; op: 'add' | 'remove' };

/** Why a move is refused: message keys (`errors.<code>`) of the token-vote namespace. */
export type MoveRefusal = 'item.unknown' | 'category.unknown' | 'category.off' | 'budget.spent' | 'item.full' | 'exclusive' | 'nothing.toRemove';

/** A category as it applies to one item. */
export interface ItemCategory {
  key: string;
  maxPerItem: number | null;
}

/** What an item takes: its categories (those not switched off) and gauges, overrides applied. */
export interface ItemRules {
  categories: ItemCategory[];
  gauges: Gauge[];
}

export function itemOf(config: TokenVoteConfig, itemId: string): VoteItem | undefined {
  return config.items.find((item) => item.id === itemId);
}

/** The template with the item's override applied. */
export function rulesFor(config: TokenVoteConfig, item: VoteItem): ItemRules {
  const override = item.override;
  const categories = config.categories.flatMap((category): ItemCategory[] => {
    const own = override?.categories?.[category.key];
    if (own?.off) return [];
    return [{ key: category.key, maxPerItem: own && own.maxPerItem !== undefined ? own.maxPerItem : category.maxPerItem }];
  });
  const gauges = config.gauges.flatMap((gauge): Gauge[] => {
    const own = override?.gauges?.[gauge.key];
    if (own?.off) return [];
    if (gauge.type !== 'numeric' || !own) return [gauge];
    return [{ ...gauge, min: own.min ?? gauge.min, max: own.max ?? gauge.max, step: own.step ?? gauge.step }];
  });
  return { categories, gauges };
}

/** Tokens spent per category key, over all items. */
export function spentOf(allocations: readonly Allocation[]): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const allocation of allocations) spent[allocation.category] = (spent[allocation.category] ?? 0) + allocation.tokens;
  return spent;
}

const onItem = (allocations: readonly Allocation[], itemId: string, category: string) =>
  allocations.find((allocation) => allocation.itemId === itemId && allocation.category === category)?.tokens ?? 0;

/** Whether two categories may not share an item: either one excludes the other. */
export function exclusive(a: TokenCategory, b: TokenCategory): boolean {
  return a.excludes.includes(b.key) || b.excludes.includes(a.key);
}

/**
 * Whether a participant whose tokens are `allocations` may make `move`. Removing is always
 * allowed while there is a token to remove (even if the strategist since switched the category
 * off or lowered a budget); adding must keep every budget, maximum and exclusion.
 */
export function checkMove(config: TokenVoteConfig, allocations: readonly Allocation[], move: TokenMove): { ok: true } | { ok: false; code: MoveRefusal } {
  const item = itemOf(config, move.itemId);
  if (!item) return { ok: false, code: 'item.unknown' };
  const category = config.categories.find((candidate) => candidate.key === move.category);
  if (!category) return { ok: false, code: 'category.unknown' };
  const here = onItem(allocations, move.itemId, move.category);
  if (move.op === 'remove') return here > 0 ? { ok: true } : { ok: false, code: 'nothing.toRemove' };
  const rule = rulesFor(config, item).categories.find((candidate) => candidate.key === move.category);
  if (!rule) return { ok: false, code: 'category.off' };
  if ((spentOf(allocations)[move.category] ?? 0) >= category.budget) return { ok: false, code: 'budget.spent' };
  if (rule.maxPerItem !== null && here >= rule.maxPerItem) return { ok: false, code: 'item.full' };
  const conflict = allocations.some((allocation) => {
    if (allocation.itemId !== move.itemId || allocation.category === move.category || allocation.tokens <= 0) return false;
    const other = config.categories.find((candidate) => candidate.key === allocation.category);
    return other ? exclusive(category, other) : false;
  });
  if (conflict) return { ok: false, code: 'exclusive' };
  return { ok: true };
}

/** The allocations after a move (which the caller has checked). */
export function applyMove(allocations: readonly Allocation[], move: TokenMove): Allocation[] {
  const delta = move.op === 'add' ? 1 : -1;
  const here = onItem(allocations, move.itemId, move.category);
  const others = allocations.filter((allocation) => !(allocation.itemId === move.itemId && allocation.category === move.category));
  const tokens = here + delta;
  return tokens > 0 ? [...others, { itemId: move.itemId, category: move.category, tokens }] : others;
}

/** Every rule the allocations break under the configuration (none for any ballot the server kept). */
export function brokenRules(config: TokenVoteConfig, allocations: readonly Allocation[]): string[] {
  const broken: string[] = [];
  const spent = spentOf(allocations);
  for (const category of config.categories) {
    if ((spent[category.key] ?? 0) > category.budget) broken.push(`budget:${category.key}`);
  }
  for (const allocation of allocations) {
    const item = itemOf(config, allocation.itemId);
    const category = config.categories.find((candidate) => candidate.key === allocation.category);
    if (!item || !category) {
      broken.push(`unknown:${allocation.itemId}:${allocation.category}`);
      continue;
    }
    if (allocation.tokens <= 0) broken.push(`empty:${allocation.itemId}:${allocation.category}`);
    const rule = rulesFor(config, item).categories.find((candidate) => candidate.key === allocation.category);
    if (!rule) broken.push(`off:${allocation.itemId}:${allocation.category}`);
    else if (rule.maxPerItem !== null && allocation.tokens > rule.maxPerItem) broken.push(`max:${allocation.itemId}:${allocation.category}`);
    for (const other of allocations) {
      if (other.itemId !== allocation.itemId || other.category <= allocation.category) continue;
      const otherCategory = config.categories.find((candidate) => candidate.key === other.category);
      if (otherCategory && exclusive(category, otherCategory)) broken.push(`exclusive:${allocation.itemId}`);
    }
  }
  return broken;
}

/** Why a gauge answer is refused: message keys of the token-vote namespace. */
export type GaugeRefusal = 'item.unknown' | 'gauge.unknown' | 'gauge.notNumber' | 'gauge.outOfRange' | 'gauge.offStep' | 'gauge.unknownChoice';

/**
 * A participant's answer to a gauge of an item, from what the form sent: a number on the
 * gauge's steps between its bounds, or one of its choices; an empty answer withdraws it.
 */
export function checkGauge(
  config: TokenVoteConfig,
  itemId: string,
  gaugeKey: string,
  raw: string,
): { ok: true; gauge: Gauge; value: number | null; choice: string | null } | { ok: false; code: GaugeRefusal } {
  const item = itemOf(config, itemId);
  if (!item) return { ok: false, code: 'item.unknown' };
  const gauge = rulesFor(config, item).gauges.find((candidate) => candidate.key === gaugeKey);
  if (!gauge) return { ok: false, code: 'gauge.unknown' };
  const answer = raw.trim();
  if (answer === '') return { ok: true, gauge, value: null, choice: null };
  if (gauge.type === 'labelled') {
    return gauge.choices.some((choice) => choice.key === answer) ? { ok: true, gauge, value: null, choice: answer } : { ok: false, code: 'gauge.unknownChoice' };
  }
  // People type "1 500,50" as often as "1500.50".
  const value = typedNumber(answer) ?? Number.NaN;
  if (!Number.isFinite(value)) return { ok: false, code: 'gauge.notNumber' };
  if (value < gauge.min || value > gauge.max) return { ok: false, code: 'gauge.outOfRange' };
  const steps = (value - gauge.min) / gauge.step;
  if (Math.abs(steps - Math.round(steps)) > 1e-9 * Math.max(1, Math.abs(steps))) return { ok: false, code: 'gauge.offStep' };
  return { ok: true, gauge, value, choice: null };
}
