import type { VoteKind } from '../../platform/db/schema';
import { meanBounds, rate } from '../../platform/stats/intervals';
import type { ResultsConfig } from './manifest';
import { qualifications, type Estimate, type Qualification, type Scores, type VoteCounts, type Zone } from './results-data';
import { qualificationsByVote } from './rules';

/*
 * Per-proposal scores from running sums (docs/emergence.md, "Scores"). A vote is reduced once to
 * a 12-bit code (its kind, then its qualifications), and every tally (a proposal, an idea, a
 * segment value's share, a weighted proposal) is a slice of one Float64Array, so that a million
 * votes never become a million objects twice.
 */

export const agreeBit = 1 << 0;
export const disagreeBit = 1 << 1;
export const neutralBit = 1 << 2;
const indicatorCount = 3 + qualifications.length;
const kindBit: Record<VoteKind, number> = { agree: agreeBit, disagree: disagreeBit, neutral: neutralBit };
const qualificationBit = new Map<string, number>(qualifications.map((name, index) => [name, 1 << (3 + index)]));

/** A vote's code. A qualification that does not go with the vote (bad data) is ignored, and counted once. */
export function voteCode(vote: VoteKind, given: readonly string[]): number {
  let code = kindBit[vote];
  for (const name of given) if (qualificationsByVote[vote].includes(name)) code |= qualificationBit.get(name) ?? 0;
  return code;
}

type Term = 'agree' | 'disagree' | 'neutral' | Qualification;

/** The derived scores: a per-vote value (the signed sum of its terms' indicators) and its range. */
const derivedScores = [
  { key: 'topScore', terms: { agree: 1, likeIt: 1, doable: 1, noWay: -1, impossible: -1, platitudeAgree: -1, platitudeDisagree: -1 }, min: -3, max: 3 },
  { key: 'adhesion', terms: { agree: 1, disagree: -1 }, min: -1, max: 1 },
  { key: 'realism', terms: { doable: 1, impossible: -1 }, min: -1, max: 1 },
  { key: 'rejection', terms: { disagree: 1, noWay: 1, impossible: 1 }, min: 0, max: 3 },
  { key: 'engagement', terms: { agree: 1, disagree: 1, likeIt: 1, noWay: 1 }, min: 0, max: 2 },
] as const satisfies readonly { key: keyof Scores; terms: Partial<Record<Term, number>>; min: number; max: number }[];
const derivedCount = derivedScores.length;

function bitOf(term: Term): number {
  return term === 'agree' ? agreeBit : term === 'disagree' ? disagreeBit : term === 'neutral' ? neutralBit : qualificationBit.get(term)!;
}

/** Each code's value for each derived score, computed once. */
const derivedValues = new Float64Array((1 << indicatorCount) * derivedCount);
for (let code = 0; code < 1 << indicatorCount; code++) {
  derivedScores.forEach((score, s) => {
    let value = 0;
    for (const [term, sign] of Object.entries(score.terms)) if (code & bitOf(term as Term)) value += sign;
    derivedValues[code * derivedCount + s] = value;
  });
}

/*
 * A tally's slots: the weighted count of each indicator bit, Σw, Σw², then Σw·x and Σw·x² of
 * each derived score. Unweighted tallies add w = 1, so Σw is the number of votes.
 */
const weightSlot = indicatorCount;
const weightSquareSlot = indicatorCount + 1;
const sumSlot = indicatorCount + 2;
const squareSlot = sumSlot + derivedCount;
export const tallyStride = squareSlot + derivedCount;

export class Tally {
  readonly data: Float64Array;
  constructor(readonly size: number) {
    this.data = new Float64Array(size * tallyStride);
  }

  add(index: number, code: number, weight = 1): void {
    const data = this.data;
    const offset = index * tallyStride;
    for (let bit = 0; bit < indicatorCount; bit++) if (code & (1 << bit)) data[offset + bit]! += weight;
    data[offset + weightSlot]! += weight;
    data[offset + weightSquareSlot]! += weight * weight;
    const values = code * derivedCount;
    for (let s = 0; s < derivedCount; s++) {
      const x = derivedValues[values + s]!;
      data[offset + sumSlot + s]! += weight * x;
      data[offset + squareSlot + s]! += weight * x * x;
    }
  }

  votes(index: number): number {
    return this.data[index * tallyStride + weightSlot]!;
  }

  clear(index: number): void {
    this.data.fill(0, index * tallyStride, (index + 1) * tallyStride);
  }

  counts(index: number): VoteCounts {
    const data = this.data;
    const offset = index * tallyStride;
    return {
      votes: data[offset + weightSlot]!,
      agree: data[offset]!,
      disagree: data[offset + 1]!,
      neutral: data[offset + 2]!,
      qualifications: Object.fromEntries(qualifications.map((name, q) => [name, data[offset + 3 + q]!])) as Record<Qualification, number>,
    };
  }

  /**
   * Every score with its bounds. Weighted: each rate uses Kish's effective size
   * n_eff = (Σw)² / Σw², p̂ = Σw·[x] / Σw and k_eff = p̂·n_eff; a derived score's bounds use
   * the weighted mean and variance of its per-vote value with n_eff.
   */
  scores(index: number, weighted = false): Scores {
    const data = this.data;
    const offset = index * tallyStride;
    const total = data[offset + weightSlot]!;
    const squares = data[offset + weightSquareSlot]!;
    const effective = weighted ? (squares > 0 ? (total * total) / squares : 0) : total;
    const rateOf = (bit: number): Estimate => {
      const k = data[offset + bit]!;
      return weighted ? rate(total > 0 ? (k / total) * effective : 0, effective) : rate(k, total);
    };
    const rates = {} as Record<Term, Estimate>;
    rates.agree = rateOf(0);
    rates.disagree = rateOf(1);
    rates.neutral = rateOf(2);
    qualifications.forEach((name, q) => (rates[name] = rateOf(3 + q)));
    const derived = {} as Record<(typeof derivedScores)[number]['key'], Estimate>;
    derivedScores.forEach((score, s) => {
      let value = 0;
      for (const [term, sign] of Object.entries(score.terms)) value += sign * rates[term as Term].value;
      const sum = data[offset + sumSlot + s]!;
      const sumOfSquares = data[offset + squareSlot + s]!;
      const range = { min: score.min, max: score.max };
      derived[score.key] = weighted
        ? meanBounds(value, total > 0 ? (sum / total) * effective : 0, total > 0 ? (sumOfSquares / total) * effective : 0, effective, range)
        : meanBounds(value, sum, sumOfSquares, total, range);
    });
    return {
      agree: rates.agree,
      disagree: rates.disagree,
      neutral: rates.neutral,
      qualifications: Object.fromEntries(qualifications.map((name) => [name, rates[name]])) as Record<Qualification, Estimate>,
      ...derived,
      controversy: controversyOf(rates.agree, rates.disagree, rates.likeIt, rates.noWay),
    };
  }

  /** Kish's effective number of votes of a weighted tally. */
  effectiveVotes(index: number): number {
    const total = this.data[index * tallyStride + weightSlot]!;
    const squares = this.data[index * tallyStride + weightSquareSlot]!;
    return squares > 0 ? (total * total) / squares : 0;
  }
}

/** min(agree, disagree) + min(likeIt, noWay), the bounds from the terms' bounds. */
function controversyOf(agree: Estimate, disagree: Estimate, likeIt: Estimate, noWay: Estimate): Estimate {
  return {
    value: Math.min(agree.value, disagree.value) + Math.min(likeIt.value, noWay.value),
    low: Math.min(agree.low, disagree.low) + Math.min(likeIt.low, noWay.low),
    high: Math.min(agree.high, disagree.high) + Math.min(likeIt.high, noWay.high),
  };
}

/**
 * The zone by the rules, in order (docs/emergence.md, "Zones"). `consensus` here is a
 * candidate: with opinion groups, groupGate decides.
 */
export function zoneOf(scores: Scores, votes: number, config: ResultsConfig): Zone {
  if (votes < config.minVotes) return 'untested';
  if (scores.neutral.value >= config.limboNeutral) return 'limbo';
  if (scores.agree.low >= config.consensusAgreeLow) return 'consensus';
  if (scores.disagree.low >= config.rejectionDisagreeLow) return 'rejection';
  if (scores.agree.low >= config.controversyBothLow && scores.disagree.low >= config.controversyBothLow) return 'controversy';
  return 'mixed';
}
