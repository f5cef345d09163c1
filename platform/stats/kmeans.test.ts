import { describe, expect, it } from 'vitest';
import { kmeans, silhouette, stableClustering } from './kmeans';
import { mulberry32 } from './random';

/** Points scattered uniformly within ±`radius` around each centre, `perBlob` per centre, blob after blob. */
function blobs(centres: [number, number][], perBlob: number, { seed = 1, radius = 1 } = {}) {
  const random = mulberry32(seed);
  const x = new Float64Array(centres.length * perBlob);
  const y = new Float64Array(centres.length * perBlob);
  centres.forEach(([cx, cy], blob) => {
    for (let i = 0; i < perBlob; i++) {
      x[blob * perBlob + i] = cx + (random() * 2 - 1) * radius;
      y[blob * perBlob + i] = cy + (random() * 2 - 1) * radius;
    }
  });
  return { x, y };
}

/** The single label each blob got (throws when a blob is split). */
function labelOfEachBlob(labels: Int32Array, blobCount: number, perBlob: number): number[] {
  return Array.from({ length: blobCount }, (_, blob) => {
    const own = new Set(labels.slice(blob * perBlob, (blob + 1) * perBlob));
    if (own.size !== 1) throw new Error(`blob ${blob} is split into ${[...own].join(', ')}`);
    return [...own][0]!;
  });
}

const threeBlobs: [number, number][] = [
  [0, 0],
  [10, 0],
  [0, 10],
];

describe('k-means', () => {
  it('finds three well-separated blobs, one label each', () => {
    const { x, y } = blobs(threeBlobs, 50);
    const clustering = stableClustering(x, y);
    expect(clustering.k).toBe(3);
    expect(new Set(labelOfEachBlob(clustering.labels, 3, 50)).size).toBe(3);
    expect(clustering.silhouette).toBeGreaterThan(0.8);
    // Each centroid sits on its blob's centre.
    for (const [blob, label] of labelOfEachBlob(clustering.labels, 3, 50).entries()) {
      expect(Math.hypot(clustering.centroids[label]![0] - threeBlobs[blob]![0], clustering.centroids[label]![1] - threeBlobs[blob]![1])).toBeLessThan(0.5);
    }
  });

  it('gives the same clustering for the same seed', () => {
    const { x, y } = blobs(threeBlobs, 40, { seed: 3, radius: 4 });
    expect(kmeans(x, y, 4, { seed: 7 })).toEqual(kmeans(x, y, 4, { seed: 7 }));
  });

  it('re-seeds a cluster left empty with the farthest point', () => {
    // The third initial centroid is far from every point: its cluster starts empty.
    const { x, y } = blobs(threeBlobs, 20);
    const clustering = kmeans(x, y, 3, { initial: [[0, 0], [5, 5], [1000, 1000]] });
    const sizes = [0, 1, 2].map((label) => clustering.labels.filter((l) => l === label).length);
    expect(sizes.every((size) => size > 0)).toBe(true);
    expect(new Set(labelOfEachBlob(clustering.labels, 3, 20)).size).toBe(3);
  });

  it('runs on 100,000 points', () => {
    const { x, y } = blobs(threeBlobs, 100_000 / 4, { seed: 2, radius: 2 });
    const many = blobs([[10, 10]], 100_000 / 4, { seed: 4, radius: 2 });
    const allX = Float64Array.from([...x, ...many.x]);
    const allY = Float64Array.from([...y, ...many.y]);
    const clustering = stableClustering(allX, allY);
    expect(clustering.labels).toHaveLength(100_000);
    expect(clustering.k).toBe(4);
    expect(new Set(labelOfEachBlob(clustering.labels, 4, 25_000)).size).toBe(4);
  });
});

describe('silhouette', () => {
  it('matches the hand computation on four points', () => {
    // Clusters {(0,0), (0,1)} and {(4,0), (4,1)}. For (0,0): a = 1 (to (0,1)),
    // b = (4 + √17) / 2 = (4 + 4.1231056) / 2 = 4.0615528, s = (b − a) / b = 0.7537887; the same for every point by symmetry.
    expect(silhouette([0, 0, 4, 4], [0, 1, 0, 1], [0, 0, 1, 1], 2)).toBeCloseTo(0.7537887, 7);
  });

  it('counts a point alone in its cluster as 0', () => {
    // (0,0): a = 1, b = 4 → 0.75; (0,1): a = 1, b = √17 = 4.1231056 → 3.1231056 / 4.1231056 = 0.7574644; (4,0) alone → 0.
    // Mean (0.75 + 0.7574644 + 0) / 3 = 0.5024881
    expect(silhouette([0, 0, 4], [0, 1, 0], [0, 0, 1], 2)).toBeCloseTo(0.5024881, 7);
    expect(silhouette([0, 1, 2], [0, 0, 0], [0, 0, 0], 1)).toBe(0);
  });

  it('is computed exactly on a deterministic sample of large sets', () => {
    const { x, y } = blobs(threeBlobs, 1000);
    const labels = new Int32Array(3000).map((_, i) => Math.floor(i / 1000));
    const sampled = silhouette(x, y, labels, 3, { sample: 500 });
    expect(sampled).toBe(silhouette(x, y, labels, 3, { sample: 500 }));
    expect(sampled).toBeCloseTo(silhouette(x, y, labels, 3, { sample: 3000 }), 1);
  });
});

describe('stable clustering', () => {
  it('keeps each group’s number when the data moves a little, whatever a fresh run would number', () => {
    const before = stableClustering(...Object.values(blobs(threeBlobs, 50, { seed: 1 })) as [Float64Array, Float64Array]);
    // The previous clustering, numbered differently from what a fresh run gives.
    const previous = { k: 3, centroids: [before.centroids[2]!, before.centroids[0]!, before.centroids[1]!] };
    const expected = labelOfEachBlob(before.labels, 3, 50).map((label) => [2, 0, 1].indexOf(label));

    const moved = blobs(
      threeBlobs.map(([cx, cy]) => [cx + 0.3, cy - 0.2]),
      50,
      { seed: 2 }
    );
    const fresh = stableClustering(moved.x, moved.y);
    expect(labelOfEachBlob(fresh.labels, 3, 50)).not.toEqual(expected);
    const kept = stableClustering(moved.x, moved.y, { previous });
    expect(kept.k).toBe(3);
    expect(labelOfEachBlob(kept.labels, 3, 50)).toEqual(expected);
    expect(kept.centroids[expected[0]!]![0]).toBeCloseTo(0.3, 0);
  });

  it('keeps the previous k unless another beats it by more than the hysteresis', () => {
    const { x, y } = blobs(threeBlobs, 50);
    const two = stableClustering(x, y, { minK: 2, maxK: 2 });
    const three = stableClustering(x, y);
    const gain = three.silhouette - two.silhouette;
    expect(three.k).toBe(3);
    expect(gain).toBeGreaterThan(0.05);
    const previous = { k: 2, centroids: two.centroids };

    expect(stableClustering(x, y, { previous, hysteresis: gain + 0.01 }).k).toBe(2);
    const switched = stableClustering(x, y, { previous, hysteresis: gain - 0.01 });
    expect(switched.k).toBe(3);
    // k = 2 merged two blobs: the blob alone keeps its number, the merged pair splits into
    // the old number (the nearer half) and the next free one, 2.
    const twoByBlob = labelOfEachBlob(two.labels, 3, 50);
    const switchedByBlob = labelOfEachBlob(switched.labels, 3, 50);
    const alone = twoByBlob.findIndex((label) => twoByBlob.filter((other) => other === label).length === 1);
    const merged = twoByBlob.find((label, blob) => blob !== alone)!;
    expect(switchedByBlob[alone]).toBe(twoByBlob[alone]);
    expect(switchedByBlob.filter((label, blob) => blob !== alone).sort()).toEqual([merged, 2].sort());
  });

  it('renumbers within 0 … k−1 when a group disappears', () => {
    // Previously: group 0 around (0, 10), group 1 around (10, 0), group 2 around (0, 0).
    const previous = { k: 3, centroids: [[0, 10], [10, 0], [0, 0]] as [number, number][] };
    // Group 1 is gone: (0, 10) keeps 0, and (0, 0) cannot stay 2 with k = 2, so it takes 1.
    const { x, y } = blobs([[0, 0], [0, 10]], 30, { seed: 6 });
    const after = stableClustering(x, y, { minK: 2, maxK: 2, previous });
    expect(labelOfEachBlob(after.labels, 2, 30)).toEqual([1, 0]);
  });

  it('copes with fewer points than groups', () => {
    expect(stableClustering([], []).k).toBe(0);
    const clustering = stableClustering([1, 2], [1, 2]);
    expect(clustering.k).toBe(2);
    expect(new Set(clustering.labels)).toEqual(new Set([0, 1]));
  });
});
