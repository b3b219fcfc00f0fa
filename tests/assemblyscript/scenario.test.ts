import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioReport } from '../../src/worker-vm/scenario/report';
import { runScenario } from '../../src/worker-vm/scenario/runScenario';
import { parseScenario } from '../../src/worker-vm/scenario/scenario';
import { compileExample } from './helpers';
import { TOKEN_SCENARIO_PATH, tokenScenarioText } from './tokenScenario';

describe('the token example as a headless scenario', () => {
  it('is the fixture built from the example as it compiles now', async () => {
    const expected = tokenScenarioText(await compileExample('token.ts'));
    // If this fails after changing the example or the SDK: npx tsx tests/assemblyscript/writeTokenScenario.ts
    expect(readFileSync(TOKEN_SCENARIO_PATH, 'utf8')).toBe(expected);
  });

  it('runs: create, two transfers, a balance, an overdraft refused; the diffs show the balances', () => {
    const outcome = runScenario(parseScenario(JSON.parse(readFileSync(TOKEN_SCENARIO_PATH, 'utf8'))));
    expect(outcome.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    expect(outcome.passed).toBe(true);
    expect(outcome.steps.slice(2).map((s) => s.returnValue)).toEqual([999750, 200, 200, null]);
    const report = scenarioReport(outcome) as {
      steps: Array<{
        diff?: { userStates: Array<{ before?: { balances: unknown }; after?: { balances: unknown } }> };
      }>;
    };
    const balances = report.steps.map((step) =>
      step.diff?.userStates.map((s) => [s.before?.balances, s.after?.balances]),
    );
    expect(balances.slice(1)).toEqual([
      [[undefined, { f0100: 1000000 }]],
      [[{ f0100: 1000000 }, { f0100: 999750, f0101: 250 }]],
      [
        [
          { f0100: 999750, f0101: 250 },
          { f0100: 999750, f0101: 200, f0102: 50 },
        ],
      ],
      [],
      [],
    ]);
  });
});
