import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Abi, decodeEventLog, getContractAddress, toEventSelector } from 'viem';
import { describe, expect, it } from 'vitest';
import { revertDataOf } from '../../src/worker-vm/actors/evm/revertData';
import { decodeRevert, describeRevert } from '../../src/worker-vm/evm/revert';
import { scenarioReport } from '../../src/worker-vm/scenario/report';
import { runScenario } from '../../src/worker-vm/scenario/runScenario';
import { parseScenario } from '../../src/worker-vm/scenario/scenario';
import { bytesToHex } from '../../src/worker-vm/util/bytes';

// tests/fixtures/scenarios/erc20.json is written by scripts/generate-fevm-scenarios.ts: an OpenZeppelin
// ERC-20 deployed from an f410 and from an f1 account, driven through the headless runner.
const FILE = 'tests/fixtures/scenarios/erc20.json';
const scenario = parseScenario(JSON.parse(readFileSync(FILE, 'utf8')));
const abi = JSON.parse(readFileSync('tests/fixtures/scenarios/erc20.abi.json', 'utf8')) as Abi;
const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}` as const;

describe('an OpenZeppelin ERC-20 through the headless runner', () => {
  const outcome = runScenario(scenario);
  const step = (label: string) => outcome.steps.find((s) => s.label?.startsWith(label))!;

  it('meets every expectation of the scenario (exit codes, events, balances)', () => {
    expect(outcome.steps.flatMap((s) => s.failedExpectations)).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  it('deploys from an f410 account and from an f1 account at the EAM-derived addresses', () => {
    const machine = outcome.machine;
    const eth0 = machine.accounts.find((a) => a.kind === 'eth')!;
    const secp0 = machine.accounts.find((a) => a.kind === 'secp256k1')!;
    // From an EthAccount: CREATE(sender, message nonce); the first message of eth:0 has nonce 0.
    expect(step('deploy PlayToken from eth:0').deployed!.ethAddress).toBe(
      getContractAddress({ from: hex(eth0.ethAddress!), nonce: 0n }).toLowerCase(),
    );
    // From an f1 account: CREATE(keccak256(its binary address)[12..], nonce) (spec 9.8).
    const stable = hex(keccak_256(secp0.address.bytes).subarray(12));
    expect(step('deploy PlayToken from secp:0').deployed!.ethAddress).toBe(
      getContractAddress({ from: stable, nonce: 0n }).toLowerCase(),
    );
  });

  it('emits Transfer events as FVM events: t1..t3 topics and the amount as d', () => {
    const transfer = step('transfer 100 PLAY').result!;
    expect(transfer.events).toHaveLength(1);
    const entries = transfer.events[0]!.entries;
    expect(entries.map((e) => [e.key, e.flags, e.codec])).toEqual([
      ['t1', 3, 0x55],
      ['t2', 3, 0x55],
      ['t3', 3, 0x55],
      ['d', 3, 0x55],
    ]);
    expect(hex(entries[0]!.value)).toBe(toEventSelector('Transfer(address,address,uint256)'));
    const log = decodeEventLog({
      abi,
      topics: entries.slice(0, 3).map((e) => hex(e.value)) as never,
      data: hex(entries[3]!.value),
    });
    expect(log).toMatchObject({ eventName: 'Transfer', args: { value: 100n * 10n ** 18n } });
  });

  it('reports reverts decoded: the reason string without an ABI, the custom error with it', () => {
    const report = scenarioReport(outcome) as { steps: Array<{ label: string; revert?: unknown }> };
    const mint = report.steps.find((s) => s.label.startsWith('eth:1 tries to mint'))!;
    expect(mint.revert).toEqual({
      kind: 'error',
      message: 'PlayToken: only the owner can mint',
      text: 'Error: PlayToken: only the owner can mint',
    });
    const tooMuch = step('eth:1 transfers more than it has');
    expect(report.steps[tooMuch.index]!.revert).toMatchObject({ kind: 'raw', selector: '0xe450d38c' });
    const reason = decodeRevert(revertDataOf(tooMuch.result!.receipt)!, abi);
    expect(reason).toMatchObject({ kind: 'custom', name: 'ERC20InsufficientBalance' });
    expect(describeRevert(reason)).toMatch(
      /^ERC20InsufficientBalance\(0x[0-9a-fA-F]{40}, 100000000000000000000, 101000000000000000000\)$/,
    );
    expect(report.steps.find((s) => s.label.startsWith('transfer 100'))!.revert).toBeUndefined();
  });

  it('npm run fvm runs the fixture and exits 0', () => {
    const output = execFileSync('npx', ['tsx', 'scripts/fvm.ts', FILE], { encoding: 'utf8' });
    const report = JSON.parse(output);
    expect(report.passed).toBe(true);
    expect(report.steps[5].revert.text).toBe('Error: PlayToken: only the owner can mint');
  }, 60_000);
});
