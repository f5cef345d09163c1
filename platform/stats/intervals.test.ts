import { describe, expect, it } from 'vitest';
import { agrestiCoull, meanBounds, normalCdf, rate, smoothedRate, twoProportionTest, wilson, z95 } from './intervals';

/*
 * Every expectation is worked out by hand beside it (z = 1.96 where the arithmetic is written,
 * so z² = 3.8416), so a slip in a formula cannot hide behind a value copied from the code.
 */

describe('smoothed rate', () => {
  it('starts a proposal without votes at one third and moves toward the observed rate', () => {
    expect(smoothedRate(0, 0)).toBeCloseTo(0.33, 12); // (0 + 0.33) / (0 + 1)
    expect(smoothedRate(8, 10)).toBeCloseTo(0.757273, 6); // 8.33 / 11 = 0.7572727…
    expect(smoothedRate(1000, 1000)).toBeCloseTo(0.999331, 6); // 1000.33 / 1001 = 0.9993307…
  });
});

describe('Wilson interval', () => {
  it('matches the hand computation for 8 agreements out of 10 votes', () => {
    // p = 0.8; centre = (p + z²/2n) / (1 + z²/n) = (8 + 1.9208) / (10 + 3.8416) = 9.9208 / 13.8416 = 0.716738
    // spread = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n) = 1.96·√(0.016 + 0.009604) / 1.38416
    //        = 1.96 × 0.1600125 / 1.38416 = 0.3136245 / 1.38416 = 0.226581
    // low = (0.99208 − 0.3136245) / 1.38416 = 0.490157; high = (0.99208 + 0.3136245) / 1.38416 = 0.943319
    const { low, high } = wilson(8, 10, 1.96);
    expect(low).toBeCloseTo(0.490157, 6);
    expect(high).toBeCloseTo(0.943319, 6);
    expect((low + high) / 2).toBeCloseTo(0.716738, 6);
  });

  it('uses the exact 95% z by default', () => {
    const exact = wilson(8, 10);
    expect(z95).toBeCloseTo(1.959964, 6);
    expect(exact.low).toBeCloseTo(0.490157, 4);
    expect(exact.high).toBeCloseTo(0.943319, 4);
  });

  it('stays inside [0, 1] at the edges and knows nothing without votes', () => {
    // 0 of 10: centre − spread = 0 exactly (clipped, rounding gives −2e-17);
    // high = (0 + 0.19208 + 1.96·√0.009604) / 1.38416 = (0.19208 + 0.19208) / 1.38416 = 0.277540
    expect(wilson(0, 10, 1.96)).toEqual({ low: 0, high: expect.closeTo(0.27754, 5) as number });
    expect(wilson(10, 10, 1.96).high).toBe(1);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('accepts fractional counts (weighted votes, effective sizes)', () => {
    // k = 2.5, n = 5: p = 0.5; centre = 0.5 + 3.8416/10 = 0.88416; spread = 1.96·√(0.05 + 0.038416) = 1.96 × 0.297348 = 0.582802
    // low = (0.88416 − 0.582802) / 1.76832 = 0.170420; high = 1 − low = 0.829580
    const { low, high } = wilson(2.5, 5, 1.96);
    expect(low).toBeCloseTo(0.17042, 5);
    expect(high).toBeCloseTo(0.82958, 5);
  });
});

describe('Agresti–Coull interval', () => {
  it('matches the hand computation for 8 out of 10', () => {
    // ñ = 10 + 3.8416 = 13.8416; p̃ = (8 + 1.9208) / 13.8416 = 0.716738
    // spread = 1.96·√(0.716738 × 0.283262 / 13.8416) = 1.96·√0.0146678 = 1.96 × 0.121111 = 0.237376
    // [0.716738 − 0.237376, 0.716738 + 0.237376] = [0.479362, 0.954114]
    const { low, high } = agrestiCoull(8, 10, 1.96);
    expect(low).toBeCloseTo(0.479362, 5);
    expect(high).toBeCloseTo(0.954114, 5);
  });

  it('is clipped to [0, 1]', () => {
    // 0 of 10: p̃ = 1.9208 / 13.8416 = 0.138770; spread = 1.96·√(0.13877 × 0.86123 / 13.8416) = 0.182125 → low −0.043355, clipped to 0
    const { low, high } = agrestiCoull(0, 10, 1.96);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.320895, 5); // 0.138770 + 0.182125
    expect(agrestiCoull(3, 0)).toEqual({ low: 0, high: 1 });
  });
});

describe('rate', () => {
  it('gives the smoothed value with Wilson bounds', () => {
    // value 8.33 / 11 = 0.757273; bounds as Wilson(8, 10)
    expect(rate(8, 10, 1.96)).toEqual({ value: expect.closeTo(0.757273, 6) as number, low: expect.closeTo(0.490157, 6) as number, high: expect.closeTo(0.943319, 6) as number });
    expect(rate(0, 0)).toEqual({ value: 0.33, low: 0, high: 1 });
  });
});

describe('mean bounds of a derived score', () => {
  it('spreads the caller’s value by z·s/√n, clipped to the score’s range', () => {
    // Votes worth 1, 0, −1, 1: n = 4, Σx = 1, Σx² = 3; s² = (3 − 1²/4) / 3 = 0.916667, s = 0.957427
    // margin = 1.96 × 0.957427 / √4 = 0.938279; value 0.3 (given) → [−0.638279, 1.238279], high clipped to 1
    const bounds = meanBounds(0.3, 1, 3, 4, { min: -1, max: 1 }, 1.96);
    expect(bounds.value).toBe(0.3);
    expect(bounds.low).toBeCloseTo(-0.638279, 6);
    expect(bounds.high).toBe(1);
  });

  it('has no spread when every vote is worth the same, and the whole range below two votes', () => {
    // Four votes worth 2: Σx = 8, Σx² = 16, s² = (16 − 64/4) / 3 = 0
    expect(meanBounds(1.9, 8, 16, 4, { min: 0, max: 3 })).toEqual({ value: 1.9, low: 1.9, high: 1.9 });
    expect(meanBounds(0.5, 1, 1, 1, { min: -3, max: 3 })).toEqual({ value: 0.5, low: -3, high: 3 });
    expect(meanBounds(0.33, 0, 0, 0, { min: 0, max: 2 })).toEqual({ value: 0.33, low: 0, high: 2 });
  });
});

describe('two-proportion test', () => {
  it('matches the hand computation for 45 of 100 against 30 of 100', () => {
    // pooled p = 75 / 200 = 0.375; se = √(0.375 × 0.625 × (1/100 + 1/100)) = √0.0046875 = 0.0684653
    // z = (0.45 − 0.30) / 0.0684653 = 2.190890; p = 2·(1 − Φ(2.190890)) = 2 × 0.0142299 = 0.028460
    const { z, pValue } = twoProportionTest(45, 100, 30, 100);
    expect(z).toBeCloseTo(2.19089, 5);
    expect(pValue).toBeCloseTo(0.02846, 5);
    expect(twoProportionTest(30, 100, 45, 100).z).toBeCloseTo(-2.19089, 5);
  });

  it('finds nothing to test when a side is empty or everyone answers alike', () => {
    expect(twoProportionTest(3, 0, 4, 10)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionTest(10, 10, 20, 20)).toEqual({ z: 0, pValue: 1 });
    expect(twoProportionTest(0, 10, 0, 20)).toEqual({ z: 0, pValue: 1 });
  });
});

describe('normal distribution', () => {
  it('agrees with the tables to 1e-7', () => {
    expect(Math.abs(normalCdf(1.96) - 0.9750021)).toBeLessThan(1e-7);
    expect(Math.abs(normalCdf(-1) - 0.1586553)).toBeLessThan(1e-7);
    expect(Math.abs(normalCdf(3) - 0.9986501)).toBeLessThan(1e-7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(Math.abs(normalCdf(-5) - 2.8665157e-7)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-8) - 6.22096e-16)).toBeLessThan(1e-20);
  });

  it('is symmetric and monotone', () => {
    for (let x = 0; x <= 10; x += 0.25) {
      expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14);
      expect(normalCdf(x + 0.25)).toBeGreaterThanOrEqual(normalCdf(x));
    }
  });
});
