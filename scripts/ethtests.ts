// Runs every VMTests-format JSON file under a directory through the EVM core and prints passed, failed
// and skipped cases, with the reason for every failure and skip.
//   npm run ethtests -- <dir>
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { runVmTestsDirectory } from '../src/worker-vm/evm/testing/vmTests/files.node.js';

const dir = process.argv[2];
if (dir === undefined || !existsSync(dir) || !statSync(dir).isDirectory()) {
  console.error('usage: npm run ethtests -- <directory of VMTests JSON files>');
  process.exit(2);
}

const started = performance.now();
const summary = runVmTestsDirectory(resolve(dir));
for (const outcome of summary.outcomes) {
  if (outcome.verdict === 'passed') continue;
  console.log(`${outcome.verdict.toUpperCase()} ${outcome.file} ${outcome.name}: ${outcome.reason}`);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const gasMisses = summary.outcomes.filter((o) => o.gasMatched === false).map((o) => `${o.file} ${o.name}`);
console.log(
  `\nEthereum gas schedule (informational; FEVM has no EVM gas): ${summary.gasMatched} of ${summary.gasChecked} passing cases leave exactly the fixture's gas${gasMisses.length > 0 ? `; not: ${gasMisses.join(', ')}` : ''}`,
);
console.log(
  `${summary.outcomes.length} cases: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped (${seconds} s)`,
);
process.exit(summary.failed === 0 ? 0 : 1);
