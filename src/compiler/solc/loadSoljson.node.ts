import { createRequire } from 'node:module';
import { bindSoljson, type SolcBinding, type SoljsonModule } from './soljsonBinding';

const require = createRequire(import.meta.url);

/** Loads the solc bundled in the npm `solc` package in Node (tests, benchmarks, the headless runner). */
export function loadBundledSolcInNode(): SolcBinding {
  return bindSoljson(require('solc/soljson.js') as SoljsonModule);
}
