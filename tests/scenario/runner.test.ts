import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioReport } from '../../src/worker-vm/scenario/report';
import { runScenario } from '../../src/worker-vm/scenario/runScenario';
import { parseScenario } from '../../src/worker-vm/scenario/scenario';

const counter = JSON.parse(readFileSync('tests/fixtures/scenarios/counter.json', 'utf8'));

describe('headless scenario runner', () => {
  it('runs the counter scenario, meets its expectations and diffs storage', () => {
    const outcome = runScenario(parseScenario(counter));
    expect(outcome.passed).toBe(true);
    const increment = outcome.steps[2]!;
    expect(increment.diff?.evmStorage[0]?.changes).toEqual([{ slot: 0n, before: 0n, after: 1n }]);
    expect(outcome.steps[1]!.deployed?.ethAddress).toMatch(/^0x[0-9a-f]{40}$/);
  });

  it('is deterministic: the same scenario lands on the same state root and receipts', () => {
    const a = scenarioReport(runScenario(parseScenario(counter))) as {
      finalStateRoot: string;
      steps: unknown[];
    };
    const b = scenarioReport(runScenario(parseScenario(counter))) as {
      finalStateRoot: string;
      steps: unknown[];
    };
    expect(a.finalStateRoot).toBe(b.finalStateRoot);
    expect(JSON.stringify(a.steps)).toBe(JSON.stringify(b.steps));
  });

  it('reports failed expectations', () => {
    const scenario = parseScenario({
      version: 1,
      steps: [
        { kind: 'send', from: 'secp:0', to: 'secp:1', value: '1 FIL', expect: { exitCode: 6, gasUsed: 1 } },
      ],
    });
    const outcome = runScenario(scenario);
    expect(outcome.passed).toBe(false);
    expect(outcome.steps[0]!.failedExpectations.join('; ')).toMatch(
      /exit code 0 \(OK\), expected 6; gas used \d+, expected 1/,
    );
  });

  it.each([
    [{}, /version must be 1/],
    [{ version: 1, steps: {} }, /steps must be an array/],
    [{ version: 1, steps: [{ kind: 'teleport' }] }, /steps\[0\]\.kind: kind must be one of/],
    [{ version: 1, steps: [{ kind: 'send', from: 'secp:0' }] }, /steps\[0\]\.to: is required/],
    [{ version: 1, steps: [{ kind: 'advanceEpochs', count: -1 }] }, /count: must be a non-negative integer/],
    [
      { version: 1, genesis: { ethAccounts: 1000 }, steps: [] },
      /ethAccounts: must be an integer from 0 to 100/,
    ],
  ])('rejects malformed scenario %j', (json, message) => {
    expect(() => parseScenario(json)).toThrow(message);
  });

  it('names the step of a bad address or amount', () => {
    const bad = (step: object) => () => runScenario(parseScenario({ version: 1, steps: [step] }));
    expect(bad({ kind: 'send', from: 'secp:0', to: 'f9nope' })).toThrow(
      /steps\[0\]\.to: "f9nope" is not an address/,
    );
    expect(bad({ kind: 'send', from: 'secp:9', to: 'secp:1' })).toThrow(/there is no genesis account secp:9/);
    expect(bad({ kind: 'send', from: 'secp:0', to: 'secp:1', value: '1.5 ETH' })).toThrow(
      /steps\[0\]\.value/,
    );
  });

  it('npm run fvm prints JSON and exits 0 when expectations hold', () => {
    const output = execFileSync('npx', ['tsx', 'scripts/fvm.ts', 'tests/fixtures/scenarios/counter.json'], {
      encoding: 'utf8',
    });
    const report = JSON.parse(output);
    expect(report.passed).toBe(true);
    expect(report.steps[2].trace.Msg.Method).toBe(3844450837);
    expect(report.steps[2].trace.GasCharges[0].Name).toBe('OnChainMessage');
  }, 60_000);
});
