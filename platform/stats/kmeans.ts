/*
 * k-means on 2-D points with k chosen by silhouette, kept stable between updates. Pure and
 * deterministic (seeded); tested in kmeans.test.ts.
 */

import { mulberry32 } from './random';

export interface Clustering {
  k: number;
  /** Cluster index of each point (0 … k−1). */
  labels: Int32Array;
  centroids: [number, number][];
  /** Mean silhouette (on a deterministic sample of at most `silhouetteSample` points). */
  silhouette: number;
}

const squaredDistance = (x1: number, y1: number, x2: number, y2: number) => (x1 - x2) * (x1 - x2) + (y1 - y2) * (y1 - y2);

/** k-means++ (Arthur & Vassilvitskii 2007, https://dl.acm.org/doi/10.5555/1283383.1283494). */
function kmeansPlusPlus(x: ArrayLike<number>, y: ArrayLike<number>, k: number, seed: number): [number, number][] {
  const random = mulberry32(seed);
  const n = x.length;
  const first = Math.min(n - 1, Math.floor(random() * n));
  const centroids: [number, number][] = [[x[first]!, y[first]!]];
  const nearest = new Float64Array(n);
  for (let i = 0; i < n; i++) nearest[i] = squaredDistance(x[i]!, y[i]!, x[first]!, y[first]!);
  while (centroids.length < k) {
    let total = 0;
    for (let i = 0; i < n; i++) total += nearest[i]!;
    let chosen = n - 1;
    if (total > 0) {
      let target = random() * total;
      for (let i = 0; i < n; i++) {
        target -= nearest[i]!;
        if (target < 0) {
          chosen = i;
          break;
        }
      }
    } else {
      // Fewer distinct points than k: any point will do, the extra clusters stay empty.
      random();
    }
    centroids.push([x[chosen]!, y[chosen]!]);
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i]!, squaredDistance(x[i]!, y[i]!, x[chosen]!, y[chosen]!));
  }
  return centroids;
}

/** Labels each point with its nearest centroid (the lowest index on a tie); returns how many changed. */
function assign(x: ArrayLike<number>, y: ArrayLike<number>, centroids: [number, number][], labels: Int32Array, distances: Float64Array): number {
  let changed = 0;
  for (let i = 0; i < x.length; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < centroids.length; c++) {
      const distance = squaredDistance(x[i]!, y[i]!, centroids[c]![0], centroids[c]![1]);
      if (distance < bestDistance) {
        best = c;
        bestDistance = distance;
      }
    }
    if (labels[i] !== best) changed++;
    labels[i] = best;
    distances[i] = bestDistance;
  }
  return changed;
}

/** Moves centroids to their points' means; an empty cluster takes the point farthest from its centroid. */
function update(x: ArrayLike<number>, y: ArrayLike<number>, centroids: [number, number][], labels: Int32Array, distances: Float64Array) {
  const k = centroids.length;
  const sumX = new Float64Array(k);
  const sumY = new Float64Array(k);
  const count = new Float64Array(k);
  for (let i = 0; i < x.length; i++) {
    sumX[labels[i]!] = sumX[labels[i]!]! + x[i]!;
    sumY[labels[i]!] = sumY[labels[i]!]! + y[i]!;
    count[labels[i]!] = count[labels[i]!]! + 1;
  }
  const taken = new Set<number>();
  for (let c = 0; c < k; c++) {
    if (count[c]! > 0) {
      centroids[c] = [sumX[c]! / count[c]!, sumY[c]! / count[c]!];
      continue;
    }
    let farthest = -1;
    for (let i = 0; i < x.length; i++) if (!taken.has(i) && (farthest < 0 || distances[i]! > distances[farthest]!)) farthest = i;
    if (farthest < 0) continue;
    taken.add(farthest);
    distances[farthest] = 0;
    centroids[c] = [x[farthest]!, y[farthest]!];
  }
}

/** Lloyd's k-means from the given initial centroids (or k-means++ with `seed`). */
export function kmeans(x: ArrayLike<number>, y: ArrayLike<number>, k: number, { seed = 1, initial, maxIterations = 100 }: { seed?: number; initial?: [number, number][]; maxIterations?: number } = {}): Clustering {
  const n = x.length;
  const labels = new Int32Array(n).fill(-1);
  if (n === 0 || k < 1) return { k, labels: new Int32Array(n), centroids: (initial ?? []).map(([cx, cy]) => [cx, cy]), silhouette: 0 };
  const centroids: [number, number][] = initial && initial.length === k ? initial.map(([cx, cy]) => [cx, cy]) : kmeansPlusPlus(x, y, k, seed);
  const distances = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const changed = assign(x, y, centroids, labels, distances);
    if (changed === 0) break;
    update(x, y, centroids, labels, distances);
  }
  // After the last update (or when an empty cluster was re-seeded), labels and centroids agree again.
  assign(x, y, centroids, labels, distances);
  return { k, labels, centroids, silhouette: silhouette(x, y, labels, k) };
}

/**
 * Mean silhouette of a labelling (Rousseeuw 1987, https://doi.org/10.1016/0377-0427(87)90125-7):
 * exact over a deterministic sample of at most `sample` points, distances taken within the
 * sample. A point alone in its cluster scores 0; with fewer than two clusters, 0.
 */
export function silhouette(x: ArrayLike<number>, y: ArrayLike<number>, labels: ArrayLike<number>, k: number, { sample = 1500, seed = 1 } = {}): number {
  const n = x.length;
  let chosen: Int32Array;
  if (n <= sample) {
    chosen = new Int32Array(n).map((_, i) => i);
  } else {
    // Partial Fisher–Yates shuffle: the first `sample` indices of a seeded permutation.
    const random = mulberry32(seed);
    const order = new Int32Array(n).map((_, i) => i);
    for (let i = 0; i < sample; i++) {
      const j = i + Math.floor(random() * (n - i));
      const swap = order[i]!;
      order[i] = order[j]!;
      order[j] = swap;
    }
    chosen = order.slice(0, sample);
  }
  const m = chosen.length;
  const size = new Float64Array(k);
  for (const i of chosen) size[labels[i]!] = size[labels[i]!]! + 1;
  let clusters = 0;
  for (const count of size) if (count > 0) clusters++;
  if (clusters < 2) return 0;

  const distanceSums = new Float64Array(k);
  let total = 0;
  for (let a = 0; a < m; a++) {
    const i = chosen[a]!;
    distanceSums.fill(0);
    for (let b = 0; b < m; b++) {
      const j = chosen[b]!;
      distanceSums[labels[j]!] = distanceSums[labels[j]!]! + Math.sqrt(squaredDistance(x[i]!, y[i]!, x[j]!, y[j]!));
    }
    const own = labels[i]!;
    if (size[own]! < 2) continue;
    const within = distanceSums[own]! / (size[own]! - 1);
    let between = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) between = Math.min(between, distanceSums[c]! / size[c]!);
    const spread = Math.max(within, between);
    if (spread > 0) total += (between - within) / spread;
  }
  return total / m;
}

/**
 * Greedy matching of new centroids to previous ones, closest pairs first: a matched cluster
 * takes its previous number (when it is below k), the others the free numbers in order.
 * Returns the new number of each cluster.
 */
function matchNumbers(centroids: [number, number][], previous: [number, number][]): Int32Array {
  const k = centroids.length;
  const pairs: { current: number; earlier: number; distance: number }[] = [];
  centroids.forEach(([cx, cy], current) => previous.forEach(([px, py], earlier) => pairs.push({ current, earlier, distance: squaredDistance(cx, cy, px, py) })));
  pairs.sort((p, q) => p.distance - q.distance || p.current - q.current || p.earlier - q.earlier);
  const number = new Int32Array(k).fill(-1);
  const used = new Set<number>();
  for (const { current, earlier } of pairs) {
    if (number[current] !== -1 || used.has(earlier) || earlier >= k) continue;
    number[current] = earlier;
    used.add(earlier);
  }
  let free = 0;
  for (let current = 0; current < k; current++) {
    if (number[current] !== -1) continue;
    while (used.has(free)) free++;
    number[current] = free;
    used.add(free);
  }
  return number;
}

/** Without a previous clustering: the largest cluster first (ties by centroid x, then y). */
function numbersBySize(clustering: Clustering): Int32Array {
  const size = new Float64Array(clustering.k);
  for (const label of clustering.labels) size[label] = size[label]! + 1;
  const order = [...clustering.centroids.keys()].sort(
    (a, b) => size[b]! - size[a]! || clustering.centroids[a]![0] - clustering.centroids[b]![0] || clustering.centroids[a]![1] - clustering.centroids[b]![1] || a - b
  );
  const number = new Int32Array(clustering.k);
  order.forEach((cluster, rank) => (number[cluster] = rank));
  return number;
}

function renumber(clustering: Clustering, number: Int32Array): Clustering {
  const centroids: [number, number][] = new Array(clustering.k);
  clustering.centroids.forEach((centroid, cluster) => (centroids[number[cluster]!] = centroid));
  return { ...clustering, labels: clustering.labels.map((label) => number[label]!), centroids };
}

/**
 * Chooses k in [minK, maxK] by silhouette. With a previous clustering, its k is kept unless
 * another k's silhouette beats it by more than `hysteresis`, the run starts from its centroids
 * when k is the same, and clusters are renumbered to match the previous ones (nearest
 * centroids), so that "group 2" stays group 2 between updates. Without one, clusters are
 * numbered from the largest. k never exceeds the number of points.
 */
export function stableClustering(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  { minK = 2, maxK = 5, previous, hysteresis = 0.05, seed = 1 }: { minK?: number; maxK?: number; previous?: { k: number; centroids: [number, number][] } | null; hysteresis?: number; seed?: number } = {}
): Clustering {
  const n = x.length;
  const highest = Math.min(maxK, n);
  const lowest = Math.min(minK, highest);
  if (highest < 1) return { k: 0, labels: new Int32Array(n), centroids: [], silhouette: 0 };

  const candidates = new Map<number, Clustering>();
  for (let k = lowest; k <= highest; k++) {
    const initial = previous && previous.k === k && previous.centroids.length === k ? previous.centroids : undefined;
    candidates.set(k, kmeans(x, y, k, { seed, initial }));
  }
  let best = candidates.get(lowest)!;
  for (const candidate of candidates.values()) if (candidate.silhouette > best.silhouette) best = candidate;
  const kept = previous ? candidates.get(previous.k) : undefined;
  const chosen = kept && best.silhouette - kept.silhouette <= hysteresis ? kept : best;
  return renumber(chosen, previous ? matchNumbers(chosen.centroids, previous.centroids) : numbersBySize(chosen));
}
