/*
 * The two main axes of a sparse participant × proposal vote matrix (agree +1, disagree −1,
 * neutral 0, missing unknown), by power iteration with deflation. Pure; tested in pca.test.ts.
 */

import { mulberry32 } from './random';

export interface SparseVotes {
  /** Participants (rows) and proposals (columns). */
  rows: number;
  columns: number;
  /** One entry per vote: row index, column index, value. */
  row: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

export interface Projection {
  /** Each row's coordinates on the two axes. */
  x: Float64Array;
  y: Float64Array;
  /** Loadings of the columns on each axis (unit vectors). */
  axes: [Float64Array, Float64Array];
  /** Share of the total variance each axis explains. */
  explained: [number, number];
}

/**
 * Pol.is scales a row by √(columns / its votes); the cap keeps someone who voted on one
 * proposal out of a thousand from being thrown 30 times further than everyone else: from 3
 * on (fewer votes than a ninth of the proposals), rows are scaled alike.
 */
export const maximumRowScale = 3;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function normalise(vector: Float64Array): number {
  const norm = Math.sqrt(dot(vector, vector));
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! / norm;
  return norm;
}

/** vector −= (vector·unit) unit */
function removeComponent(vector: Float64Array, unit: Float64Array) {
  const projection = dot(vector, unit);
  for (let i = 0; i < vector.length; i++) vector[i] = vector[i]! - projection * unit[i]!;
}

/** The largest-magnitude loading positive (the first one on a tie). */
function conventionalSign(axis: Float64Array): number {
  let largest = 0;
  for (let i = 1; i < axis.length; i++) if (Math.abs(axis[i]!) > Math.abs(axis[largest]!)) largest = i;
  return axis[largest]! < 0 ? -1 : 1;
}

/**
 * Columns are centred on their mean among those who voted; a missing vote counts as that mean
 * (zero after centring), and each row's projection is scaled by √(columns voted on / its
 * votes), capped, so that people who voted on few proposals are not all drawn to the centre
 * (the way Pol.is does). Deterministic: the same input gives the same output. `previousAxes`
 * (aligned by column) only fixes the signs, so that the plot does not flip between updates.
 *
 * Both axes are iterated together (subspace iteration with a 2 × 2 Rayleigh–Ritz step, which
 * is power iteration with deflation done in one pass over the votes), O(votes) per iteration;
 * they have converged when 1 − |cos(previous iterate, iterate)| < `tolerance` for both.
 */
export function principalAxes(votes: SparseVotes, { iterations = 300, tolerance = 1e-9, previousAxes }: { iterations?: number; tolerance?: number; previousAxes?: [Float64Array | null, Float64Array | null] } = {}): Projection {
  const { rows, columns, row, column, value } = votes;
  const entries = row.length;

  const columnSum = new Float64Array(columns);
  const columnCount = new Float64Array(columns);
  const rowCount = new Float64Array(rows);
  for (let e = 0; e < entries; e++) {
    const c = column[e]!;
    const r = row[e]!;
    columnSum[c] = columnSum[c]! + value[e]!;
    columnCount[c] = columnCount[c]! + 1;
    rowCount[r] = rowCount[r]! + 1;
  }
  const centred = new Float64Array(entries);
  let totalVariance = 0;
  for (let e = 0; e < entries; e++) {
    const c = column[e]!;
    centred[e] = value[e]! - columnSum[c]! / columnCount[c]!;
    totalVariance += centred[e]! * centred[e]!;
  }

  // first and second: the current estimates of the two axes; rowsFirst/rowsSecond: X·axis.
  const random = mulberry32(1);
  const first = new Float64Array(columns).map(() => random() - 0.5);
  const second = new Float64Array(columns).map(() => random() - 0.5);
  normalise(first);
  removeComponent(second, first);
  normalise(second);
  const rowsFirst = new Float64Array(rows);
  const rowsSecond = new Float64Array(rows);
  const nextFirst = new Float64Array(columns);
  const nextSecond = new Float64Array(columns);
  const multiplyRows = () => {
    rowsFirst.fill(0);
    rowsSecond.fill(0);
    for (let e = 0; e < entries; e++) {
      const c = column[e]!;
      const r = row[e]!;
      rowsFirst[r] = rowsFirst[r]! + centred[e]! * first[c]!;
      rowsSecond[r] = rowsSecond[r]! + centred[e]! * second[c]!;
    }
  };
  const eigenvalues = [0, 0];

  if (columns > 0 && totalVariance > 0) {
    for (let iteration = 0; iteration < iterations; iteration++) {
      multiplyRows();
      // nextFirst, nextSecond = XᵀX · (first, second)
      nextFirst.fill(0);
      nextSecond.fill(0);
      for (let e = 0; e < entries; e++) {
        const c = column[e]!;
        const r = row[e]!;
        nextFirst[c] = nextFirst[c]! + centred[e]! * rowsFirst[r]!;
        nextSecond[c] = nextSecond[c]! + centred[e]! * rowsSecond[r]!;
      }
      // Rayleigh–Ritz on span(first, second): the 2 × 2 matrix [a b; b d] = Vᵀ XᵀX V.
      const a = dot(first, nextFirst);
      const b = dot(first, nextSecond);
      const d = dot(second, nextSecond);
      const angle = 0.5 * Math.atan2(2 * b, a - d);
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      eigenvalues[0] = a * cos * cos + 2 * b * cos * sin + d * sin * sin;
      eigenvalues[1] = a * sin * sin - 2 * b * cos * sin + d * cos * cos;
      // Rotate the products to the Ritz vectors, so the first leads and the second follows.
      for (let i = 0; i < columns; i++) {
        const p = nextFirst[i]!;
        const q = nextSecond[i]!;
        nextFirst[i] = cos * p + sin * q;
        nextSecond[i] = -sin * p + cos * q;
      }
      normalise(nextFirst);
      removeComponent(nextSecond, nextFirst);
      // Nothing left beyond the first axis (rank one): keep the current second direction.
      const secondNorm = normalise(nextSecond);
      if (!(secondNorm > 1e-12 * Math.max(eigenvalues[0]!, 1e-300))) {
        nextSecond.set(second);
        removeComponent(nextSecond, nextFirst);
        normalise(nextSecond);
      }
      const change = Math.max(1 - Math.abs(dot(first, nextFirst)), 1 - Math.abs(dot(second, nextSecond)));
      first.set(nextFirst);
      second.set(nextSecond);
      if (change < tolerance) break;
    }
  }

  const axes: [Float64Array, Float64Array] = [first, second];
  axes.forEach((axis, index) => {
    const previous = previousAxes?.[index];
    const alignment = previous && previous.length === axis.length ? dot(axis, previous) : 0;
    const sign = alignment !== 0 ? Math.sign(alignment) : conventionalSign(axis);
    if (sign < 0) for (let i = 0; i < axis.length; i++) axis[i] = -axis[i]!;
  });

  multiplyRows();
  const explained: [number, number] = [0, 0];
  if (totalVariance > 0) {
    explained[0] = Math.max(0, Math.min(1, dot(rowsFirst, rowsFirst) / totalVariance));
    explained[1] = Math.max(0, Math.min(1 - explained[0], dot(rowsSecond, rowsSecond) / totalVariance));
  }
  for (let r = 0; r < rows; r++) {
    const scale = rowCount[r]! > 0 ? Math.min(maximumRowScale, Math.sqrt(columns / rowCount[r]!)) : 0;
    rowsFirst[r] = rowsFirst[r]! * scale;
    rowsSecond[r] = rowsSecond[r]! * scale;
  }
  return { x: rowsFirst, y: rowsSecond, axes, explained };
}
