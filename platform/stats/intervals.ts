/*
 * Proportions and means with their 95% bounds, for the emergence figures (docs/emergence.md).
 * Pure functions; every formula has a hand-computed test in intervals.test.ts.
 */

/** A figure with its bounds (same shape as modules' `Estimate`). */
export interface Bounded {
  value: number;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const z95 = 1.959963984540054;

const clip = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The smoothed rate (k + 0.33) / (n + 1): a proposal with few votes starts near one third. */
export function smoothedRate(k: number, n: number): number {
  return (k + 0.33) / (n + 1);
}

/** Wilson score interval of k successes in n trials ([0, 1] when n = 0). https://doi.org/10.1080/01621459.1927.10502953 */
export function wilson(k: number, n: number, z = z95): { low: number; high: number } {
  if (!(n > 0)) return { low: 0, high: 1 };
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  // max(0, …): fractional (weighted) counts may put p a hair outside [0, 1].
  const spread = z * Math.sqrt(Math.max(0, (p * (1 - p)) / n + z2 / (4 * n * n)));
  const denominator = 1 + z2 / n;
  return { low: clip((centre - spread) / denominator, 0, 1), high: clip((centre + spread) / denominator, 0, 1) };
}

/** Agresti–Coull interval (clipped to [0, 1]). https://doi.org/10.2307/2685469 */
export function agrestiCoull(k: number, n: number, z = z95): { low: number; high: number } {
  if (!(n > 0)) return { low: 0, high: 1 };
  const z2 = z * z;
  const adjustedN = n + z2;
  const adjustedP = (k + z2 / 2) / adjustedN;
  const spread = z * Math.sqrt(Math.max(0, (adjustedP * (1 - adjustedP)) / adjustedN));
  return { low: clip(adjustedP - spread, 0, 1), high: clip(adjustedP + spread, 0, 1) };
}

/** A rate: the smoothed value with Wilson bounds. Also accepts fractional k and n (weighted counts, effective sizes). */
export function rate(k: number, n: number, z = z95): Bounded {
  return { value: smoothedRate(k, n), ...wilson(k, n, z) };
}

/**
 * A mean of per-vote values (a derived score) from their sum, sum of squares and count:
 * `value` is given by the caller (the sum of its terms' smoothed rates), the bounds are
 * value ± z·s/√n with s the sample standard deviation, clipped to [min, max] of a vote's value;
 * with n < 2 the bounds are [min, max].
 */
export function meanBounds(value: number, sum: number, sumOfSquares: number, n: number, range: { min: number; max: number }, z = z95): Bounded {
  if (!(n >= 2)) return { value, low: range.min, high: range.max };
  // max(0, …): rounding can make the variance of identical values slightly negative.
  const variance = Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
  const margin = (z * Math.sqrt(variance)) / Math.sqrt(n);
  return { value, low: clip(value - margin, range.min, range.max), high: clip(value + margin, range.min, range.max) };
}

/** Two-proportion z-test (pooled): z and its two-sided p-value. z = 0, p = 1 when either n is 0. */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number): { z: number; pValue: number } {
  if (!(n1 > 0) || !(n2 > 0)) return { z: 0, pValue: 1 };
  const pooled = (k1 + k2) / (n1 + n2);
  const variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2);
  // Everyone agrees (or nobody does) on both sides: no difference to test.
  if (!(variance > 0)) return { z: 0, pValue: 1 };
  const z = (k1 / n1 - k2 / n2) / Math.sqrt(variance);
  // 2·Φ(−|z|) rather than 2·(1 − Φ(|z|)): keeps the tiny p-values of large differences.
  return { z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}

/**
 * Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26 or better, |error| < 1e-7).
 * Hart's double-precision rational approximation (Hart et al. 1968, algorithm 5666, as given by
 * G. West, "Better approximations to cumulative normal functions", Wilmott 2005), with a
 * continued fraction in the tails: absolute error below 1e-14.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const absolute = Math.abs(x);
  let tail: number;
  if (absolute > 37) {
    tail = 0;
  } else {
    const density = Math.exp((-absolute * absolute) / 2);
    if (absolute < 7.07106781186547) {
      let numerator = 3.52624965998911e-2 * absolute + 0.700383064443688;
      numerator = numerator * absolute + 6.37396220353165;
      numerator = numerator * absolute + 33.912866078383;
      numerator = numerator * absolute + 112.079291497871;
      numerator = numerator * absolute + 221.213596169931;
      numerator = numerator * absolute + 220.206867912376;
      let denominator = 8.83883476483184e-2 * absolute + 1.75566716318264;
      denominator = denominator * absolute + 16.064177579207;
      denominator = denominator * absolute + 86.7807322029461;
      denominator = denominator * absolute + 296.564248779674;
      denominator = denominator * absolute + 637.333633378831;
      denominator = denominator * absolute + 793.826512519948;
      denominator = denominator * absolute + 440.413735824752;
      tail = (density * numerator) / denominator;
    } else {
      let fraction = absolute + 0.65;
      fraction = absolute + 4 / fraction;
      fraction = absolute + 3 / fraction;
      fraction = absolute + 2 / fraction;
      fraction = absolute + 1 / fraction;
      tail = density / fraction / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}
