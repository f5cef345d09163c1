import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSequenceConfig, type SequenceConfig } from './manifest';
import {
  clearlyRejected,
  gini,
  mulberry32,
  sampleBeta,
  sampleGamma,
  selectCards,
  trustedVotes,
  wilsonUpperBound,
  type SelectedCard,
  type SequenceCandidate,
  type SequenceVoter,
} from './sequence';

/*
 * The fair sequence's rules, on pools built in memory: what a stack may never hold, how it
 * shares its cards between new and tested proposals, and (the simulation) that over
 * 10,000 voters every proposal gets its chance.
 */

const params: SequenceConfig = defaultSequenceConfig;
const visitor: SequenceVoter = { userId: null, voted: new Set() };
const voter = (userId = 'voter', voted: string[] = []): SequenceVoter => ({ userId, voted: new Set(voted) });

let serial = 0;
/** A proposal in the pool: new (no votes) by its own author unless told otherwise. */
function proposal(fields: Partial<SequenceCandidate> = {}): SequenceCandidate {
  serial++;
  return { id: `p${serial}`, authorId: `author${serial}`, ideaId: null, createdAt: serial, sequenceVotes: 0, agree: 0, disagree: 0, neutral: 0, ...fields };
}
/** A tested proposal with `votes` sequence votes, `agreement` of them agreeing, the rest disagreeing. */
function tested(votes: number, agreement = 0.6, fields: Partial<SequenceCandidate> = {}): SequenceCandidate {
  const agree = Math.round(votes * agreement);
  return proposal({ sequenceVotes: votes, agree, disagree: votes - agree, ...fields });
}
const many = (count: number, make: (index: number) => SequenceCandidate) => Array.from({ length: count }, (_, index) => make(index));
const ids = (cards: SelectedCard[]) => cards.map((card) => card.id);
const kinds = (cards: SelectedCard[]) => cards.map((card) => card.kind);

describe('what a stack never holds', () => {
  it('never shows a proposal the voter already voted, one of their own, or one past the cap', () => {
    const own = proposal({ authorId: 'voter' });
    const ownTested = tested(40, 0.8, { authorId: 'voter' });
    const voted = [proposal(), tested(40)];
    const capped = tested(params.cap + 1, 0.9);
    const atCap = tested(params.cap, 0.9);
    const others = many(6, () => tested(30));
    const pool = [own, ownTested, ...voted, capped, atCap, ...others];
    for (let seed = 0; seed < 30; seed++) {
      const shown = ids(selectCards(pool, voter('voter', voted.map((p) => p.id)), params, mulberry32(seed)));
      expect(shown).not.toContain(own.id);
      expect(shown).not.toContain(ownTested.id);
      for (const p of voted) expect(shown).not.toContain(p.id);
      expect(shown).not.toContain(capped.id);
      // At the cap exactly, a proposal is still in the pool.
      expect(shown).toContain(atCap.id);
      expect(shown).toHaveLength(7);
    }
  });

  it('never shows two proposals of one author, nor two of one duplicate group', () => {
    const pool = [
      ...many(10, (i) => proposal({ authorId: 'prolific', createdAt: i })),
      ...many(10, () => tested(30, 0.7, { authorId: 'prolific' })),
      ...many(10, () => proposal({ ideaId: 'free-transport' })),
      ...many(10, () => tested(30, 0.7, { ideaId: 'free-transport' })),
      ...many(10, () => tested(30, 0.7, { ideaId: 'blank-vote' })),
      ...many(3, () => proposal()),
    ];
    for (let seed = 0; seed < 30; seed++) {
      const cards = selectCards(pool, voter(), params, mulberry32(seed));
      const shown = cards.map((card) => pool.find((p) => p.id === card.id)!);
      expect(shown.filter((p) => p.authorId === 'prolific')).toHaveLength(1);
      expect(shown.filter((p) => p.ideaId === 'free-transport')).toHaveLength(1);
      expect(shown.filter((p) => p.ideaId === 'blank-vote')).toHaveLength(1);
      // Three distinct groups and three lone proposals: six cards, not twelve.
      expect(cards).toHaveLength(6);
    }
  });

  it('skips clearly rejected proposals, even when the stack then runs short', () => {
    const rejected = many(5, () => tested(100, 0.05));
    const fine = many(3, () => tested(100, 0.5));
    const cards = selectCards([...rejected, ...fine], voter(), params, mulberry32(1));
    expect(ids(cards).sort()).toEqual(fine.map((p) => p.id).sort());
    // Only a clear verdict rejects: 1 agreement out of 10 votes is not one yet.
    expect(clearlyRejected(tested(10, 0.1), params.rejectionBound)).toBe(false);
    expect(clearlyRejected(tested(100, 0.1), params.rejectionBound)).toBe(true);
  });

  it('holds at most `cards` cards, and none from an empty pool', () => {
    expect(selectCards([], visitor, params, mulberry32(1))).toEqual([]);
    const pool = [...many(40, () => proposal()), ...many(40, () => tested(50))];
    expect(selectCards(pool, visitor, params, mulberry32(1))).toHaveLength(12);
    expect(selectCards(pool, visitor, { ...params, cards: 5 }, mulberry32(1))).toHaveLength(5);
  });

  it('keeps every rule on any pool (property)', () => {
    const candidate = fc.record({
      author: fc.integer({ min: 0, max: 8 }),
      idea: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      createdAt: fc.integer({ min: 0, max: 1000 }),
      sequenceVotes: fc.integer({ min: 0, max: 60 }),
      agree: fc.integer({ min: 0, max: 40 }),
      disagree: fc.integer({ min: 0, max: 40 }),
      neutral: fc.integer({ min: 0, max: 20 }),
    });
    const config = fc.record({
      cards: fc.integer({ min: 1, max: 15 }),
      newShare: fc.double({ min: 0, max: 1, noNaN: true }),
      newThreshold: fc.integer({ min: 1, max: 30 }),
      controversyShare: fc.double({ min: 0, max: 1, noNaN: true }),
      cap: fc.integer({ min: 10, max: 90 }),
      rejectionBound: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(candidate, { maxLength: 60 }), config, fc.integer(), fc.integer({ min: 0, max: 8 }), (rows, config, seed, me) => {
        const pool = rows.map((row, index) => ({
          id: `p${index}`,
          authorId: `a${row.author}`,
          ideaId: row.idea === null ? null : `i${row.idea}`,
          createdAt: row.createdAt,
          sequenceVotes: row.sequenceVotes,
          agree: row.agree,
          disagree: row.disagree,
          neutral: row.neutral,
        }));
        const voted = pool.filter((_, index) => index % 3 === 0).map((p) => p.id);
        const cards = selectCards(pool, voter(`a${me}`, voted), config, mulberry32(seed));
        const shown = cards.map((card) => pool.find((p) => p.id === card.id)!);
        expect(cards.length).toBeLessThanOrEqual(config.cards);
        expect(new Set(shown.map((p) => p.authorId)).size).toBe(shown.length);
        const ideas = shown.map((p) => p.ideaId).filter((idea) => idea !== null);
        expect(new Set(ideas).size).toBe(ideas.length);
        for (const p of shown) {
          expect(voted).not.toContain(p.id);
          expect(p.authorId).not.toBe(`a${me}`);
          expect(trustedVotes(p)).toBeLessThanOrEqual(config.cap);
          if (p.sequenceVotes >= config.newThreshold) expect(clearlyRejected(p, config.rejectionBound)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('how a stack shares its cards', () => {
  it('gives about 30% of the cards to new proposals, oldest first', () => {
    const fresh = many(20, (i) => proposal({ createdAt: 1000 - i }));
    const old = many(30, () => tested(40));
    const oldestFour = [...fresh].sort((a, b) => a.createdAt - b.createdAt).slice(0, 4);
    for (let seed = 0; seed < 20; seed++) {
      const cards = selectCards([...fresh, ...old], voter(), params, mulberry32(seed));
      expect(cards).toHaveLength(12);
      // round(12 × 0.3) = 4 new cards, the four oldest; the 8 others tested.
      expect(cards.filter((card) => card.kind === 'new').map((card) => card.id).sort()).toEqual(oldestFour.map((p) => p.id).sort());
    }
    const half = selectCards([...fresh, ...old], voter(), { ...params, newShare: 0.5 }, mulberry32(1));
    expect(kinds(half).filter((kind) => kind === 'new')).toHaveLength(6);
  });

  it('takes the next oldest new proposal when the oldest one’s author is already in the stack', () => {
    const first = proposal({ authorId: 'camille', createdAt: 1 });
    const second = proposal({ authorId: 'camille', createdAt: 2 });
    const later = many(5, (i) => proposal({ createdAt: 10 + i }));
    const cards = selectCards([later[4]!, second, ...later.slice(0, 4), first, ...many(30, () => tested(40))], voter(), params, mulberry32(3));
    expect(cards.filter((card) => card.kind === 'new').map((card) => card.id).sort()).toEqual([first, ...later.slice(0, 3)].map((p) => p.id).sort());
  });

  it('fills with new proposals when too few are tested, and with tested ones when too few are new', () => {
    const onlyNew = selectCards(many(30, (i) => proposal({ createdAt: i })), voter(), params, mulberry32(1));
    expect(kinds(onlyNew)).toEqual(Array(12).fill('new'));
    const twoTested = many(2, () => tested(40));
    const mostlyNew = selectCards([...twoTested, ...many(30, () => proposal())], voter(), params, mulberry32(1));
    expect(kinds(mostlyNew).filter((kind) => kind === 'new')).toHaveLength(10);
    expect(ids(mostlyNew)).toEqual(expect.arrayContaining(twoTested.map((p) => p.id)));
    const onlyTested = selectCards(many(30, () => tested(40)), voter(), params, mulberry32(1));
    expect(onlyTested).toHaveLength(12);
    expect(kinds(onlyTested)).not.toContain('new');
  });

  it('gives about 10% of the tested cards to controversy candidates, and those are the split proposals', () => {
    const split = many(16, () => tested(200, 0.5));
    const liked = many(16, () => tested(200, 0.95));
    const pool = [...split, ...liked];
    const random = mulberry32(7);
    let controversy = 0;
    let testedCards = 0;
    for (let stack = 0; stack < 400; stack++) {
      const cards = selectCards(pool, voter(), params, random);
      testedCards += cards.length;
      for (const card of cards.filter((c) => c.kind === 'controversy')) {
        controversy++;
        expect(split.map((p) => p.id)).toContain(card.id);
      }
      // The consensus cards go to the proposals most agree with.
      for (const card of cards.filter((c) => c.kind === 'consensus')) expect(liked.map((p) => p.id)).toContain(card.id);
    }
    expect(controversy / testedCards).toBeGreaterThan(0.08);
    expect(controversy / testedCards).toBeLessThan(0.12);
    const allControversy = selectCards(pool, voter(), { ...params, controversyShare: 1 }, mulberry32(2));
    expect(ids(allControversy).every((id) => split.some((p) => p.id === id))).toBe(true);
  });

  it('shuffles the stack, so that new proposals are not always on top', () => {
    const pool = [...many(10, (i) => proposal({ createdAt: i })), ...many(30, () => tested(40))];
    const positions = new Set<number>();
    for (let seed = 0; seed < 40; seed++) {
      const cards = selectCards(pool, voter(), params, mulberry32(seed));
      cards.forEach((card, index) => card.kind === 'new' && positions.add(index));
    }
    expect(positions.size).toBe(12);
  });

  it('is reproducible with a seed, and differs from one seed to another', () => {
    const pool = [...many(10, (i) => proposal({ createdAt: i })), ...many(60, (i) => tested(20 + i, 0.3 + (i % 7) / 10))];
    expect(selectCards(pool, voter(), params, mulberry32(11))).toEqual(selectCards(pool, voter(), params, mulberry32(11)));
    expect(selectCards(pool, voter(), params, mulberry32(11))).not.toEqual(selectCards(pool, voter(), params, mulberry32(12)));
  });
});

describe('the statistics behind the sequence', () => {
  it('draws gamma and beta variables with the right means', () => {
    const random = mulberry32(5);
    const mean = (draw: () => number, n = 20_000) => Array.from({ length: n }, draw).reduce((sum, value) => sum + value, 0) / n;
    expect(mean(() => sampleGamma(3.5, random))).toBeCloseTo(3.5, 1);
    expect(mean(() => sampleGamma(0.5, random))).toBeCloseTo(0.5, 1);
    expect(mean(() => sampleBeta(3, 7, random))).toBeCloseTo(0.3, 2);
    expect(mean(() => sampleBeta(1, 1, random))).toBeCloseTo(0.5, 2);
  });

  it('bounds agreement with the Wilson interval', () => {
    expect(wilsonUpperBound(0, 0)).toBe(1);
    expect(wilsonUpperBound(0, 10)).toBeCloseTo(0.2775, 3);
    expect(wilsonUpperBound(5, 10)).toBeCloseTo(0.7634, 3);
  });

  it('measures inequality with the Gini coefficient', () => {
    expect(gini([])).toBe(0);
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 8])).toBeCloseTo(0.75, 10);
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 10);
  });
});

describe('a simulated consultation (1,000 proposals, 10,000 voters)', () => {
  it('brings every proposal to the new-proposal threshold and keeps exposure even below the cap', () => {
    const random = mulberry32(2026);
    // Distinct authors; 150 proposals in 50 duplicate groups of three.
    const pool = many(1000, (i) => ({ id: `p${i}`, authorId: `author${i}`, ideaId: i % 20 < 3 ? `idea${Math.floor(i / 20)}` : null, createdAt: i, sequenceVotes: 0, agree: 0, disagree: 0, neutral: 0 }));
    const byId = new Map(pool.map((p, index) => [p.id, index]));
    // Planted preferences: each proposal's true agreement rate; a fifth of the others are neutral.
    const agreement = pool.map(() => 0.05 + 0.9 * random());
    const served = new Array<number>(pool.length).fill(0);
    const started = performance.now();
    for (let v = 0; v < 10_000; v++) {
      const stack = selectCards(pool, voter(`voter${v}`), params, random);
      expect(stack).toHaveLength(params.cards);
      // Each voter votes on every card of one stack; counters move as votes come in.
      for (const card of stack) {
        const index = byId.get(card.id)!;
        const p = pool[index]!;
        served[index]!++;
        p.sequenceVotes++;
        const draw = random();
        if (draw < agreement[index]!) p.agree++;
        else if (draw < agreement[index]! + (1 - agreement[index]!) * 0.2) p.neutral++;
        else p.disagree++;
      }
    }
    const seconds = (performance.now() - started) / 1000;

    expect(Math.min(...pool.map((p) => p.sequenceVotes))).toBeGreaterThanOrEqual(params.newThreshold);
    const belowCap = served.filter((_, index) => trustedVotes(pool[index]!) <= params.cap);
    const inequality = gini(belowCap);
    console.info(`sequence simulation: Gini of exposure ${inequality.toFixed(3)} over ${belowCap.length} proposals below the cap, ${seconds.toFixed(1)} s`);
    expect(inequality).toBeLessThan(0.2);
    // The rules still hold at scale: the best proposals are not starved, the clearly rejected are seen less.
    const exposureOf = (low: number, high: number) => {
      const chosen = served.filter((_, index) => agreement[index]! >= low && agreement[index]! < high);
      return chosen.reduce((sum, value) => sum + value, 0) / chosen.length;
    };
    expect(exposureOf(0.05, 0.12)).toBeLessThan(exposureOf(0.5, 0.95));
  });
});
