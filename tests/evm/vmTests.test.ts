import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runVmTestsDirectory } from '../../src/worker-vm/evm/testing/vmTests/files.node.js';
import { runVmTestFile } from '../../src/worker-vm/evm/testing/vmTests/runVmTest';

// The fixtures live beside the repository (../shared/ethereum-tests, see its README); ETHEREUM_TESTS_DIR
// may point elsewhere, and a clone on its own uses the copy in tests/fixtures. A missing folder fails the
// suite rather than skipping it.
const BESIDE = fileURLToPath(new URL('../../../shared/ethereum-tests/VMTests', import.meta.url));
const VENDORED = fileURLToPath(new URL('../fixtures/ethereum-tests/VMTests', import.meta.url));
const VM_TESTS = process.env.ETHEREUM_TESTS_DIR ?? (existsSync(BESIDE) ? BESIDE : VENDORED);
const fixture = (path: string) => readFileSync(join(VM_TESTS, path), 'utf8');

describe('VMTests', () => {
  it('every case passes, or is skipped with a reason', () => {
    const summary = runVmTestsDirectory(VM_TESTS);
    // The 331 of the development subset; a directory with more folders has more.
    expect(summary.outcomes.length).toBeGreaterThanOrEqual(331);
    const failures = summary.outcomes.filter((o) => o.verdict === 'failed');
    expect(failures, failures.map((f) => `${f.file} ${f.name}: ${f.reason}`).join('\n')).toEqual([]);
    for (const skip of summary.outcomes.filter((o) => o.verdict === 'skipped')) {
      expect(skip.reason, `${skip.file} ${skip.name}`).toMatch(/\w{10,}/);
    }
  });

  it("the gas hook reproduces the fixtures' Ethereum gas exactly under an Ethereum schedule", () => {
    // Not an FEVM rule: this checks that per-opcode costs, per-unit costs and memory-growth reports add
    // up exactly on real cases (memory expansion, EXP, SSTORE, LOG, copies).
    const summary = runVmTestsDirectory(VM_TESTS);
    expect(summary.gasChecked).toBeGreaterThan(300);
    const misses = summary.outcomes.filter((o) => o.gasMatched === false).map((o) => o.name);
    expect(misses).toEqual([]);
  });

  it('fails a case whose expectation the core does not meet', () => {
    const text = fixture('vmArithmeticTest/add0.json').replace(
      '"0x00" : "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"',
      '"0x00" : "0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd"',
    );
    const [outcome] = runVmTestFile(text, 'add0.json');
    expect(outcome).toMatchObject({ verdict: 'failed' });
    expect(outcome!.reason).toMatch(/storage .*\[0\] = f+e, expected f+d/);
  });

  it('fails a case expecting failure when the frame succeeds, and a wrong logs hash', () => {
    const noPost = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    delete noPost.add0.post;
    expect(runVmTestFile(JSON.stringify(noPost), 'x.json')[0]!.reason).toMatch(/expected the frame to fail/);
    const badLogs = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    badLogs.add0.logs = `0x${'11'.repeat(32)}`;
    expect(runVmTestFile(JSON.stringify(badLogs), 'x.json')[0]!.reason).toMatch(/logs hash/);
  });

  it('skips, with the reason, a case that only Ethereum gas explains', () => {
    // Stores GAS at slot 0: the expected value depends on Ethereum's schedule.
    const test = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    const exec = test.add0.exec;
    exec.code = '0x5a60005500'; // GAS PUSH1 0 SSTORE STOP
    test.add0.pre[exec.address].code = exec.code;
    test.add0.post[exec.address].code = exec.code;
    // gas left after GAS (2) and PUSH1 (3): 100000 - 2 = 99998 pushed.
    test.add0.post[exec.address].storage = { '0x00': '0x01869e' };
    const [outcome] = runVmTestFile(JSON.stringify(test), 'gas.json');
    expect(outcome).toMatchObject({ verdict: 'skipped' });
    expect(outcome!.reason).toMatch(/GAS opcode/);
    // An out-of-gas expectation (no post) for an infinite loop cannot be met without Ethereum gas.
    const loop = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    loop.add0.exec.code = '0x5b600056'; // JUMPDEST PUSH1 0 JUMP
    delete loop.add0.post;
    const [oog] = runVmTestFile(JSON.stringify(loop), 'loop.json');
    // Without gas this would never end; the runner must not hang: the FEVM run is bounded too.
    expect(oog).toMatchObject({ verdict: 'skipped' });
    expect(oog!.reason).toMatch(/out of gas/);
  });

  /** The add0 case with other code and expectations (a template for hand-made cases). */
  function variant(
    code: string,
    expect: { storage?: Record<string, string>; callcreates?: unknown[]; fails?: boolean },
  ) {
    const test = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    const body = test.add0;
    body.exec.code = code;
    body.pre[body.exec.address].code = code;
    if (expect.fails) delete body.post;
    else {
      body.post[body.exec.address].code = code;
      body.post[body.exec.address].storage = expect.storage ?? {};
      body.callcreates = expect.callcreates ?? [];
    }
    return JSON.stringify(test);
  }

  it('compares recorded CALLs (destination, value, data) and the success flag they push', () => {
    // CALL(gas 0x1000, to 0xaa, value 5, input [0, 1), output none); SSTORE(0, result).
    const code = '0x600060006001600060056100aa611000f160005500';
    const call = {
      destination: '0x00000000000000000000000000000000000000aa',
      value: '0x05',
      data: '0x00',
      gasLimit: '0x1000',
    };
    expect(
      runVmTestFile(variant(code, { storage: { '0x00': '0x01' }, callcreates: [call] }), 'call.json')[0],
    ).toMatchObject({
      verdict: 'passed',
    });
    const wrong = runVmTestFile(
      variant(code, { storage: { '0x00': '0x01' }, callcreates: [{ ...call, value: '0x06' }] }),
      'call.json',
    );
    expect(wrong[0]).toMatchObject({ verdict: 'failed', reason: /call\/create #0 \(CALL\) differs/ });
  });

  it('skips, with the opcode, a case relying on a byte Constantinople left undefined', () => {
    // PUSH0 was undefined in Constantinople: the fixture expects failure; FEVM runs it.
    const [outcome] = runVmTestFile(variant('0x5f00', { fails: true }), 'push0.json');
    expect(outcome).toMatchObject({ verdict: 'skipped', reason: /opcode 0x5f to be undefined/ });
  });

  it('reports a file that does not parse as one failure, with the field; skips other formats', () => {
    expect(runVmTestFile('{', 'broken.json')[0]).toMatchObject({ verdict: 'failed', name: '(file)' });
    const stateTest = JSON.stringify({ someStateTest: { env: {}, pre: {}, transaction: {}, post: {} } });
    expect(runVmTestFile(stateTest, 'state.json')[0]).toMatchObject({
      verdict: 'skipped',
      reason: /not a VMTests-format file/,
    });
    const bad = JSON.parse(fixture('vmArithmeticTest/add0.json'));
    bad.add0.exec.code = '0xzz';
    expect(runVmTestFile(JSON.stringify(bad), 'bad.json')[0]!.reason).toMatch(/exec\.code/);
  });
});
