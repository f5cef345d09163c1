import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatchModuleAction } from '../../phases/dispatch.server';
import type { OpenDatabase } from '../../platform/db/database.server';
import type { Consultation } from '../../platform/db/schema';
import { isModuleInputError } from '../../platform/modules/errors';
import type { Actor } from '../../platform/policy';
import { useTestApp, type RunningApp } from '../../test/app';
import { tokenVoteConfig, type TokenCategory, type TokenVoteConfig } from './manifest';
import { applyMove, brokenRules, checkMove, spentOf, type Allocation, type TokenMove } from './tokens';
import type { Ballot } from './token-vote-data';
import { openPrioritisation, tokenVoteClient, type Person } from './test-factories';

/*
 * Budgets and rules hold in the database however many requests a participant sends at once.
 * On PostgreSQL (DATABASE_URL) the requests below really run side by side on a pool of
 * connections; on the embedded database they queue on its single connection, and the same
 * assertions hold.
 */

let database: OpenDatabase;
let app: RunningApp;

useTestApp((opened) => ({ database, app } = opened));

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

async function scene(config: Partial<TokenVoteConfig>) {
  const prioritisation = await openPrioritisation(database.db, app, { config });
  return { ...prioritisation, client: tokenVoteClient(app, prioritisation.slug, prioritisation.instanceId) };
}

const byPlace = (a: Allocation, b: Allocation) => a.itemId.localeCompare(b.itemId) || a.category.localeCompare(b.category);

/** A participant's stored tokens, rows as they are (a row of zero or fewer tokens would show here). */
async function stored(instanceId: string, userId: string): Promise<Allocation[]> {
  const rows = await database.db.selectFrom('token_allocations').select(['item_id', 'category_key', 'tokens']).where('instance_id', '=', instanceId).where('user_id', '=', userId).execute();
  return rows.map((row) => ({ itemId: row.item_id, category: row.category_key, tokens: row.tokens })).sort(byPlace);
}

const statusCount = (replies: { status: number }[]) => {
  const counts: Record<number, number> = {};
  for (const reply of replies) counts[reply.status] = (counts[reply.status] ?? 0) + 1;
  return counts;
};

describe('simultaneous requests from one participant', () => {
  // 50 requests stay under the vote rate limit (120 a minute per person).
  it('leave the budget exactly spent, never over, when 50 of them together exceed it', async () => {
    const { client, ideas, person, instanceId } = await scene({ categories: [category('a', { budget: 7 })] });
    const anne = await person();
    const items = [ideas.fiscal, ideas.blank, ideas.transport];
    const replies = await Promise.all(Array.from({ length: 50 }, (_, index) => client.tokens(anne, items[index % items.length]!, 'a')));

    expect(statusCount(replies)).toEqual({ 200: 7, 400: 43 });
    for (const reply of replies.filter((reply) => reply.status === 400)) expect(reply.errors).toEqual({ tokens: 'budget.spent' });
    const rows = await stored(instanceId, anne.id);
    expect(rows.reduce((sum, row) => sum + row.tokens, 0)).toBe(7);
    expect(rows.every((row) => row.tokens > 0)).toBe(true);
    // No accepted answer ever showed more than the budget spent.
    for (const reply of replies.filter((reply) => reply.status === 200)) expect(spentOf(reply.result.allocations).a ?? 0).toBeLessThanOrEqual(7);
    expect((await client.read(anne)).page.ballot?.left).toEqual({ a: 0 });
  });

  it('fill each item to its maximum at most, and still spend the budget exactly', async () => {
    // Five items take two tokens each: room for 10, a budget of 7.
    const voting = await scene({ categories: [category('a', { budget: 7, maxPerItem: 2 })] });
    const { client, ideas, person, instanceId, configure, consultationId } = voting;
    const more = await Promise.all(
      ['Un revenu universel', 'Des assemblées citoyennes'].map(
        async (title) => (await database.db.insertInto('ideas').values({ consultation_id: consultationId, title, description: '' }).returning('id').executeTakeFirstOrThrow()).id,
      ),
    );
    const items = [ideas.fiscal, ideas.blank, ideas.transport, ...more];
    await configure({ items: items.map((id) => ({ kind: 'idea' as const, id })) });
    const anne = await person();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, index) => client.tokens(anne, items[index % items.length]!, 'a')));

    expect(statusCount(replies)).toEqual({ 200: 7, 400: 43 });
    for (const reply of replies.filter((reply) => reply.status === 400)) expect(['budget.spent', 'item.full']).toContain(reply.errors.tokens);
    const rows = await stored(instanceId, anne.id);
    expect(rows.reduce((sum, row) => sum + row.tokens, 0)).toBe(7);
    for (const row of rows) expect(row.tokens).toBeGreaterThan(0);
    for (const row of rows) expect(row.tokens).toBeLessThanOrEqual(2);
  });

  it('never put two exclusive categories on one item, however the requests interleave', async () => {
    const { client, ideas, person, instanceId } = await scene({
      categories: [category('a', { budget: 30, excludes: ['b'] }), category('b', { budget: 30, sign: 'against' })],
    });
    const anne = await person();
    // 25 green and 25 red on the same idea, at once, interleaved.
    const replies = await Promise.all(Array.from({ length: 50 }, (_, index) => client.tokens(anne, ideas.fiscal, index % 2 === 0 ? 'a' : 'b')));

    const rows = await stored(instanceId, anne.id);
    expect(rows).toHaveLength(1);
    const winner = rows[0]!.category;
    // Whichever came first took the item: every request of its category went through, every other was refused.
    expect(rows[0]).toEqual({ itemId: ideas.fiscal, category: winner, tokens: 25 });
    expect(statusCount(replies)).toEqual({ 200: 25, 400: 25 });
    replies.forEach((reply, index) => {
      const asked = index % 2 === 0 ? 'a' : 'b';
      if (asked === winner) expect(reply.status).toBe(200);
      else expect(reply.errors).toEqual({ tokens: 'exclusive' });
    });
  });

  it('never leave an empty or negative allocation when adds and removes race', async () => {
    const { client, ideas, person, instanceId } = await scene({ categories: [category('a', { budget: 8 })] });
    const anne = await person();
    for (let time = 0; time < 3; time++) await client.tokens(anne, ideas.fiscal, 'a');
    await client.tokens(anne, ideas.blank, 'a');
    const moves: [string, 'add' | 'remove'][] = [
      ...Array.from({ length: 15 }, (): [string, 'remove'] => [ideas.fiscal, 'remove']),
      ...Array.from({ length: 10 }, (): [string, 'add'] => [ideas.fiscal, 'add']),
      ...Array.from({ length: 10 }, (): [string, 'remove'] => [ideas.blank, 'remove']),
      ...Array.from({ length: 5 }, (): [string, 'add'] => [ideas.blank, 'add']),
    ];
    // Shuffled the same way every run: removes and adds interleave.
    const order = moves.map((move, index) => ({ move, key: (index * 37) % moves.length })).sort((x, y) => x.key - y.key).map((entry) => entry.move);
    const replies = await Promise.all(order.map(([itemId, op]) => client.tokens(anne, itemId, 'a', op)));

    // Every request was either done or refused for a reason: none failed.
    expect(replies.every((reply) => reply.status === 200 || reply.status === 400)).toBe(true);
    replies.forEach((reply, index) => {
      if (reply.status === 400) expect(reply.errors).toEqual({ tokens: order[index]![1] === 'remove' ? 'nothing.toRemove' : 'budget.spent' });
    });
    const done = (itemId: string, op: 'add' | 'remove') => replies.filter((reply, index) => reply.status === 200 && order[index]![0] === itemId && order[index]![1] === op).length;
    const expected = [
      { itemId: ideas.fiscal, category: 'a', tokens: 3 + done(ideas.fiscal, 'add') - done(ideas.fiscal, 'remove') },
      { itemId: ideas.blank, category: 'a', tokens: 1 + done(ideas.blank, 'add') - done(ideas.blank, 'remove') },
    ];
    for (const entry of expected) expect(entry.tokens).toBeGreaterThanOrEqual(0);
    expect(await stored(instanceId, anne.id)).toEqual(expected.filter((entry) => entry.tokens > 0).sort(byPlace));
    const total = expected.reduce((sum, entry) => sum + entry.tokens, 0);
    expect(total).toBeLessThanOrEqual(8);
  });
});

/*
 * Property: any sequence of adds and removes from several participants, some one at a time,
 * some in simultaneous batches, sent through the module's real action (the dispatcher the route
 * calls, without HTTP), keeps every stored ballot within every rule. Where the order is known
 * the server agrees with the pure model move by move; for a simultaneous batch, the stored
 * ballot and the answers must be those of some order of its moves.
 */

/** A small vote: green, red and sometimes blue, with or without exclusions and maxima; the transport idea has an exception. */
const configArbitrary = fc.record({
  aBudget: fc.integer({ min: 2, max: 5 }),
  aMax: fc.option(fc.integer({ min: 1, max: 2 }), { nil: null }),
  aExcludesB: fc.boolean(),
  bBudget: fc.integer({ min: 1, max: 3 }),
  bMax: fc.option(fc.constant(1), { nil: null }),
  withC: fc.boolean(),
  cBudget: fc.integer({ min: 1, max: 4 }),
  cExcludesA: fc.boolean(),
  override: fc.constantFrom<NonNullable<TokenVoteConfig['items'][number]['override']>>(
    { categories: { b: { off: true } } },
    { categories: { a: { maxPerItem: 1 } } },
    { categories: { a: { off: true }, b: { maxPerItem: null } } },
  ),
});

type DrawnConfig = typeof configArbitrary extends fc.Arbitrary<infer Drawn> ? Drawn : never;

function configFor(drawn: DrawnConfig, items: { fiscal: string; blank: string; transport: string }): TokenVoteConfig {
  return tokenVoteConfig.parse({
    items: [{ kind: 'idea', id: items.fiscal }, { kind: 'idea', id: items.blank }, { kind: 'idea', id: items.transport, override: drawn.override }],
    categories: [
      category('a', { budget: drawn.aBudget, maxPerItem: drawn.aMax, excludes: drawn.aExcludesB ? ['b'] : [] }),
      category('b', { budget: drawn.bBudget, maxPerItem: drawn.bMax, sign: 'against' }),
      ...(drawn.withC ? [category('c', { budget: drawn.cBudget, excludes: drawn.cExcludesA ? ['a'] : [] })] : []),
    ],
    gauges: [],
    results: 'live',
  });
}

type Place = 'fiscal' | 'blank' | 'transport' | 'leftOut';
interface Operation {
  who: number;
  place: Place;
  category: string;
  op: 'add' | 'remove';
}
const operationArbitrary: fc.Arbitrary<Operation> = fc.record({
  who: fc.integer({ min: 0, max: 2 }),
  // Mostly items of the vote; now and then the idea left out of it.
  place: fc.constantFrom<Place>('fiscal', 'blank', 'transport', 'fiscal', 'blank', 'transport', 'leftOut'),
  category: fc.constantFrom('a', 'a', 'a', 'b', 'b', 'c', 'z'),
  op: fc.constantFrom<'add' | 'remove'>('add', 'add', 'add', 'remove', 'remove'),
});
/** The operations, cut into batches: a batch of one is sent alone, a larger one all at once. */
const scenarioArbitrary = fc.record({
  operations: fc.array(operationArbitrary, { minLength: 20, maxLength: 40 }),
  sizes: fc.array(fc.constantFrom(1, 1, 2, 3, 4, 5), { minLength: 40, maxLength: 40 }),
});

type Outcome = { ok: true; ballot: Ballot } | { ok: false; code: string };

const permutations = <T,>(list: T[]): T[][] =>
  list.length <= 1 ? [list] : list.flatMap((first, index) => permutations([...list.slice(0, index), ...list.slice(index + 1)]).map((rest) => [first, ...rest]));

/** Replays `moves` on `start` in the model: what each answers, and where the ballot ends. */
function replay(config: TokenVoteConfig, start: Allocation[], moves: TokenMove[]): { outcomes: (true | string)[]; end: Allocation[] } {
  let allocations = start;
  const outcomes = moves.map((move) => {
    const verdict = checkMove(config, allocations, move);
    if (!verdict.ok) return verdict.code;
    allocations = applyMove(allocations, move);
    return true as const;
  });
  return { outcomes, end: [...allocations].sort(byPlace) };
}

describe('any sequence of token moves, one at a time or at once', () => {
  it('keeps every participant’s stored ballot within every rule, as the model says', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(configArbitrary, scenarioArbitrary, async (drawn, { operations, sizes }) => {
        runs++;
        const voting = await openPrioritisation(database.db, app);
        const config = configFor(drawn, voting.ideas);
        await voting.configure(config);
        const consultation: Consultation = await database.db.selectFrom('consultations').selectAll().where('id', '=', voting.consultationId).executeTakeFirstOrThrow();
        const people: Person[] = [await voting.person(), await voting.person(), await voting.person()];
        const actors: Actor[] = people.map((someone) => ({ userId: someone.id, isAnonymous: false, isPlatformAdmin: false, roles: new Set(['participant'] as const) }));
        const model: Allocation[][] = people.map(() => []);

        const send = async ({ who, place, category: key, op }: Operation): Promise<Outcome> => {
          const form = new FormData();
          form.set('itemId', voting.ideas[place]);
          form.set('category', key);
          form.set('op', op);
          try {
            const ballot = (await dispatchModuleAction(database.db, { actor: actors[who]!, consultation, instanceId: voting.instanceId, action: 'tokens', form, locale: 'en' })) as Ballot;
            return { ok: true, ballot };
          } catch (error) {
            if (isModuleInputError(error) && error.field === 'tokens' && error.status === 400) return { ok: false, code: error.code };
            throw error;
          }
        };
        const moveOf = ({ place, category: key, op }: Operation): TokenMove => ({ itemId: voting.ideas[place], category: key, op });

        let at = 0;
        for (const size of sizes) {
          if (at >= operations.length) break;
          const batch = operations.slice(at, at + size);
          at += batch.length;
          const outcomes = await Promise.all(batch.map(send));

          for (let who = 0; who < people.length; who++) {
            const now = await stored(voting.instanceId, people[who]!.id);
            // Every rule holds, and no empty row is kept.
            expect(brokenRules(config, now), `ballot ${who}: ${JSON.stringify(now)}`).toEqual([]);
            for (const row of now) expect(row.tokens).toBeGreaterThan(0);

            const mine = batch.map((operation, index) => ({ operation, outcome: outcomes[index]! })).filter((entry) => entry.operation.who === who);
            if (mine.length === 0) {
              expect(now).toEqual(model[who]);
              continue;
            }
            if (batch.length === 1) {
              // One move alone: the server answers exactly what the model says, and its answer is what it stored.
              const { outcomes: expected, end } = replay(config, model[who]!, [moveOf(mine[0]!.operation)]);
              const outcome = mine[0]!.outcome;
              expect(outcome.ok ? true : outcome.code, JSON.stringify({ operation: mine[0]!.operation, before: model[who] })).toBe(expected[0]);
              expect(now).toEqual(end);
              if (outcome.ok) {
                expect([...outcome.ballot.allocations].sort(byPlace)).toEqual(now);
                const spent = spentOf(now);
                expect(outcome.ballot.left).toEqual(Object.fromEntries(config.categories.map((entry) => [entry.key, entry.budget - (spent[entry.key] ?? 0)])));
              }
            } else {
              // At once: the stored ballot and every answer are those of one order of this participant's moves.
              const answered = mine.map((entry) => (entry.outcome.ok ? true : entry.outcome.code));
              const serial = permutations(mine.map((_, index) => index)).some((order) => {
                const { outcomes: expected, end } = replay(config, model[who]!, order.map((index) => moveOf(mine[index]!.operation)));
                return JSON.stringify(end) === JSON.stringify(now) && order.every((index, step) => expected[step] === answered[index]);
              });
              expect(serial, JSON.stringify({ before: model[who], moves: mine.map((entry) => entry.operation), answered, now })).toBe(true);
            }
            model[who] = now;
          }
        }
      }),
      { numRuns: 25 },
    );
    expect(runs).toBe(25);
  }, 120_000);
});
