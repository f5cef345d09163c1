import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, rake } from './raking';

type Person = Record<string, string | undefined>;

/** `count` people holding the same values. */
const people = (count: number, values: Person): Person[] => Array.from({ length: count }, () => ({ ...values }));

/** The weighted share of people holding `value` in `field` (undefined: no value). */
function weightedShare(sample: Person[], weights: Float64Array, field: string, value: string | undefined): number {
  let total = 0;
  let holding = 0;
  sample.forEach((person, i) => {
    total += weights[i]!;
    if (person[field] === value) holding += weights[i]!;
  });
  return holding / total;
}

const mean = (weights: Float64Array) => weights.reduce((sum, weight) => sum + weight, 0) / weights.length;

describe('raking', () => {
  it('reaches two margins at once', () => {
    // Sample: men 50%, women 50%; young 40%, old 60%. Targets: men 40%, women 60%; young 50%, old 50%.
    const sample = [
      ...people(30, { sex: 'man', age: 'young' }),
      ...people(20, { sex: 'man', age: 'old' }),
      ...people(10, { sex: 'woman', age: 'young' }),
      ...people(40, { sex: 'woman', age: 'old' }),
    ];
    const result = rake(sample, [
      { field: 'sex', shares: { man: 0.4, woman: 0.6 } },
      { field: 'age', shares: { young: 0.5, old: 0.5 } },
    ]);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBeGreaterThan(1);
    expect(Math.abs(weightedShare(sample, result.weights, 'sex', 'man') - 0.4)).toBeLessThan(1e-6);
    expect(Math.abs(weightedShare(sample, result.weights, 'sex', 'woman') - 0.6)).toBeLessThan(1e-6);
    expect(Math.abs(weightedShare(sample, result.weights, 'age', 'young') - 0.5)).toBeLessThan(1e-6);
    expect(Math.abs(weightedShare(sample, result.weights, 'age', 'old') - 0.5)).toBeLessThan(1e-6);
    expect(mean(result.weights)).toBeCloseTo(1, 12);
    // People in the same cell share a weight.
    expect(result.weights[0]).toBe(result.weights[29]);
    expect(result.effectiveSampleSize).toBeLessThan(100);
  });

  it('leaves a sample that already matches its margins unweighted', () => {
    const sample = [...people(20, { region: 'north', age: 'young' }), ...people(30, { region: 'north', age: 'old' }), ...people(20, { region: 'south', age: 'young' }), ...people(30, { region: 'south', age: 'old' })];
    const result = rake(sample, [
      { field: 'region', shares: { north: 0.5, south: 0.5 } },
      { field: 'age', shares: { young: 0.4, old: 0.6 } },
    ]);
    expect(result).toMatchObject({ converged: true, iterations: 0, unreachable: [], effectiveSampleSize: 100 });
    expect([...result.weights]).toEqual(new Array(100).fill(1));
  });

  it('lets people without a value keep their own share of the sample', () => {
    // 10 of 100 did not give their age: they stay 10% of the weighted sample, the others split 90% half and half.
    const sample = [...people(60, { age: 'young' }), ...people(30, { age: 'old' }), ...people(10, {})];
    const result = rake(sample, [{ field: 'age', shares: { young: 0.5, old: 0.5 } }]);
    expect(result.converged).toBe(true);
    expect(weightedShare(sample, result.weights, 'age', undefined)).toBeCloseTo(0.1, 9);
    expect(weightedShare(sample, result.weights, 'age', 'young')).toBeCloseTo(0.45, 9);
    expect(weightedShare(sample, result.weights, 'age', 'old')).toBeCloseTo(0.45, 9);
  });

  it('reports a target value nobody holds and shares its weight among the others', () => {
    // north (30%) is unreachable: south and east, 35% each, become 50% each.
    const sample = [...people(20, { region: 'south' }), ...people(80, { region: 'east' })];
    const result = rake(sample, [{ field: 'region', shares: { north: 0.3, south: 0.35, east: 0.35 } }]);
    expect(result.unreachable).toEqual([{ field: 'region', value: 'north' }]);
    expect(result.converged).toBe(true);
    expect(weightedShare(sample, result.weights, 'region', 'south')).toBeCloseTo(0.5, 9);
    expect(result.weights[0]).toBeCloseTo(2.5, 9); // 0.5 / 0.2
    expect(result.weights[99]).toBeCloseTo(0.625, 9); // 0.5 / 0.8
  });

  it('never lets one person stand for more than five times the mean, nor less than a fifth', () => {
    // One islander should stand for half the population (×50): trimming holds them at 5× the mean.
    const sample = [...people(1, { region: 'island' }), ...people(99, { region: 'mainland' })];
    const result = rake(sample, [{ field: 'region', shares: { island: 0.5, mainland: 0.5 } }]);
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(50);
    const average = mean(result.weights);
    for (const weight of result.weights) {
      expect(weight / average).toBeLessThanOrEqual(5 + 1e-9);
      expect(weight / average).toBeGreaterThanOrEqual(0.2 - 1e-9);
    }
    expect(result.weights[0]! / average).toBeCloseTo(5, 6);
  });

  it('has nothing to do without people or margins', () => {
    expect(rake([], [{ field: 'age', shares: { young: 1 } }])).toMatchObject({ iterations: 0, converged: true, effectiveSampleSize: 0 });
    expect([...rake(people(3, { age: 'young' }), []).weights]).toEqual([1, 1, 1]);
  });
});

describe('Kish effective sample size', () => {
  it('is the number of people when weights are equal', () => {
    expect(effectiveSampleSize([1, 1, 1, 1])).toBe(4);
    expect(effectiveSampleSize(new Float64Array(7).fill(0.5))).toBeCloseTo(7, 12);
  });

  it('shrinks with unequal weights', () => {
    // (1 + 3)² / (1² + 3²) = 16 / 10
    expect(effectiveSampleSize([1, 3])).toBeCloseTo(1.6, 12);
    expect(effectiveSampleSize([])).toBe(0);
  });
});
