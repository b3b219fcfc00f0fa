// Headless runner: `npm run fvm -- FILE.json` runs a scenario (docs/scenario-format.md) on a fresh
// playground machine and prints receipts, traces and state diffs as JSON. Exits 1 if an expectation fails,
// 2 if the file is not a valid scenario.
import { readFileSync } from 'node:fs';
import {
  loadFastKeccak,
  PlaygroundError,
  parseScenario,
  runScenario,
  scenarioReport,
} from '../src/worker-vm/index';

const file = process.argv[2];
if (!file) {
  console.error('usage: npm run fvm -- SCENARIO.json');
  process.exit(2);
}

await loadFastKeccak();
try {
  const scenario = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
  const outcome = runScenario(scenario);
  console.log(JSON.stringify(scenarioReport(outcome), null, 2));
  for (const step of outcome.steps) {
    for (const failure of step.failedExpectations)
      console.error(`step ${step.index}${step.label ? ` (${step.label})` : ''}: ${failure}`);
  }
  // exitCode, not exit(): exit() would cut off a large report still being written to a pipe.
  process.exitCode = outcome.passed ? 0 : 1;
} catch (error) {
  if (error instanceof PlaygroundError || error instanceof SyntaxError) {
    console.error(`${file}: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
