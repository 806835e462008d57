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
 * The seed the randomised suites (convergence property, package fuzz, crash kill points, every fast-check property)
 * use under CI when none is given: one that passed, so CI judges the change and not the draw.
 */
export const CI_SEED = 1_878_956_379;

/** The seed a suite replays: `variable` from the environment (a printed seed), CI_SEED under CI, else none. */
export function replaySeed(variable: string): number | undefined {
  const given = process.env[variable];
  if (given) return Number(given);
  return process.env.CI ? CI_SEED : undefined;
}

/** replaySeed, or else a fresh draw, which the suite prints so that run can be replayed. */
export function suiteSeed(variable: string): number {
  return replaySeed(variable) ?? Math.floor(Math.random() * 2 ** 31);
}
