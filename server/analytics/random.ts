/**
 * Seeded randomness for the analytics: algorithms that shuffle (Louvain's node order) take an
 * `rng` so that the same data gives the same answer. Never Math.random in server/analytics.
 */

/** A function returning uniform numbers in [0, 1), the shape graphology's `rng` options take. */
export type Rng = () => number;

/** mulberry32: a 32-bit state, fast and well mixed enough for shuffling and synthetic graphs. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
