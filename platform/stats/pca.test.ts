import { describe, expect, it } from 'vitest';
import { principalAxes, type SparseVotes } from './pca';
import { mulberry32 } from './random';

/** Builds the sparse matrix from a dense one where null means "did not vote". */
function sparse(matrix: (number | null)[][]): SparseVotes {
  const row: number[] = [];
  const column: number[] = [];
  const value: number[] = [];
  matrix.forEach((votes, r) =>
    votes.forEach((vote, c) => {
      if (vote === null) return;
      row.push(r);
      column.push(c);
      value.push(vote);
    })
  );
  return { rows: matrix.length, columns: matrix[0]?.length ?? 0, row: Int32Array.from(row), column: Int32Array.from(column), value: Float64Array.from(value) };
}

/**
 * Two camps of 30 voting opposite ways on 20 proposals (camp A agrees with the even ones and
 * rejects the odd ones, camp B the reverse), each vote missing with probability 0.3 and
 * neutral with probability 0.1.
 */
function twoCamps(seed = 5): (number | null)[][] {
  const random = mulberry32(seed);
  return Array.from({ length: 60 }, (_, person) => {
    const camp = person < 30 ? 1 : -1;
    return Array.from({ length: 20 }, (_, proposal) => {
      if (random() < 0.3) return null;
      if (random() < 0.1) return 0;
      return proposal % 2 === 0 ? camp : -camp;
    });
  });
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('principal axes', () => {
  it('puts two opposed camps on either side of the first axis', () => {
    const { x, explained } = principalAxes(sparse(twoCamps()));
    const campA = [...x.slice(0, 30)];
    const campB = [...x.slice(30)];
    const sideOfA = Math.sign(campA[0]!);
    expect(sideOfA).not.toBe(0);
    expect(campA.every((value) => Math.sign(value) === sideOfA)).toBe(true);
    expect(campB.every((value) => Math.sign(value) === -sideOfA)).toBe(true);
    expect(explained[0]).toBeGreaterThan(0.5);
    expect(explained[0] + explained[1]).toBeLessThanOrEqual(1);
  });

  it('recovers a rank-one matrix entirely on the first axis', () => {
    // votes = u·vᵀ: after centring each column, (u − ū)·vᵀ, still rank one, along v.
    const u = [1, -1, 0.5, -0.5, 1, 0, -1, 0.25];
    const v = [1, -1, 0.5, 0, -0.5, 1];
    const { axes, explained } = principalAxes(sparse(u.map((ui) => v.map((vj) => ui * vj))));
    expect(explained[0]).toBeCloseTo(1, 9);
    expect(explained[1]).toBeCloseTo(0, 9);
    const norm = Math.hypot(...v);
    expect(Math.abs(dot(axes[0], Float64Array.from(v)) / norm)).toBeCloseTo(1, 9);
    expect(dot(axes[0], axes[0])).toBeCloseTo(1, 12);
    expect(dot(axes[1], axes[1])).toBeCloseTo(1, 12);
    expect(dot(axes[0], axes[1])).toBeCloseTo(0, 9);
  });

  it('gives the same output for the same input', () => {
    const votes = sparse(twoCamps(11));
    expect(principalAxes(votes)).toEqual(principalAxes(votes));
  });

  it('keeps the previous orientation of each axis so the plot does not flip', () => {
    const votes = sparse(twoCamps(12));
    const first = principalAxes(votes);
    // Without previous axes, the largest loading of each axis is positive.
    for (const axis of first.axes) {
      const largest = [...axis].reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
      expect(largest).toBeGreaterThan(0);
    }
    const flipped = principalAxes(votes, { previousAxes: [first.axes[0].map((value) => -value), null] });
    expect([...flipped.axes[0]]).toEqual([...first.axes[0]].map((value) => -value));
    expect([...flipped.x]).toEqual([...first.x].map((value) => -value));
    expect([...flipped.axes[1]]).toEqual([...first.axes[1]]);
    expect(principalAxes(votes, { previousAxes: [first.axes[0], first.axes[1]] }).axes).toEqual(first.axes);
  });

  it('scales people who voted on few proposals outward, up to the cap', () => {
    // 12 proposals. Rows 0–3 vote on everything (scale 1); row 4 on three proposals (√(12/3) = 2);
    // row 5 on one (√12 = 3.46, capped to 3).
    const matrix: (number | null)[][] = [
      [1, 1, 1, -1, -1, -1, 1, 0, 1, 1, -1, 1],
      [-1, -1, -1, 1, 1, 1, -1, 0, -1, -1, 1, -1],
      [1, 1, 0, -1, -1, -1, 1, 1, 1, 1, -1, 0],
      [-1, -1, -1, 1, 0, 1, -1, -1, -1, 0, 1, -1],
      [1, null, null, -1, null, null, 1, null, null, null, null, null],
      [null, null, null, null, 1, null, null, null, null, null, null, null],
    ];
    const votes = sparse(matrix);
    const { x, axes } = principalAxes(votes);
    const columnMeans = matrix[0]!.map((_, c) => {
      const cast = matrix.map((votesOfRow) => votesOfRow[c]).filter((vote): vote is number => vote !== null);
      return cast.reduce((sum, vote) => sum + vote, 0) / cast.length;
    });
    const unscaled = (r: number) => matrix[r]!.reduce<number>((sum, vote, c) => (vote === null ? sum : sum + (vote - columnMeans[c]!) * axes[0][c]!), 0);
    expect(x[0]).toBeCloseTo(unscaled(0), 12);
    expect(x[4]).toBeCloseTo(unscaled(4) * 2, 12);
    expect(x[5]).toBeCloseTo(unscaled(5) * 3, 12);
    expect(Math.abs(x[5]!)).toBeGreaterThan(0);
  });

  it('draws nobody away from the centre when there is no disagreement at all', () => {
    const { x, y, explained } = principalAxes(sparse([[1, 1], [1, null], [null, 1]]));
    expect([...x, ...y].every((value) => value === 0)).toBe(true);
    expect(explained).toEqual([0, 0]);
  });

  it('separates three camps of a large sparse matrix in the plane', () => {
    // 20,000 people × 500 proposals, 20 votes each (a sparse matrix, never made dense), in three
    // camps each agreeing mostly with its own half of the proposals.
    const random = mulberry32(9);
    const rows = 20_000;
    const perRow = 20;
    const votes: SparseVotes = { rows, columns: 500, row: new Int32Array(rows * perRow), column: new Int32Array(rows * perRow), value: new Float64Array(rows * perRow) };
    let e = 0;
    for (let r = 0; r < rows; r++) {
      const chosen = new Set<number>();
      while (chosen.size < perRow) chosen.add(Math.floor(random() * 500));
      for (const c of chosen) {
        votes.row[e] = r;
        votes.column[e] = c;
        votes.value[e] = random() < ((c + (r % 3) * 166) % 500 < 250 ? 0.85 : 0.15) ? 1 : -1;
        e++;
      }
    }
    const { x, y, explained } = principalAxes(votes);
    expect(explained[0]).toBeGreaterThanOrEqual(explained[1]);
    expect(explained[1]).toBeGreaterThan(0);
    const camps = [0, 1, 2].map((camp) => {
      const members = [...x.keys()].filter((r) => r % 3 === camp);
      const centre = [members.reduce((sum, r) => sum + x[r]!, 0) / members.length, members.reduce((sum, r) => sum + y[r]!, 0) / members.length] as const;
      const spread = Math.sqrt(members.reduce((sum, r) => sum + (x[r]! - centre[0]) ** 2 + (y[r]! - centre[1]) ** 2, 0) / members.length);
      return { centre, spread };
    });
    for (const [a, b] of [[0, 1], [1, 2], [0, 2]] as const) {
      const distance = Math.hypot(camps[a]!.centre[0] - camps[b]!.centre[0], camps[a]!.centre[1] - camps[b]!.centre[1]);
      expect(distance).toBeGreaterThan(camps[a]!.spread + camps[b]!.spread);
    }
  });
});
