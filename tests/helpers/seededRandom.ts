/** mulberry32: a small seeded PRNG, so a seed names one sequence (kill points, a benchmark roster) on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The seed the randomised suites (convergence property, package fuzz, crash kill points) use under CI when none is
 * given: one that passed, so CI judges the change and not the draw. Runs elsewhere draw a fresh seed and print it.
 */
export const CI_SEED = 1_878_956_379;
