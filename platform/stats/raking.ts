/*
 * Weighting a sample to a target population's margins by raking (iterative proportional
 * fitting; Deming & Stephan 1940, https://doi.org/10.1214/aoms/1177731829), with Kish's
 * effective sample size. Pure; tested in raking.test.ts.
 */

export interface Margin {
  field: string;
  /** Value → target share (the shares sum to 1). */
  shares: Record<string, number>;
}

export interface RakingResult {
  /** One weight per person, in the order given; mean weight 1. */
  weights: Float64Array;
  iterations: number;
  converged: boolean;
  /** Kish: (Σw)² / Σw². */
  effectiveSampleSize: number;
  /** Target values nobody in the sample holds. */
  unreachable: { field: string; value: string }[];
}

/** Trimming bounds, as multiples of the mean weight. */
const minimumWeight = 0.2;
const maximumWeight = 5;

/** One margin as categories: each person's category index and each category's target share. */
interface Categories {
  /** Category of each person; the last category holds those outside the margin. */
  category: Int32Array;
  targets: Float64Array;
}

/**
 * Turns a margin into categories. People without a value (or with a value the margin does not
 * list) form one more category whose target is their own share of the sample, so the margin
 * reweights only the people it speaks about. Target values nobody holds are dropped and the
 * other targets renormalised, since no weight can reach them.
 */
function categoriesOf(people: readonly Record<string, string | undefined>[], margin: Margin, unreachable: RakingResult['unreachable']): Categories | null {
  const values = Object.keys(margin.shares);
  const indexOf = new Map(values.map((value, index) => [value, index]));
  const outside = values.length;
  const category = new Int32Array(people.length);
  const counts = new Float64Array(values.length + 1);
  people.forEach((person, i) => {
    const value = person[margin.field];
    const index = value === undefined ? undefined : indexOf.get(value);
    category[i] = index ?? outside;
    counts[category[i]!] = counts[category[i]!]! + 1;
  });
  let reachableShare = 0;
  values.forEach((value, index) => {
    const share = margin.shares[value]!;
    if (counts[index] === 0 && share > 0) unreachable.push({ field: margin.field, value });
    else if (counts[index]! > 0) reachableShare += Math.max(0, share);
  });
  const insideShare = 1 - counts[outside]! / people.length;
  if (!(reachableShare > 0) || insideShare === 0) return null;
  const targets = new Float64Array(values.length + 1);
  values.forEach((value, index) => {
    if (counts[index]! > 0) targets[index] = (Math.max(0, margin.shares[value]!) / reachableShare) * insideShare;
  });
  targets[outside] = 1 - insideShare;
  return { category, targets };
}

function categoryTotals(weights: Float64Array, { category, targets }: Categories): Float64Array {
  const totals = new Float64Array(targets.length);
  for (let i = 0; i < weights.length; i++) totals[category[i]!] = totals[category[i]!]! + weights[i]!;
  return totals;
}

/** The largest gap between a weighted share and its target, over every margin. */
function largestGap(weights: Float64Array, margins: readonly Categories[]): number {
  let total = 0;
  for (const weight of weights) total += weight;
  let gap = 0;
  for (const margin of margins) {
    const totals = categoryTotals(weights, margin);
    totals.forEach((sum, index) => {
      gap = Math.max(gap, Math.abs(sum / total - margin.targets[index]!));
    });
  }
  return gap;
}

/** Caps weights to [0.2, 5] × their mean, repeating because capping moves the mean. */
function trim(weights: Float64Array) {
  for (let round = 0; round < 50; round++) {
    let total = 0;
    for (const weight of weights) total += weight;
    const mean = total / weights.length;
    const low = minimumWeight * mean;
    const high = maximumWeight * mean;
    let changed = false;
    for (let i = 0; i < weights.length; i++) {
      // The 1e-12 slack stops endless rounds over rounding errors.
      if (weights[i]! < low * (1 - 1e-12)) {
        weights[i] = low;
        changed = true;
      } else if (weights[i]! > high * (1 + 1e-12)) {
        weights[i] = high;
        changed = true;
      }
    }
    if (!changed) return;
  }
}

/**
 * Rakes `people` (each person's value per field; a missing value keeps its own sample share,
 * outside the margin) to the margins: at most `maxIterations` passes, until every margin is
 * within `tolerance`. Weights are capped to [0.2, 5] × the mean between passes (trimming) so
 * that a few people never stand for a whole region.
 */
export function rake(people: readonly Record<string, string | undefined>[], margins: readonly Margin[], { maxIterations = 50, tolerance = 1e-6 } = {}): RakingResult {
  const unreachable: RakingResult['unreachable'] = [];
  const weights = new Float64Array(people.length).fill(1);
  if (people.length === 0) return { weights, iterations: 0, converged: true, effectiveSampleSize: 0, unreachable };
  const usable = margins.map((margin) => categoriesOf(people, margin, unreachable)).filter((margin): margin is Categories => margin !== null);

  let iterations = 0;
  let converged = largestGap(weights, usable) <= tolerance;
  while (!converged && iterations < maxIterations) {
    for (const margin of usable) {
      const totals = categoryTotals(weights, margin);
      let total = 0;
      for (const sum of totals) total += sum;
      const factors = totals.map((sum, index) => (sum > 0 ? (margin.targets[index]! * total) / sum : 1));
      for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! * factors[margin.category[i]!]!;
    }
    trim(weights);
    iterations++;
    converged = largestGap(weights, usable) <= tolerance;
  }

  let total = 0;
  for (const weight of weights) total += weight;
  const scale = people.length / total;
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! * scale;
  return { weights, iterations, converged, effectiveSampleSize: effectiveSampleSize(weights), unreachable };
}

/** Kish's effective sample size of weights. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let sumOfSquares = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i]!;
    sumOfSquares += weights[i]! * weights[i]!;
  }
  return sumOfSquares > 0 ? (sum * sum) / sumOfSquares : 0;
}
