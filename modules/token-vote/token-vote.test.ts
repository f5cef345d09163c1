import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { OpenDatabase } from '../../platform/db/database.server';
import { useTestApp, type RunningApp } from '../../test/app';
import { visitor } from '../../platform/policy';
import { defaultTokenVoteConfig, tokenVoteManifest, type Gauge, type TokenVoteConfig } from './manifest';
import { tokenVoteServer } from './manifest.server';
import { resultsChanged, type Ballot, type TokenVoteSummaryData } from './token-vote-data';
import { openPrioritisation, tokenVoteClient, type Person, type Prioritisation } from './test-factories';

/*
 * The token-vote module through the real HTTP server and Socket.io: participants spend and take
 * back tokens and answer gauges, the server refuses whatever breaks a rule or comes from someone
 * who may not vote, and the results (totals, net score, ranking, gauges, segments, CSV) reach
 * those allowed to see them, live.
 */

let database: OpenDatabase;
let app: RunningApp;
const sockets: Socket[] = [];

useTestApp((opened) => ({ database, app } = opened));
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
});

async function scene(options: Parameters<typeof openPrioritisation>[2] = {}) {
  const prioritisation = await openPrioritisation(database.db, app, options);
  return { ...prioritisation, client: tokenVoteClient(app, prioritisation.slug, prioritisation.instanceId) };
}

/** A participant's tokens as stored, in the order ballots list them. */
async function storedAllocations(instanceId: string, userId: string) {
  const rows = await database.db
    .selectFrom('token_allocations')
    .select(['item_id', 'category_key', 'tokens'])
    .where('instance_id', '=', instanceId)
    .where('user_id', '=', userId)
    .orderBy('item_id')
    .orderBy('category_key')
    .execute();
  return rows.map((row) => ({ itemId: row.item_id, category: row.category_key, tokens: row.tokens }));
}
/** Every stored vote of an instance (tokens and gauge answers), to prove a refusal stored nothing. */
async function everything(instanceId: string) {
  const [tokens, gauges] = await Promise.all([
    database.db.selectFrom('token_allocations').select(['user_id', 'item_id', 'category_key', 'tokens']).where('instance_id', '=', instanceId).orderBy('user_id').orderBy('item_id').orderBy('category_key').execute(),
    database.db.selectFrom('gauge_votes').select(['user_id', 'item_id', 'gauge_key', 'value', 'choice']).where('instance_id', '=', instanceId).orderBy('user_id').orderBy('item_id').orderBy('gauge_key').execute(),
  ]);
  return { tokens, gauges };
}

const cost: Gauge = { key: 'cost', label: { fr: 'Budget', en: 'Budget' }, type: 'numeric', min: 0, max: 5000, step: 50, unit: { fr: '€', en: '€' } };
const priority: Gauge = {
  key: 'prio',
  label: { fr: 'Priorité', en: 'Priority' },
  type: 'labelled',
  choices: [
    { key: 'low', label: { fr: 'Pas prioritaire', en: 'Not a priority' } },
    { key: 'mid', label: { fr: 'Utile', en: 'Useful' } },
    { key: 'top', label: { fr: 'Prioritaire', en: 'Top priority' } },
  ],
};
const withGauges: Partial<TokenVoteConfig> = { gauges: [cost, priority] };

/** Places tokens one request at a time; fails the test if one is refused. */
async function spend(client: ReturnType<typeof tokenVoteClient>, person: Person, moves: [itemId: string, category: string, times?: number][]): Promise<Ballot> {
  let ballot: Ballot | null = null;
  for (const [itemId, category, times = 1] of moves) {
    for (let time = 0; time < times; time++) {
      const answer = await client.tokens(person, itemId, category);
      if (answer.status !== 200) throw new Error(`adding ${category} on ${itemId} was refused (${answer.status}): ${JSON.stringify(answer.errors)}`);
      ballot = answer.result;
    }
  }
  return ballot!;
}
async function answer(client: ReturnType<typeof tokenVoteClient>, person: Person, itemId: string, gauge: string, value: string) {
  const reply = await client.gauge(person, itemId, gauge, value);
  if (reply.status !== 200) throw new Error(`answering ${gauge} on ${itemId} with ${value} was refused (${reply.status}): ${JSON.stringify(reply.errors)}`);
}

describe('spending tokens', () => {
  it('shows a participant the items and their tokens left, then saves each token added or taken back, as answered', async () => {
    const { client, ideas, person, instanceId, slug } = await scene();
    const anne = await person();
    const before = await client.read(anne);
    expect(before.status).toBe(200);
    expect(before.page).toMatchObject({ view: 'vote', mayVote: true, ballot: { allocations: [], left: { a: 5, b: 3 }, gauges: {} }, results: null, resultsHidden: 'afterClose' });
    expect(before.page.items.map((item) => [item.title, item.sourcePath])).toEqual([
      ['Renforcer le contrôle fiscal', `/consultations/${slug}/ideas/${ideas.fiscal}`],
      ['Compter le vote blanc', `/consultations/${slug}/ideas/${ideas.blank}`],
      ['Des transports gratuits', `/consultations/${slug}/ideas/${ideas.transport}`],
    ]);
    expect(before.page.items[0]!.rules.categories).toEqual([
      { key: 'a', maxPerItem: 3 },
      { key: 'b', maxPerItem: 1 },
    ]);

    const steps: [string, string, 'add' | 'remove', Record<string, number>][] = [
      [ideas.fiscal, 'a', 'add', { a: 4, b: 3 }],
      [ideas.fiscal, 'a', 'add', { a: 3, b: 3 }],
      [ideas.blank, 'b', 'add', { a: 3, b: 2 }],
      [ideas.transport, 'a', 'add', { a: 2, b: 2 }],
      [ideas.fiscal, 'a', 'remove', { a: 3, b: 2 }],
    ];
    for (const [itemId, category, op, left] of steps) {
      const reply = await client.tokens(anne, itemId, category, op);
      expect(reply, `${op} ${category}`).toMatchObject({ status: 200, ok: true, errors: {} });
      expect(reply.result.left, `${op} ${category}`).toEqual(left);
      // What the server answers is what it stored.
      expect(reply.result.allocations).toEqual(await storedAllocations(instanceId, anne.id));
    }
    expect(await storedAllocations(instanceId, anne.id)).toEqual(
      [
        { itemId: ideas.fiscal, category: 'a', tokens: 1 },
        { itemId: ideas.blank, category: 'b', tokens: 1 },
        { itemId: ideas.transport, category: 'a', tokens: 1 },
      ].sort((x, y) => x.itemId.localeCompare(y.itemId)),
    );
    // Reloading the page finds them where they were.
    const after = await client.read(anne);
    expect(after.page.ballot).toEqual({ allocations: await storedAllocations(instanceId, anne.id), left: { a: 3, b: 2 }, gauges: {} });
  });

  it('takes back the last token of an item, leaving no empty row behind', async () => {
    const { client, ideas, person, instanceId } = await scene();
    const anne = await person();
    await spend(client, anne, [[ideas.fiscal, 'a']]);
    const reply = await client.tokens(anne, ideas.fiscal, 'a', 'remove');
    expect(reply).toMatchObject({ status: 200, ok: true, result: { allocations: [], left: { a: 5, b: 3 } } });
    expect(await storedAllocations(instanceId, anne.id)).toEqual([]);
    // And the token can be placed again.
    expect(await client.tokens(anne, ideas.fiscal, 'a')).toMatchObject({ status: 200, result: { left: { a: 4, b: 3 } } });
  });

  it('refuses each move that breaks a rule with its reason, and stores nothing', async () => {
    const { client, ideas, person, instanceId, configure } = await scene();
    // The strategist switched red off on the transport idea.
    await configure({ items: [{ kind: 'idea', id: ideas.fiscal }, { kind: 'idea', id: ideas.blank }, { kind: 'idea', id: ideas.transport, override: { categories: { b: { off: true } } } }] });
    const [anne, bilal] = [await person(), await person()];
    // Anne spent all her green tokens (3 on fiscal: its maximum; 2 on blank); Bilal put red on blank and green on fiscal.
    await spend(client, anne, [
      [ideas.fiscal, 'a', 3],
      [ideas.blank, 'a', 2],
    ]);
    await spend(client, bilal, [
      [ideas.blank, 'b'],
      [ideas.fiscal, 'a'],
    ]);
    const stored = await everything(instanceId);
    const cases: [string, Person, Record<string, string>, string][] = [
      ['a spent budget', anne, { itemId: ideas.transport, category: 'a', op: 'add' }, 'budget.spent'],
      ['a full item', bilal, { itemId: ideas.blank, category: 'b', op: 'add' }, 'item.full'],
      ['green where red is', bilal, { itemId: ideas.blank, category: 'a', op: 'add' }, 'exclusive'],
      ['red where green is', bilal, { itemId: ideas.fiscal, category: 'b', op: 'add' }, 'exclusive'],
      ['red on an item where the strategist switched it off', bilal, { itemId: ideas.transport, category: 'b', op: 'add' }, 'category.off'],
      ['an item that does not exist', bilal, { itemId: '00000000-0000-4000-8000-000000000000', category: 'a', op: 'add' }, 'item.unknown'],
      ['an item that is not an id', bilal, { itemId: 'fiscal', category: 'a', op: 'add' }, 'item.unknown'],
      ['no item', bilal, { category: 'a', op: 'add' }, 'item.unknown'],
      ['an idea of the consultation left out of the vote', bilal, { itemId: ideas.leftOut, category: 'a', op: 'add' }, 'item.unknown'],
      ['a category that does not exist', bilal, { itemId: ideas.transport, category: 'z', op: 'add' }, 'category.unknown'],
      ['taking back a token that is not there', bilal, { itemId: ideas.transport, category: 'a', op: 'remove' }, 'nothing.toRemove'],
      ['taking back from an item left out', anne, { itemId: ideas.leftOut, category: 'a', op: 'remove' }, 'item.unknown'],
      ['an unknown operation', bilal, { itemId: ideas.transport, category: 'a', op: 'double' }, 'op.unknown'],
    ];
    for (const [what, who, fields, code] of cases) {
      const reply = await client.act(who, 'tokens', fields);
      expect(reply.status, what).toBe(400);
      expect(reply.ok, what).toBe(false);
      expect(reply.errors, what).toEqual({ tokens: code });
    }
    expect(await everything(instanceId)).toEqual(stored);
    // What was refused is what would have broken a rule: the same people can still move within them.
    expect(await client.tokens(bilal, ideas.transport, 'a')).toMatchObject({ status: 200 });
  });

  it('slows down a participant who sends more than 120 votes a minute, and stores nothing it refused', async () => {
    const { client, ideas, person, instanceId } = await scene({ config: { categories: [{ ...defaultTokenVoteConfig.categories[0]!, budget: 200, maxPerItem: null, excludes: [] }] } });
    const [anne, bilal] = [await person(), await person()];
    // Limits count per minute of the clock: start well inside one, so the 121st vote falls in
    // the same window as the first 120 however slow the machine is.
    const secondsIntoMinute = new Date().getUTCSeconds();
    if (secondsIntoMinute > 45) await new Promise((resolve) => setTimeout(resolve, (61 - secondsIntoMinute) * 1000));
    for (let batch = 0; batch < 6; batch++) {
      const replies = await Promise.all(Array.from({ length: 20 }, () => client.tokens(anne, ideas.fiscal, 'a')));
      expect(replies.every((reply) => reply.status === 200)).toBe(true);
    }
    expect(await client.tokens(anne, ideas.fiscal, 'a')).toMatchObject({ status: 429, ok: false, errors: { form: 'tooFast' } });
    expect(await client.gauge(anne, ideas.fiscal, 'cost', '')).toMatchObject({ status: 429, errors: { form: 'tooFast' } });
    expect(await storedAllocations(instanceId, anne.id)).toEqual([{ itemId: ideas.fiscal, category: 'a', tokens: 120 }]);
    // Others vote on.
    expect(await client.tokens(bilal, ideas.fiscal, 'a')).toMatchObject({ status: 200 });
  });

  it('refuses tokens and gauge answers from a visitor, a client viewer and someone who has not joined', async () => {
    const { client, ideas, person, instanceId } = await scene({ config: withGauges });
    const [viewer, outsider, strategist] = [await person(['client_viewer']), await person([]), await person(['strategist'])];
    for (const [what, who] of [
      ['a visitor', null],
      ['a client viewer', viewer],
      ['a signed-in person who is not a member', outsider],
    ] as const) {
      expect(await client.tokens(who, ideas.fiscal, 'a'), what).toMatchObject({ status: 403, ok: false, errors: { form: 'notAllowed' } });
      expect(await client.tokens(who, ideas.fiscal, 'a', 'remove'), what).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
      expect(await client.gauge(who, ideas.fiscal, 'cost', '100'), what).toMatchObject({ status: 403, errors: { form: 'notAllowed' } });
    }
    expect(await everything(instanceId)).toEqual({ tokens: [], gauges: [] });
    expect(await database.db.selectFrom('token_ballots').select('user_id').where('instance_id', '=', instanceId).execute()).toEqual([]);
    // They read the vote, without a ballot.
    const read = await client.read(viewer);
    expect(read.page).toMatchObject({ mayVote: false, ballot: null });
    expect((await client.read(null)).page).toMatchObject({ mayVote: false, ballot: null });
    // The team takes part like participants.
    expect(await client.tokens(strategist, ideas.fiscal, 'a')).toMatchObject({ status: 200 });
  });
});

describe('gauge answers', () => {
  it('saves a number on the gauge’s steps, a labelled choice, and withdraws an answer left empty', async () => {
    const { client, ideas, person, instanceId } = await scene({ config: withGauges });
    const anne = await person();
    const numeric = await client.gauge(anne, ideas.fiscal, 'cost', '1 500');
    expect(numeric).toMatchObject({ status: 200, ok: true, result: { gauges: { [ideas.fiscal]: { cost: 1500 } } } });
    const labelled = await client.gauge(anne, ideas.blank, 'prio', 'top');
    expect(labelled.result.gauges).toEqual({ [ideas.fiscal]: { cost: 1500 }, [ideas.blank]: { prio: 'top' } });
    // Answering again replaces the answer.
    await client.gauge(anne, ideas.fiscal, 'cost', '2050');
    expect((await everything(instanceId)).gauges).toEqual(
      [
        { user_id: anne.id, item_id: ideas.fiscal, gauge_key: 'cost', value: 2050, choice: null },
        { user_id: anne.id, item_id: ideas.blank, gauge_key: 'prio', value: null, choice: 'top' },
      ].sort((x, y) => x.item_id.localeCompare(y.item_id)),
    );
    const withdrawn = await client.gauge(anne, ideas.fiscal, 'cost', '');
    expect(withdrawn).toMatchObject({ status: 200, result: { gauges: { [ideas.blank]: { prio: 'top' } } } });
    expect(withdrawn.result.gauges[ideas.fiscal]).toBeUndefined();
    expect((await everything(instanceId)).gauges).toEqual([{ user_id: anne.id, item_id: ideas.blank, gauge_key: 'prio', value: null, choice: 'top' }]);
    expect((await client.read(anne)).page.ballot?.gauges).toEqual({ [ideas.blank]: { prio: 'top' } });
  });

  it('refuses an answer off the steps, out of range, not a number, or not one of the choices, and stores nothing', async () => {
    const { client, ideas, person, instanceId } = await scene({ config: withGauges });
    const anne = await person();
    await answer(client, anne, ideas.fiscal, 'cost', '100');
    const stored = await everything(instanceId);
    const cases: [string, string, string, string, string][] = [
      ['off the steps', ideas.fiscal, 'cost', '1525', 'gauge.offStep'],
      ['above the maximum', ideas.fiscal, 'cost', '5050', 'gauge.outOfRange'],
      ['below the minimum', ideas.fiscal, 'cost', '-50', 'gauge.outOfRange'],
      ['not a number', ideas.fiscal, 'cost', 'beaucoup', 'gauge.notNumber'],
      ['not one of the choices', ideas.fiscal, 'prio', 'urgent', 'gauge.unknownChoice'],
      ['a gauge that does not exist', ideas.fiscal, 'speed', '3', 'gauge.unknown'],
      ['an idea left out of the vote', ideas.leftOut, 'cost', '100', 'item.unknown'],
      ['an item that is not an id', 'fiscal', 'cost', '100', 'item.unknown'],
    ];
    for (const [what, itemId, gauge, value, code] of cases) {
      const reply = await client.gauge(anne, itemId, gauge, value);
      expect(reply.status, what).toBe(400);
      expect(reply.errors, what).toEqual({ gauge: code });
    }
    expect(await everything(instanceId)).toEqual(stored);
  });
});

describe('once the vote is over, or before it opens', () => {
  it('refuses tokens and gauge answers after the phase closed, and keeps every ballot as it was', async () => {
    const { client, ideas, person, instanceId, moveTo } = await scene({ config: withGauges });
    const anne = await person();
    await spend(client, anne, [[ideas.fiscal, 'a', 2]]);
    await answer(client, anne, ideas.blank, 'prio', 'mid');
    const stored = await everything(instanceId);
    await moveTo('closed');
    expect(await client.tokens(anne, ideas.blank, 'a')).toMatchObject({ status: 409, ok: false, errors: { form: 'module.closed' } });
    expect(await client.tokens(anne, ideas.fiscal, 'a', 'remove')).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    expect(await client.gauge(anne, ideas.blank, 'prio', '')).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    expect(await everything(instanceId)).toEqual(stored);
    // Anne still finds her ballot, read-only.
    const { page } = await client.read(anne);
    expect(page.mayVote).toBe(false);
    expect(page.ballot).toMatchObject({ allocations: [{ itemId: ideas.fiscal, category: 'a', tokens: 2 }], left: { a: 3, b: 3 }, gauges: { [ideas.blank]: { prio: 'mid' } } });
  });

  it('refuses tokens before the prioritisation phase opens, and hides its page', async () => {
    const { client, ideas, person, instanceId } = await scene({ lifecycleState: 'deepening' });
    const anne = await person();
    expect(await client.tokens(anne, ideas.fiscal, 'a')).toMatchObject({ status: 409, errors: { form: 'module.closed' } });
    expect(await everything(instanceId)).toEqual({ tokens: [], gauges: [] });
    expect((await client.read(anne)).status).toBe(404);
  });
});

describe('results', () => {
  /**
   * Anne: 3 green on fiscal, red on transport; Bilal: 1 green on fiscal, 2 green on blank, red on
   * transport; Chloé: 2 green on blank; Dan answers only a gauge. Fiscal and blank tie at net 4.
   */
  async function votedScene(config: Partial<TokenVoteConfig> = {}) {
    const voting = await scene({ config: { ...withGauges, ...config } });
    const { client, ideas, person } = voting;
    const [anne, bilal, chloe, dan] = [await person(), await person(), await person(), await person()];
    await spend(client, anne, [
      [ideas.fiscal, 'a', 3],
      [ideas.transport, 'b'],
    ]);
    await spend(client, bilal, [
      [ideas.fiscal, 'a'],
      [ideas.blank, 'a', 2],
      [ideas.transport, 'b'],
    ]);
    await spend(client, chloe, [[ideas.blank, 'a', 2]]);
    for (const [who, value] of [
      [anne, '100'],
      [bilal, '200'],
      [chloe, '300'],
      [dan, '1 000'],
    ] as const)
      await answer(client, who, ideas.fiscal, 'cost', value);
    for (const [who, choice] of [
      [anne, 'top'],
      [bilal, 'top'],
      [chloe, 'low'],
    ] as const)
      await answer(client, who, ideas.blank, 'prio', choice);
    return { ...voting, anne, bilal, chloe, dan };
  }

  it('counts tokens per item and category, the net score, the voters, and ranks items with ties sharing a rank', async () => {
    const { client, ideas, person } = await votedScene();
    const strategist = await person(['strategist']);
    const { page } = await client.read(strategist, { view: 'results' });
    expect(page.view).toBe('results');
    const results = page.results!;
    // Dan answered a gauge only: he voted too.
    expect(results.voters).toBe(4);
    expect(results.segments).toBeNull();
    expect(results.items.map((item) => ({ title: item.title, rank: item.rank, totals: item.totals, net: item.net, voters: item.voters }))).toEqual([
      // Tied on net score and tokens for: same rank, by title.
      { title: 'Compter le vote blanc', rank: 1, totals: { a: 4, b: 0 }, net: 4, voters: 3 },
      { title: 'Renforcer le contrôle fiscal', rank: 1, totals: { a: 4, b: 0 }, net: 4, voters: 4 },
      { title: 'Des transports gratuits', rank: 3, totals: { a: 0, b: 2 }, net: -2, voters: 2 },
    ]);
    const fiscal = results.items.find((item) => item.id === ideas.fiscal)!;
    // 100, 200, 300, 1000: interpolated quartiles.
    expect(fiscal.gauges.cost).toEqual({ type: 'numeric', count: 4, median: 250, q1: 175, q3: 475, min: 100, max: 1000 });
    expect(fiscal.gauges.prio).toEqual({ type: 'labelled', count: 0, counts: { low: 0, mid: 0, top: 0 } });
    const blank = results.items.find((item) => item.id === ideas.blank)!;
    expect(blank.gauges.prio).toEqual({ type: 'labelled', count: 3, counts: { low: 1, mid: 0, top: 2 } });
    expect(blank.gauges.cost).toEqual({ type: 'numeric', count: 0, median: null, q1: null, q3: null, min: null, max: null });
  });

  it('hands its priorities, best first, to a report gathering the consultation’s results', async () => {
    const { consultationId, instanceId } = await votedScene();
    const consultation = await database.db.selectFrom('consultations').selectAll().where('id', '=', consultationId).executeTakeFirstOrThrow();
    const instance = await database.db.selectFrom('module_instances').select(['config']).where('id', '=', instanceId).executeTakeFirstOrThrow();
    const ranking = await tokenVoteServer.ranking!({
      db: database.db,
      actor: visitor,
      consultation,
      instance: { id: instanceId, phase: 'prioritisation', config: instance.config as TokenVoteConfig, themeId: null },
      open: true,
      locale: 'fr',
      emit: () => {},
    });
    expect(ranking?.name).toEqual(tokenVoteManifest.name);
    expect(ranking?.items).toEqual([
      { title: 'Compter le vote blanc', rank: 1, value: 4, voters: 3 },
      { title: 'Renforcer le contrôle fiscal', rank: 1, value: 4, voters: 4 },
      { title: 'Des transports gratuits', rank: 3, value: -2, voters: 2 },
    ]);
  });

  it('puts an item with more tokens for ahead of one with the same net score, and counts red against', async () => {
    const { client, ideas, person } = await scene();
    const [anne, bilal, strategist] = [await person(), await person(), await person(['strategist'])];
    // Fiscal: 3 for, 1 against (net 2); blank: 2 for (net 2); transport: 2 for, 1 against (net 1).
    await spend(client, anne, [[ideas.fiscal, 'a', 3], [ideas.blank, 'a', 2], [ideas.transport, 'b']]);
    await spend(client, bilal, [[ideas.fiscal, 'b'], [ideas.transport, 'a', 2]]);
    const results = (await client.read(strategist, { view: 'results' })).page.results!;
    expect(results.items.map((item) => [item.title, item.rank, item.net])).toEqual([
      ['Renforcer le contrôle fiscal', 1, 2],
      ['Compter le vote blanc', 1, 2],
      ['Des transports gratuits', 3, 1],
    ]);
  });

  it('follows every move: a reader asking again sees new totals, and who took everything back is no longer a voter', async () => {
    const { client, ideas, person } = await scene({ config: withGauges });
    const [anne, bilal, strategist] = [await person(), await person(), await person(['strategist'])];
    const results = async () => (await client.read(strategist, { view: 'results' })).page.results!;
    await spend(client, anne, [[ideas.fiscal, 'a', 2]]);
    await answer(client, bilal, ideas.blank, 'prio', 'mid');
    expect(await results()).toMatchObject({ voters: 2, items: [{ id: ideas.fiscal, totals: { a: 2 }, voters: 1 }, {}, {}] });
    // Asked twice with nothing new: the same answer.
    expect(await results()).toEqual(await results());

    await client.tokens(anne, ideas.fiscal, 'a', 'remove');
    expect((await results()).items.find((item) => item.id === ideas.fiscal)?.totals).toEqual({ a: 1, b: 0 });
    await client.tokens(anne, ideas.fiscal, 'a', 'remove');
    await client.gauge(bilal, ideas.blank, 'prio', 'top');
    const after = await results();
    expect(after.voters).toBe(1);
    expect(after.items.find((item) => item.id === ideas.fiscal)).toMatchObject({ totals: { a: 0, b: 0 }, voters: 0 });
    expect(after.items.find((item) => item.id === ideas.blank)?.gauges.prio).toEqual({ type: 'labelled', count: 1, counts: { low: 0, mid: 0, top: 1 } });
    await client.gauge(bilal, ideas.blank, 'prio', '');
    expect((await results()).voters).toBe(0);
  });

  it('shows participants the results only once the vote is over when the strategist chose so; the team always', async () => {
    const { client, person, moveTo } = await votedScene();
    const [anne, strategist, synthesizer, viewer] = [await person(), await person(['strategist']), await person(['synthesizer']), await person(['client_viewer'])];
    const during = await client.read(anne, { view: 'results' });
    expect(during.page).toMatchObject({ results: null, resultsHidden: 'afterClose', mayAnalyse: false });
    for (const who of [strategist, synthesizer, viewer]) {
      const { page } = await client.read(who, { view: 'results' });
      expect(page.results?.voters).toBe(4);
      expect(page).toMatchObject({ resultsHidden: null, mayAnalyse: true });
    }
    await moveTo('closed');
    const after = await client.read(anne, { view: 'results' });
    expect(after.page).toMatchObject({ resultsHidden: null, mayAnalyse: false });
    expect(after.page.results?.voters).toBe(4);
    expect((await client.read(null, { view: 'results' })).page.results?.voters).toBe(4);
  });

  it('shows participants the results while they vote when the strategist chose live results', async () => {
    const { client, person } = await votedScene({ results: 'live' });
    const anne = await person();
    const { page } = await client.read(anne, { view: 'results' });
    expect(page.resultsHidden).toBeNull();
    expect(page.results?.items.map((item) => item.net)).toEqual([4, 4, -2]);
    // The voting screen does not compute them.
    expect((await client.read(anne)).page.results).toBeNull();
  });
});

describe('results by segment', () => {
  /** Five voters from Bretagne (green on fiscal), six from Occitanie (red on blank), two from Corse, one who gave no region. */
  async function regionsScene() {
    const voting = await scene({ config: { results: 'live' } });
    const { client, ideas, person } = voting;
    const voters: [string | null, string, string][] = [
      ...Array.from({ length: 5 }, (): [string, string, string] => ['Bretagne', ideas.fiscal, 'a']),
      ...Array.from({ length: 6 }, (): [string, string, string] => ['Occitanie', ideas.blank, 'b']),
      ['Corse', ideas.fiscal, 'a'],
      ['Corse', ideas.transport, 'a'],
      [null, ideas.transport, 'a'],
    ];
    for (const [region, itemId, category] of voters) {
      const someone = await person(['participant'], { segments: region ? { region, age_band: '30-44' } : {} });
      await spend(client, someone, [[itemId, category]]);
    }
    return voting;
  }

  it('splits the results by a segment, showing only groups of at least five voters and counting the others apart', async () => {
    const { client, ideas, person } = await regionsScene();
    const strategist = await person(['strategist']);
    const { page } = await client.read(strategist, { view: 'results', segment: 'region' });
    expect(page.segment).toBe('region');
    expect(page.segmentFields).toEqual(['age_band', 'region', 'source']);
    const split = page.results!.segments!;
    expect(split.field).toBe('region');
    expect(split.groups.map((group) => [group.value, group.voters])).toEqual([
      ['Occitanie', 6],
      ['Bretagne', 5],
    ]);
    // Corse (2 voters) and the voter with no region are counted, never shown.
    expect(split.unshown).toBe(3);
    expect(page.results!.voters).toBe(14);
    const bretagne = split.groups.find((group) => group.value === 'Bretagne')!;
    expect(bretagne.items.find((item) => item.id === ideas.fiscal)).toMatchObject({ totals: { a: 5 }, net: 5 });
    const occitanie = split.groups.find((group) => group.value === 'Occitanie')!;
    expect(occitanie.items.find((item) => item.id === ideas.blank)).toMatchObject({ totals: { b: 6 }, net: -6 });
    expect(occitanie.items.find((item) => item.id === ideas.fiscal)?.net ?? 0).toBe(0);
    // One group of 14 by age band.
    const byAge = (await client.read(strategist, { view: 'results', segment: 'age_band' })).page.results!.segments!;
    expect(byAge).toMatchObject({ groups: [{ value: '30-44', voters: 13 }], unshown: 1 });
    // A field the consultation does not ask is no split.
    expect((await client.read(strategist, { view: 'results', segment: 'gender' })).page).toMatchObject({ segment: null, results: { segments: null } });
  });

  it('does not let participants split the results, even live', async () => {
    const { client, person } = await regionsScene();
    const anne = await person(['participant'], { segments: { region: 'Bretagne' } });
    const { page } = await client.read(anne, { view: 'results', segment: 'region' });
    expect(page).toMatchObject({ segment: null, mayAnalyse: false, segmentFields: [] });
    expect(page.results).not.toBeNull();
    expect(page.results!.segments).toBeNull();
  });
});

/** A CSV file's rows, its fields unquoted (fetch's text() already dropped the byte-order mark). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) => match[1]!.replaceAll('""', '"')));
}

describe('downloading the results', () => {
  it('gives the team a CSV of the ranked results, with the categories’ labels as columns, safe to open in a spreadsheet', async () => {
    const voting = await scene({ config: withGauges });
    const { client, ideas, person, configure, consultationId } = voting;
    // An idea whose title a spreadsheet would run as a formula.
    const { id: formula } = await database.db.insertInto('ideas').values({ consultation_id: consultationId, title: '=HYPERLINK("http://evil.example","Cliquez")', description: '' }).returning('id').executeTakeFirstOrThrow();
    await configure({ items: [ideas.fiscal, ideas.blank, ideas.transport, formula].map((id) => ({ kind: 'idea' as const, id })) });
    const [anne, bilal, strategist, viewer] = [await person(), await person(), await person(['strategist']), await person(['client_viewer'])];
    await spend(client, anne, [[ideas.blank, 'a', 3], [formula, 'a'], [ideas.transport, 'b']]);
    await spend(client, bilal, [[ideas.fiscal, 'a', 2], [ideas.transport, 'b']]);
    await answer(client, anne, ideas.blank, 'cost', '300');

    for (const who of [strategist, viewer]) {
      const file = await client.download(who);
      expect(file.status).toBe(200);
      expect(file.type).toMatch(/^text\/csv/);
      const [header, ...rows] = parseCsv(file.text);
      expect(header!.slice(0, 6)).toEqual(['rank', 'item', 'To act on', 'Little potential', 'net', 'voters']);
      expect(header).toEqual(expect.arrayContaining(['Budget: median', 'Priority: Top priority']));
      expect(rows.map((row) => row.slice(0, 6))).toEqual([
        ['1', 'Compter le vote blanc', '3', '0', '3', '1'],
        ['2', 'Renforcer le contrôle fiscal', '2', '0', '2', '1'],
        ['3', `'=HYPERLINK("http://evil.example","Cliquez")`, '1', '0', '1', '1'],
        ['4', 'Des transports gratuits', '0', '2', '-2', '2'],
      ]);
      expect(rows[0]![header!.indexOf('Budget: median')]).toBe('300');
    }
  });

  it('adds a row per shown segment group to the CSV, never a group too small to show', async () => {
    const { client, ideas, person } = await scene();
    for (const region of ['Bretagne', 'Bretagne', 'Bretagne', 'Bretagne', 'Bretagne', 'Corse']) {
      await spend(client, await person(['participant'], { segments: { region } }), [[ideas.fiscal, 'a']]);
    }
    const strategist = await person(['strategist']);
    const file = await client.download(strategist, { segment: 'region' });
    expect(file.status).toBe(200);
    const [header, ...rows] = parseCsv(file.text);
    const segment = header!.indexOf('segment');
    expect(rows.map((row) => row[segment])).toEqual(['all', 'all', 'all', 'region=Bretagne', 'region=Bretagne', 'region=Bretagne']);
    expect(file.text).not.toContain('Corse');
    const fiscal = rows.find((row) => row[segment] === 'region=Bretagne' && row[1] === 'Renforcer le contrôle fiscal')!;
    expect(fiscal[header!.indexOf('To act on')]).toBe('5');
  });

  it('refuses the file to participants and visitors', async () => {
    const { client, person } = await scene({ config: { results: 'live' } });
    const anne = await person();
    expect((await client.download(anne)).status).toBe(403);
    expect((await client.download(null)).status).toBe(403);
  });
});

describe('on the consultation page', () => {
  const summaryOf = async (slug: string, instanceId: string, who: Person | null): Promise<TokenVoteSummaryData> => {
    const response = await fetch(`${app.url}/consultations/${slug}?_data=${encodeURIComponent('routes/consultations.$slug._index')}`, {
      headers: { 'Accept-Language': 'en', ...(who ? { Cookie: who.cookie } : {}) },
    });
    expect(response.status).toBe(200);
    const data = (await response.json()) as { modules: { id: string; kind: string; data: TokenVoteSummaryData }[] };
    const module = data.modules.find((entry) => entry.id === instanceId);
    expect(module?.kind).toBe('token-vote');
    return module!.data;
  };

  it('sums the vote up: items, voters, the reader’s tokens left, and the leaders for whoever may see them', async () => {
    const { client, ideas, person, slug, instanceId } = await scene();
    const [anne, bilal, viewer] = [await person(), await person(), await person(['client_viewer'])];
    await spend(client, anne, [[ideas.blank, 'a', 2], [ideas.transport, 'b']]);
    await spend(client, bilal, [[ideas.fiscal, 'a']]);
    expect(await summaryOf(slug, instanceId, anne)).toEqual({ items: 3, voters: 2, left: { a: 3, b: 2 }, leaders: null });
    expect(await summaryOf(slug, instanceId, null)).toEqual({ items: 3, voters: 2, left: null, leaders: null });
    expect(await summaryOf(slug, instanceId, viewer)).toEqual({
      items: 3,
      voters: 2,
      left: null,
      leaders: [
        { id: ideas.blank, title: 'Compter le vote blanc', net: 2 },
        { id: ideas.fiscal, title: 'Renforcer le contrôle fiscal', net: 1 },
        { id: ideas.transport, title: 'Des transports gratuits', net: -1 },
      ],
    });
  });
});

describe('results live', () => {
  async function follow(prioritisation: Prioritisation, who: Person | null) {
    const socket = io(app.url, { transports: ['websocket'], extraHeaders: who ? { Cookie: who.cookie } : {}, reconnection: false });
    sockets.push(socket);
    const signals: number[] = [];
    socket.on(resultsChanged, (payload: unknown) => {
      expect(payload).toEqual({});
      signals.push(Date.now());
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(5000).emitWithAck('module:join', { slug: prioritisation.slug, instanceId: prioritisation.instanceId })).toEqual({ ok: true });
    return signals;
  }
  const waitForSignals = (signals: number[], count: number) =>
    vi.waitFor(
      () => {
        if (signals.length < count) throw new Error(`${signals.length} of ${count} signals received`);
      },
      { timeout: 5000, interval: 20 },
    );

  it('tells results readers that tokens moved', async () => {
    const voting = await scene();
    const [anne, strategist] = [await voting.person(), await voting.person(['strategist'])];
    const signals = await follow(voting, strategist);
    await voting.client.tokens(anne, voting.ideas.fiscal, 'a');
    await waitForSignals(signals, 1);
    // A refused move moves nothing, and says nothing.
    const quiet = signals.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await voting.client.tokens(anne, voting.ideas.leftOut, 'a');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signals).toHaveLength(quiet);
    await voting.client.gauge(anne, voting.ideas.fiscal, 'cost', '');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(signals).toHaveLength(quiet);
  });

  it('sends at most one signal a second however busy the vote, and a last one once it calms down', async () => {
    const voting = await scene({ config: { categories: [{ ...defaultTokenVoteConfig.categories[0]!, budget: 40, maxPerItem: null, excludes: [] }] } });
    const people = [await voting.person(), await voting.person()];
    const signals = await follow(voting, null);
    const start = Date.now();
    // Twenty moves at once, from two participants.
    const replies = await Promise.all(Array.from({ length: 20 }, (_, index) => voting.client.tokens(people[index % 2]!, voting.ideas.fiscal, 'a')));
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    const lastWrite = Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, start + 1200 - Date.now())));
    const early = signals.filter((at) => at - start <= 1200).length;
    expect(early).toBeGreaterThanOrEqual(1);
    expect(early).toBeLessThanOrEqual(2);
    // Once quiet, the throttle's last signal comes (readers end up with the final totals)…
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(signals.length).toBeGreaterThanOrEqual(2);
    // …and never more than one per second over the whole burst.
    const span = Math.max(lastWrite, signals.at(-1)!) - start;
    expect(signals.length).toBeLessThanOrEqual(Math.floor(span / 1000) + 2);
    for (let index = 1; index < signals.length; index++) expect(signals[index]! - signals[index - 1]!).toBeGreaterThan(800);
  });
});
