/** A source of uniform numbers in [0, 1): Math.random on the server, a seeded one in tests. */
export type Random = () => number;

/** A small seedable generator (mulberry32), for reproducible clustering, samples, tests and simulations. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
