import fc from 'fast-check';
import { replaySeed } from './seededRandom';

/**
 * Every fast-check property without a seed of its own replays CI_SEED under CI, so a landing is judged on the
 * change and not on the draw; FC_SEED=<n> replays any seed. Elsewhere fast-check draws a fresh seed each run and
 * prints it when a property fails. Properties that pass their own seed (FUZZ_SEED, the convergence property) keep it.
 */
const seed = replaySeed('FC_SEED');
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
