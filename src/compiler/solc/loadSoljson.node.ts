import { createRequire } from 'node:module';
import { releaseOf } from './shippedReleases';
import { bindSoljson, type SolcBinding, type SoljsonModule } from './soljsonBinding';

const require = createRequire(import.meta.url);

/** The soljson module of the npm `solc` package, or of a shipped release's npm alias (`solc-0.8.17`). */
const soljsonOf = (longVersion?: string) =>
  longVersion ? `solc-${releaseOf(longVersion)}/soljson.js` : 'solc/soljson.js';

/** Loads the solc bundled in the npm `solc` package in Node (tests, benchmarks, the headless runner). */
export function loadBundledSolcInNode(): SolcBinding {
  return bindSoljson(require(soljsonOf()) as SoljsonModule);
}

/** A release of SHIPPED_RELEASES in Node, from its npm alias. */
export function loadShippedSolcInNode(longVersion: string): SolcBinding {
  return bindSoljson(require(soljsonOf(longVersion)) as SoljsonModule);
}

/**
 * Drops Node's cached soljson module (the bundled one, or a shipped release) so that the next load
 * evaluates it again: a new Emscripten instance with fresh memory, as a restarted worker has after a crash.
 */
export function forgetSoljsonInNode(longVersion?: string): void {
  delete require.cache[require.resolve(soljsonOf(longVersion))];
}
