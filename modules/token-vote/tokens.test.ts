import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenVoteConfig, type Gauge, type TokenCategory, type TokenVoteConfig } from './manifest';
import { applyMove, brokenRules, checkGauge, checkMove, rulesFor, spentOf, type Allocation, type TokenMove } from './tokens';

/*
 * The rules of a token vote as pure functions, which the server runs under each participant's
 * lock: what an item takes once its override applies, which moves are refused and why, what
 * gauge answers are valid, and (as a property) that no sequence of accepted moves ever breaks
 * a rule.
 */

const ids = {
  fiscal: '11111111-1111-4111-8111-111111111111',
  blank: '22222222-2222-4222-8222-222222222222',
  transport: '33333333-3333-4333-8333-333333333333',
  senate: '44444444-4444-4444-8444-444444444444',
  nowhere: '99999999-9999-4999-8999-999999999999',
};

const category = (key: string, rest: Partial<TokenCategory> = {}): TokenCategory => ({
  key,
  label: { fr: `Catégorie ${key}`, en: `Category ${key}` },
  color: '#1b7a3d',
  budget: 5,
  maxPerItem: null,
  excludes: [],
  sign: 'for',
  ...rest,
});

const budgetGauge: Gauge = { key: 'cost', label: { fr: 'Budget', en: 'Budget' }, type: 'numeric', min: 0, max: 5000, step: 0.5, unit: { fr: '€', en: '€' } };
const priorityGauge: Gauge = {
  key: 'prio',
  label: { fr: 'Priorité', en: 'Priority' },
  type: 'labelled',
  choices: [
    { key: 'low', label: { fr: 'Pas prioritaire', en: 'Not a priority' } },
    { key: 'mid', label: { fr: 'Utile', en: 'Useful' } },
    { key: 'top', label: { fr: 'Prioritaire', en: 'Top priority' } },
  ],
};

/** Green (5, at most 3 per item, excludes red), red (3, at most 1 per item), blue (2); the items' overrides as given. */
function vote(overrides: Partial<TokenVoteConfig> = {}): TokenVoteConfig {
  return tokenVoteConfig.parse({
    items: [
      { kind: 'idea', id: ids.fiscal },
      { kind: 'idea', id: ids.blank, override: { categories: { b: { off: true } }, gauges: { cost: { off: true } } } },
      { kind: 'idea', id: ids.transport, override: { categories: { a: { maxPerItem: 1 }, c: { maxPerItem: null } }, gauges: { cost: { min: 100, max: 20000, step: 100 } } } },
    ],
    categories: [category('a', { budget: 5, maxPerItem: 3, excludes: ['b'] }), category('b', { budget: 3, maxPerItem: 1, sign: 'against' }), category('c', { budget: 2, maxPerItem: 1 })],
    gauges: [budgetGauge, priorityGauge],
    results: 'afterClose',
    ...overrides,
  });
}

const add = (itemId: string, key: string): TokenMove => ({ itemId, category: key, op: 'add' });
const remove = (itemId: string, key: string): TokenMove => ({ itemId, category: key, op: 'remove' });
const placed = (itemId: string, key: string, tokens: number): Allocation => ({ itemId, category: key, tokens });

/** The allocations after `moves`, each of which must be accepted. */
function play(config: TokenVoteConfig, moves: TokenMove[]): Allocation[] {
  return moves.reduce<Allocation[]>((allocations, move) => {
    const verdict = checkMove(config, allocations, move);
    if (!verdict.ok) throw new Error(`${move.op} ${move.category} on ${move.itemId} was refused: ${verdict.code}`);
    return applyMove(allocations, move);
  }, []);
}

describe('what an item takes', () => {
  it('follows the template unless the item’s override switches a category or gauge off, or changes a maximum or a range', () => {
    const config = vote();
    const [fiscal, blank, transport] = config.items as [TokenVoteConfig['items'][number], TokenVoteConfig['items'][number], TokenVoteConfig['items'][number]];
    expect(rulesFor(config, fiscal)).toEqual({
      categories: [
        { key: 'a', maxPerItem: 3 },
        { key: 'b', maxPerItem: 1 },
        { key: 'c', maxPerItem: 1 },
      ],
      gauges: [budgetGauge, priorityGauge],
    });
    expect(rulesFor(config, blank)).toEqual({
      categories: [
        { key: 'a', maxPerItem: 3 },
        { key: 'c', maxPerItem: 1 },
      ],
      gauges: [priorityGauge],
    });
    // Another maximum (or none at all: null), and another range of the numeric gauge that keeps its label and unit.
    expect(rulesFor(config, transport)).toEqual({
      categories: [
        { key: 'a', maxPerItem: 1 },
        { key: 'b', maxPerItem: 1 },
        { key: 'c', maxPerItem: null },
      ],
      gauges: [{ ...budgetGauge, min: 100, max: 20000, step: 100 }, priorityGauge],
    });
  });

  it('changes only the bounds an override names, and leaves a labelled gauge as it is', () => {
    const config = vote({
      items: [{ kind: 'idea', id: ids.fiscal, override: { gauges: { cost: { max: 100 }, prio: { min: 3 } }, categories: { a: {} } } }],
    });
    expect(rulesFor(config, config.items[0]!)).toEqual({
      categories: [
        { key: 'a', maxPerItem: 3 },
        { key: 'b', maxPerItem: 1 },
        { key: 'c', maxPerItem: 1 },
      ],
      gauges: [{ ...budgetGauge, max: 100 }, priorityGauge],
    });
  });
});

describe('placing and removing tokens', () => {
  it('accepts moves within every rule, and counts what is spent per category', () => {
    const config = vote();
    const allocations = play(config, [add(ids.fiscal, 'a'), add(ids.fiscal, 'a'), add(ids.blank, 'a'), add(ids.transport, 'b'), add(ids.fiscal, 'c'), remove(ids.fiscal, 'a')]);
    expect(allocations).toEqual(expect.arrayContaining([placed(ids.fiscal, 'a', 1), placed(ids.blank, 'a', 1), placed(ids.transport, 'b', 1), placed(ids.fiscal, 'c', 1)]));
    expect(allocations).toHaveLength(4);
    expect(spentOf(allocations)).toEqual({ a: 2, b: 1, c: 1 });
    expect(brokenRules(config, allocations)).toEqual([]);
  });

  it('drops an allocation when its last token is removed, rather than keeping a zero', () => {
    const config = vote();
    expect(play(config, [add(ids.fiscal, 'a'), remove(ids.fiscal, 'a')])).toEqual([]);
  });

  it('refuses each move that breaks a rule, with its reason', () => {
    const config = vote();
    const cases: [string, Allocation[], TokenMove, string][] = [
      ['an item that is not in the vote', [], add(ids.senate, 'a'), 'item.unknown'],
      ['a category that does not exist', [], add(ids.fiscal, 'z'), 'category.unknown'],
      ['a category switched off on the item', [], add(ids.blank, 'b'), 'category.off'],
      ['a spent budget', [placed(ids.fiscal, 'a', 3), placed(ids.blank, 'a', 2)], add(ids.transport, 'a'), 'budget.spent'],
      ['a full item', [placed(ids.fiscal, 'a', 3)], add(ids.fiscal, 'a'), 'item.full'],
      ['a full item under its override’s maximum', [placed(ids.transport, 'a', 1)], add(ids.transport, 'a'), 'item.full'],
      ['red where green is (green excludes red)', [placed(ids.fiscal, 'a', 1)], add(ids.fiscal, 'b'), 'exclusive'],
      ['green where red is (the exclusion works both ways)', [placed(ids.fiscal, 'b', 1)], add(ids.fiscal, 'a'), 'exclusive'],
      ['removing where there is none', [placed(ids.blank, 'a', 1)], remove(ids.fiscal, 'a'), 'nothing.toRemove'],
      ['removing from an item not in the vote', [], remove(ids.nowhere, 'a'), 'item.unknown'],
    ];
    for (const [what, allocations, move, code] of cases) expect(checkMove(config, allocations, move), what).toEqual({ ok: false, code });
  });

  it('gives the first reason in a fixed order when a move breaks several rules', () => {
    const config = vote();
    const spentGreen = [placed(ids.fiscal, 'a', 3), placed(ids.transport, 'a', 1), placed(ids.senate, 'a', 1)];
    // The item before the category, the category before anything about tokens.
    expect(checkMove(config, [], add(ids.nowhere, 'z'))).toEqual({ ok: false, code: 'item.unknown' });
    expect(checkMove(config, [], remove(ids.fiscal, 'z'))).toEqual({ ok: false, code: 'category.unknown' });
    // Switched off before spent: the budget does not matter on an item that takes no such token.
    expect(checkMove(config, [placed(ids.fiscal, 'b', 3)], add(ids.blank, 'b'))).toEqual({ ok: false, code: 'category.off' });
    // Spent before full: green is spent, and the item holds its maximum.
    expect(checkMove(config, spentGreen, add(ids.fiscal, 'a'))).toEqual({ ok: false, code: 'budget.spent' });
    // Spent before exclusive.
    expect(checkMove(config, [...spentGreen.slice(1), placed(ids.blank, 'a', 3), placed(ids.fiscal, 'b', 1)], add(ids.fiscal, 'a'))).toEqual({ ok: false, code: 'budget.spent' });
    // Full before exclusive (a ballot from before the exclusion was set can hold both).
    expect(checkMove(config, [placed(ids.fiscal, 'a', 3), placed(ids.fiscal, 'b', 1)], add(ids.fiscal, 'a'))).toEqual({ ok: false, code: 'item.full' });
  });

  it('applies an exclusion both ways, only on the same item, and only between the categories it names', () => {
    // Only green names red: red still may not join green, and green may not join red.
    const config = vote();
    expect(config.categories.find((entry) => entry.key === 'b')!.excludes).toEqual([]);
    expect(checkMove(config, [placed(ids.fiscal, 'a', 1)], add(ids.fiscal, 'b'))).toEqual({ ok: false, code: 'exclusive' });
    expect(checkMove(config, [placed(ids.fiscal, 'b', 1)], add(ids.fiscal, 'a'))).toEqual({ ok: false, code: 'exclusive' });
    expect(checkMove(config, [placed(ids.fiscal, 'a', 1)], add(ids.transport, 'b'))).toEqual({ ok: true });
    expect(checkMove(config, [placed(ids.fiscal, 'a', 1)], add(ids.fiscal, 'c'))).toEqual({ ok: true });
    expect(checkMove(config, [placed(ids.fiscal, 'c', 1)], add(ids.fiscal, 'b'))).toEqual({ ok: true });
    // Once the red token is taken back, green is welcome again.
    expect(checkMove(config, applyMove([placed(ids.fiscal, 'b', 1)], remove(ids.fiscal, 'b')), add(ids.fiscal, 'a'))).toEqual({ ok: true });
  });

  it('still lets a participant take tokens back after the strategist switched a category off, lowered a budget or a maximum', () => {
    // Before: green and red could share an item.
    const before = vote({ categories: [category('a', { budget: 5, maxPerItem: 3 }), category('b', { budget: 3, maxPerItem: 1, sign: 'against' }), category('c', { budget: 2, maxPerItem: 1 })] });
    const allocations = play(before, [add(ids.blank, 'a'), add(ids.blank, 'a'), add(ids.blank, 'a'), add(ids.fiscal, 'a'), add(ids.fiscal, 'a'), add(ids.fiscal, 'b')]);
    const after = vote({
      items: [{ kind: 'idea', id: ids.fiscal, override: { categories: { b: { off: true } } } }, { kind: 'idea', id: ids.blank, override: { categories: { a: { maxPerItem: 1 } } } }, { kind: 'idea', id: ids.transport }],
      categories: [category('a', { budget: 2, maxPerItem: 2, excludes: ['b'] }), category('b', { budget: 3, maxPerItem: 1, sign: 'against' }), category('c', { budget: 2, maxPerItem: 1 })],
    });
    expect(brokenRules(after, allocations).sort()).toEqual(['budget:a', `exclusive:${ids.fiscal}`, `max:${ids.blank}:a`, `off:${ids.fiscal}:b`].sort());
    // No new token of what is over its limits…
    expect(checkMove(after, allocations, add(ids.transport, 'a'))).toEqual({ ok: false, code: 'budget.spent' });
    expect(checkMove(after, allocations, add(ids.fiscal, 'b'))).toEqual({ ok: false, code: 'category.off' });
    // …but every token can be taken back, one at a time, down to a ballot within the new rules.
    for (const move of [remove(ids.fiscal, 'b'), remove(ids.blank, 'a'), remove(ids.blank, 'a'), remove(ids.fiscal, 'a')]) {
      expect(checkMove(after, allocations, move), `${move.category} on ${move.itemId}`).toEqual({ ok: true });
    }
    const cleaned = [remove(ids.fiscal, 'b'), remove(ids.blank, 'a'), remove(ids.blank, 'a'), remove(ids.fiscal, 'a')].reduce(applyMove, allocations);
    expect(cleaned).toEqual(expect.arrayContaining([placed(ids.blank, 'a', 1), placed(ids.fiscal, 'a', 1)]));
    expect(brokenRules(after, cleaned)).toEqual([]);
  });

  it('names every rule a ballot breaks, so that the property below can catch a cheat', () => {
    const config = vote();
    expect(
      brokenRules(config, [placed(ids.fiscal, 'a', 4), placed(ids.blank, 'a', 2), placed(ids.fiscal, 'b', 1), placed(ids.blank, 'b', 1), placed(ids.senate, 'c', 1), placed(ids.transport, 'c', 0), placed(ids.fiscal, 'z', 1)]).sort(),
    ).toEqual(
      [
        'budget:a',
        `max:${ids.fiscal}:a`,
        `exclusive:${ids.fiscal}`,
        `exclusive:${ids.blank}`,
        `off:${ids.blank}:b`,
        `unknown:${ids.senate}:c`,
        `empty:${ids.transport}:c`,
        `unknown:${ids.fiscal}:z`,
      ].sort(),
    );
  });
});

describe('gauge answers', () => {
  const config = vote();

  it('takes a number on the gauge’s steps within its bounds, typed the French way or not', () => {
    const cases: [string, number][] = [
      ['0', 0],
      ['5000', 5000],
      ['1500.5', 1500.5],
      ['1 500,5', 1500.5],
      ['1\u00a0500,5', 1500.5],
      ['1\u202f500,50', 1500.5],
      ['  42 ', 42],
    ];
    for (const [typed, value] of cases) expect(checkGauge(config, ids.fiscal, 'cost', typed), typed).toEqual({ ok: true, gauge: budgetGauge, value, choice: null });
  });

  it('refuses a number out of range, off the steps, or not a number', () => {
    const cases: [string, string][] = [
      ['-0,5', 'gauge.outOfRange'],
      ['5000,5', 'gauge.outOfRange'],
      ['1500.25', 'gauge.offStep'],
      ['1 500,3', 'gauge.offStep'],
      ['beaucoup', 'gauge.notNumber'],
      ['1,5,5', 'gauge.notNumber'],
      ['Infinity', 'gauge.notNumber'],
      ['12 €', 'gauge.notNumber'],
    ];
    for (const [typed, code] of cases) expect(checkGauge(config, ids.fiscal, 'cost', typed), typed).toEqual({ ok: false, code });
  });

  it('uses the bounds and steps of the item’s override', () => {
    const transportCost = { ...budgetGauge, min: 100, max: 20000, step: 100 };
    expect(checkGauge(config, ids.transport, 'cost', '12 300')).toEqual({ ok: true, gauge: transportCost, value: 12300, choice: null });
    expect(checkGauge(config, ids.transport, 'cost', '0')).toEqual({ ok: false, code: 'gauge.outOfRange' });
    expect(checkGauge(config, ids.transport, 'cost', '150')).toEqual({ ok: false, code: 'gauge.offStep' });
    expect(checkGauge(config, ids.fiscal, 'cost', '12 300')).toEqual({ ok: false, code: 'gauge.outOfRange' });
  });

  it('counts steps without being fooled by decimals that binary numbers cannot hold', () => {
    const tenths = vote({ gauges: [{ ...budgetGauge, min: 0.1, max: 1, step: 0.1 }] });
    for (const typed of ['0.3', '0,7', '0.9', '1']) expect(checkGauge(tenths, ids.fiscal, 'cost', typed), typed).toMatchObject({ ok: true });
    expect(checkGauge(tenths, ids.fiscal, 'cost', '0.35')).toEqual({ ok: false, code: 'gauge.offStep' });
  });

  it('takes one of a labelled gauge’s choices, and nothing else', () => {
    expect(checkGauge(config, ids.blank, 'prio', 'top')).toEqual({ ok: true, gauge: priorityGauge, value: null, choice: 'top' });
    expect(checkGauge(config, ids.blank, 'prio', 'urgent')).toEqual({ ok: false, code: 'gauge.unknownChoice' });
    expect(checkGauge(config, ids.blank, 'prio', '2')).toEqual({ ok: false, code: 'gauge.unknownChoice' });
  });

  it('takes an empty answer as withdrawing it', () => {
    expect(checkGauge(config, ids.fiscal, 'cost', '')).toEqual({ ok: true, gauge: budgetGauge, value: null, choice: null });
    expect(checkGauge(config, ids.fiscal, 'prio', '  ')).toEqual({ ok: true, gauge: priorityGauge, value: null, choice: null });
  });

  it('refuses a gauge the item does not take, and an item not in the vote', () => {
    expect(checkGauge(config, ids.blank, 'cost', '100')).toEqual({ ok: false, code: 'gauge.unknown' });
    expect(checkGauge(config, ids.fiscal, 'speed', '100')).toEqual({ ok: false, code: 'gauge.unknown' });
    expect(checkGauge(config, ids.senate, 'cost', '100')).toEqual({ ok: false, code: 'item.unknown' });
  });
});

/*
 * Properties: any configuration a strategist can save (1–3 categories with budgets, maxima,
 * exclusions and signs; 1–4 items with overrides), and any sequence of moves, each applied only
 * when checkMove accepts it.
 */

const keys = ['a', 'b', 'c'] as const;
const itemIds = [ids.fiscal, ids.blank, ids.transport, ids.senate];

const configArbitrary: fc.Arbitrary<TokenVoteConfig> = fc
  .integer({ min: 1, max: 3 })
  .chain((categoryCount) => {
    const own = keys.slice(0, categoryCount);
    const categoryArbitrary = (key: string) =>
      fc.integer({ min: 1, max: 6 }).chain((budget) =>
        fc.record({
          budget: fc.constant(budget),
          maxPerItem: fc.option(fc.integer({ min: 1, max: budget }), { nil: null }),
          excludes: fc.subarray(own.filter((other) => other !== key)),
          sign: fc.constantFrom('for' as const, 'against' as const),
        }),
      );
    const overrideArbitrary = fc.option(
      fc.record({
        categories: fc.dictionary(
          fc.constantFrom(...own),
          fc.record({ off: fc.option(fc.boolean(), { nil: undefined }), maxPerItem: fc.option(fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }), { nil: undefined }) }, { requiredKeys: [] }),
          { maxKeys: own.length },
        ),
      }),
      { nil: undefined },
    );
    return fc.record({
      categories: fc.tuple(...own.map((key) => categoryArbitrary(key))),
      overrides: fc.array(overrideArbitrary, { minLength: 1, maxLength: 4 }),
    });
  })
  .map(({ categories, overrides }) =>
    tokenVoteConfig.parse({
      items: overrides.map((override, index) => ({ kind: 'idea', id: itemIds[index], ...(override ? { override } : {}) })),
      categories: categories.map((rules, index) => category(keys[index]!, rules)),
      gauges: [],
      results: 'live',
    }),
  );

// Moves include an item out of the vote and an unknown category, and adds more often than removes.
const moveArbitrary: fc.Arbitrary<TokenMove> = fc.record({
  itemId: fc.constantFrom(...itemIds, ids.nowhere),
  category: fc.constantFrom(...keys, 'z'),
  op: fc.constantFrom('add' as const, 'add' as const, 'remove' as const),
});

const tokensOn = (allocations: readonly Allocation[], move: TokenMove) =>
  allocations.find((allocation) => allocation.itemId === move.itemId && allocation.category === move.category)?.tokens ?? 0;

describe('any sequence of moves', () => {
  it('keeps every participant within every rule, and refused moves change nothing', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(moveArbitrary, { maxLength: 60 }), (config, moves) => {
        let allocations: Allocation[] = [];
        for (const move of moves) {
          const before = structuredClone(allocations);
          const verdict = checkMove(config, Object.freeze(allocations.map((allocation) => Object.freeze({ ...allocation }))), move);
          // Checking never touches the ballot.
          expect(allocations).toEqual(before);
          if (!verdict.ok) continue;
          allocations = applyMove(allocations, move);
          expect(brokenRules(config, allocations)).toEqual([]);
          expect(tokensOn(allocations, move) - tokensOn(before, move)).toBe(move.op === 'add' ? 1 : -1);
          expect(allocations.filter((allocation) => allocation.itemId !== move.itemId || allocation.category !== move.category)).toEqual(
            before.filter((allocation) => allocation.itemId !== move.itemId || allocation.category !== move.category),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses exactly the moves that would break a rule, so that no honest move is turned down', () => {
    fc.assert(
      fc.property(configArbitrary, fc.array(moveArbitrary, { maxLength: 60 }), (config, moves) => {
        let allocations: Allocation[] = [];
        for (const move of moves) {
          const verdict = checkMove(config, allocations, move);
          const knownItem = config.items.some((item) => item.id === move.itemId);
          const knownCategory = config.categories.some((entry) => entry.key === move.category);
          if (!knownItem || !knownCategory) {
            expect(verdict).toEqual({ ok: false, code: knownItem ? 'category.unknown' : 'item.unknown' });
            continue;
          }
          if (move.op === 'remove') {
            expect(verdict.ok).toBe(tokensOn(allocations, move) > 0);
          } else {
            expect(verdict.ok, JSON.stringify({ move, allocations, verdict })).toBe(brokenRules(config, applyMove(allocations, move)).length === 0);
          }
          if (verdict.ok) allocations = applyMove(allocations, move);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('after the rules tighten, lets every token be taken back and no move add a broken rule', () => {
    fc.assert(
      fc.property(configArbitrary, configArbitrary, fc.array(moveArbitrary, { maxLength: 40 }), fc.array(moveArbitrary, { maxLength: 40 }), (first, second, earlier, later) => {
        // The ballot built under the first rules, then the strategist saved the second ones (same items).
        let allocations = earlier.reduce<Allocation[]>((current, move) => (checkMove(first, current, move).ok ? applyMove(current, move) : current), []);
        const tightened: TokenVoteConfig = { ...second, items: first.items.map((item, index) => ({ ...item, override: second.items[index]?.override })) };
        // Categories a ballot holds stay configured (the settings refuse to remove a category in use).
        const categories = keys.filter((key) => first.categories.some((entry) => entry.key === key) || second.categories.some((entry) => entry.key === key));
        tightened.categories = categories.map((key) => second.categories.find((entry) => entry.key === key) ?? { ...first.categories.find((entry) => entry.key === key)!, excludes: [] });
        for (const move of later) {
          const broken = new Set(brokenRules(tightened, allocations));
          const verdict = checkMove(tightened, allocations, move);
          const knownItem = tightened.items.some((item) => item.id === move.itemId);
          if (move.op === 'remove' && knownItem && categories.includes(move.category as (typeof keys)[number]) && tokensOn(allocations, move) > 0) expect(verdict).toEqual({ ok: true });
          if (!verdict.ok) continue;
          allocations = applyMove(allocations, move);
          for (const rule of brokenRules(tightened, allocations)) expect(broken, rule).toContain(rule);
        }
      }),
      { numRuns: 300 },
    );
  });
});
