import type { SequenceConfig } from './manifest';
import { wilson } from '../../platform/stats/intervals';
import { mulberry32, type Random } from '../../platform/stats/random';

export { mulberry32, type Random };

/*
 * The fair sequence, as pure functions: which accepted proposals one voter's next stack of cards
 * shows. Every proposal must get an equal chance to be seen ("chaque idée a autant de chances"):
 * new proposals are tested first, oldest first, until they have enough votes to be judged; the
 * tested ones are then served by Thompson sampling on their score, within limits that keep
 * exposure balanced. No database here: the server loads the pool, this decides, so that the
 * rules are tested on their own and simulated at scale (sequence.test.ts).
 */

/** One proposal the voter might be shown, with its counters (trusted votes only). */
export interface SequenceCandidate {
  id: string;
  authorId: string | null;
  /** Its duplicate group: proposals grouped into one idea never share a stack. */
  ideaId: string | null;
  /** When it was proposed, in milliseconds (new proposals are served oldest first). */
  createdAt: number;
  /** Votes cast from the sequence (the "new proposal" threshold counts these). */
  sequenceVotes: number;
  agree: number;
  disagree: number;
  neutral: number;
}

/** Who the stack is for: their own id (null for a visitor) and the proposals they voted. */
export interface SequenceVoter {
  userId: string | null;
  voted: ReadonlySet<string>;
}

/** Why a card is in the stack. */
export type CardKind = 'new' | 'consensus' | 'controversy';

export interface SelectedCard {
  id: string;
  kind: CardKind;
}

/** A standard normal draw (Marsaglia's polar method). */
function normal(random: Random): number {
  for (;;) {
    const u = 2 * random() - 1;
    const v = 2 * random() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, 1) draw by Marsaglia and Tsang's method ("A simple method for generating gamma
 * variables", ACM TOMS 26(3), 2000); shapes below 1 are boosted by U^(1/shape).
 */
export function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(1 - random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw, as the ratio of two gamma draws. */
export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

/** Trusted votes of a proposal: what the cap and the scores count. */
export const trustedVotes = (candidate: SequenceCandidate) => candidate.agree + candidate.disagree + candidate.neutral;

/**
 * Upper bound of the 95% Wilson score interval of a rate (successes out of trials): 1 when
 * nothing is known yet. https://en.wikipedia.org/wiki/Binomial_proportion_confidence_interval#Wilson_score_interval
 */
export function wilsonUpperBound(successes: number, trials: number, z = 1.96): number {
  return wilson(successes, trials, z).high;
}

/** Clearly rejected: even the optimistic end of its agreement rate is below the bound. */
export function clearlyRejected(candidate: SequenceCandidate, rejectionBound: number): boolean {
  return wilsonUpperBound(candidate.agree, trustedVotes(candidate)) < rejectionBound;
}

/** A plausible agreement rate, drawn from its posterior (uniform prior): the consensus score. */
export function consensusDraw(candidate: SequenceCandidate, random: Random): number {
  return sampleBeta(candidate.agree + 1, candidate.disagree + candidate.neutral + 1, random);
}

/**
 * A plausible controversy: strong agreement and strong disagreement at once, the smaller of a
 * drawn agreement rate and a drawn disagreement rate, doubled so that an even split scores 1.
 */
export function controversyDraw(candidate: SequenceCandidate, random: Random): number {
  const total = trustedVotes(candidate);
  const agreement = sampleBeta(candidate.agree + 1, total - candidate.agree + 1, random);
  const disagreement = sampleBeta(candidate.disagree + 1, total - candidate.disagree + 1, random);
  return 2 * Math.min(agreement, disagreement);
}

/** The Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one takes all. */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i]!;
    weighted += (i + 1) * sorted[i]!;
  }
  if (sum === 0) return 0;
  return (2 * weighted) / (n * sum) - (n + 1) / n;
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Rounds up or down at random so that, on average, the count is exactly `value`. */
function roundAtRandom(value: number, random: Random): number {
  const whole = Math.floor(value);
  return whole + (random() < value - whole ? 1 : 0);
}

/** The stack being filled: one card per author and per duplicate group, never more than `size`. */
class Stack {
  readonly cards: SelectedCard[] = [];
  private readonly ids = new Set<string>();
  private readonly authors = new Set<string>();
  private readonly ideas = new Set<string>();

  constructor(readonly size: number) {}

  get full() {
    return this.cards.length >= this.size;
  }

  /** Adds the candidate unless the stack is full or already shows it, its author or its idea. */
  offer(candidate: SequenceCandidate, kind: CardKind): boolean {
    if (this.full || this.ids.has(candidate.id)) return false;
    if (candidate.authorId !== null && this.authors.has(candidate.authorId)) return false;
    if (candidate.ideaId !== null && this.ideas.has(candidate.ideaId)) return false;
    this.cards.push({ id: candidate.id, kind });
    this.ids.add(candidate.id);
    if (candidate.authorId !== null) this.authors.add(candidate.authorId);
    if (candidate.ideaId !== null) this.ideas.add(candidate.ideaId);
    return true;
  }

  /** Offers candidates in order until `count` of them are taken (or the list runs out). */
  fill(candidates: Iterable<SequenceCandidate>, count: number, kind: CardKind): void {
    let taken = 0;
    for (const candidate of candidates) {
      if (taken >= count || this.full) return;
      if (this.offer(candidate, kind)) taken++;
    }
  }
}

/** Candidates ordered by a score drawn for each, best first. */
function byDraw(candidates: readonly SequenceCandidate[], draw: (candidate: SequenceCandidate) => number): SequenceCandidate[] {
  const scored = candidates.map((candidate) => ({ candidate, score: draw(candidate) }));
  scored.sort((a, b) => b.score - a.score);
  return scored.map((entry) => entry.candidate);
}

/** How many tested proposals compete for each tested card (see leastSeen). */
export const candidatesPerTestedCard = 4;

/**
 * The tested proposals that compete for this stack's tested cards: the `size` least seen
 * (sequence votes; ties broken at random), the others waiting for them to catch up.
 *
 * Why not plain Thompson sampling over the whole pool: the best draws win the tested cards, and
 * the best proposals keep winning them until they reach the cap. In the simulation of
 * sequence.test.ts (1,000 proposals, 10,000 voters of 12 cards, default parameters) that left
 * the median proposal with 29 views while 39 reached the cap, and a Gini coefficient of
 * exposure of 0.62 among the others. The cap bounds the best ones over a whole consultation;
 * below it each proposal must keep an equal chance to be seen. So the draws decide among the
 * least-seen proposals only (4 per tested card): promising and controversial ones are still
 * served first, and get their votes sooner, but one that pulls ahead waits for the others. The
 * same simulation then measures a Gini of 0.11, most of it from clearly rejected proposals
 * leaving the sequence, and runs in about 4 s instead of 20 (fewer draws).
 */
function leastSeen(tested: readonly SequenceCandidate[], size: number, random: Random): { contenders: SequenceCandidate[]; waiting: SequenceCandidate[] } {
  if (tested.length <= size) return { contenders: [...tested], waiting: [] };
  // A random fraction under each whole count breaks ties without reordering different counts.
  const keys = Float64Array.from(tested, (candidate) => candidate.sequenceVotes + random());
  const threshold = Float64Array.from(keys).sort()[size - 1]!;
  const contenders: SequenceCandidate[] = [];
  const waiting: SequenceCandidate[] = [];
  tested.forEach((candidate, index) => (keys[index]! <= threshold ? contenders : waiting).push(candidate));
  return { contenders, waiting };
}

/**
 * The next stack of cards for one voter, among the instance's accepted proposals (`pool`):
 * - never a proposal they voted, one of their own, or one with more trusted votes than the cap;
 * - about `newShare` of the cards for new proposals (fewer than `newThreshold` sequence votes),
 *   oldest first;
 * - the rest for tested proposals chosen by Thompson sampling: a `controversyShare` of them on a
 *   controversy draw, the others on a consensus draw (agreement rate), skipping the clearly
 *   rejected, among the least-seen ones (see leastSeen: this keeps exposure even);
 * - when one group runs short the other fills in; one card per author and per duplicate group;
 *   shuffled; never more than `cards`.
 */
export function selectCards(pool: readonly SequenceCandidate[], voter: SequenceVoter, params: SequenceConfig, random: Random): SelectedCard[] {
  const fresh: SequenceCandidate[] = [];
  const tested: SequenceCandidate[] = [];
  for (const candidate of pool) {
    if (voter.voted.has(candidate.id)) continue;
    if (voter.userId !== null && candidate.authorId === voter.userId) continue;
    if (trustedVotes(candidate) > params.cap) continue;
    if (candidate.sequenceVotes < params.newThreshold) fresh.push(candidate);
    else if (!clearlyRejected(candidate, params.rejectionBound)) tested.push(candidate);
  }
  fresh.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const stack = new Stack(params.cards);
  stack.fill(fresh, Math.round(params.cards * params.newShare), 'new');

  const testedSlots = params.cards - stack.cards.length;
  if (testedSlots > 0 && tested.length > 0) {
    const { contenders, waiting } = leastSeen(tested, testedSlots * candidatesPerTestedCard, random);
    const controversySlots = roundAtRandom(testedSlots * params.controversyShare, random);
    const consensusOrder = byDraw(contenders, (candidate) => consensusDraw(candidate, random));
    stack.fill(consensusOrder, testedSlots - controversySlots, 'consensus');
    if (controversySlots > 0) {
      const shown = new Set(stack.cards.map((card) => card.id));
      const left = contenders.filter((candidate) => !shown.has(candidate.id));
      stack.fill(
        byDraw(left, (candidate) => controversyDraw(candidate, random)),
        controversySlots,
        'controversy',
      );
    }
    // The least seen could not fill the tested cards (authors or ideas already in the stack).
    if (!stack.full) stack.fill(consensusOrder, params.cards, 'consensus');
    if (!stack.full) stack.fill(byDraw(waiting, (candidate) => consensusDraw(candidate, random)), params.cards, 'consensus');
  }
  // Too few tested proposals: more new ones, still oldest first.
  if (!stack.full) stack.fill(fresh, params.cards, 'new');
  return shuffle(stack.cards, random);
}
