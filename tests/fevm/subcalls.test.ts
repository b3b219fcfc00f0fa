import { decodeErrorResult } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { ExitCode } from '../../src/worker-vm/kernel/codes';
import { Machine } from '../../src/worker-vm/machine/machine';
import { compile, deploy, revertData } from './helpers';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Target {
    uint256 public value;
    error TooBig(uint256 got);
    function set(uint256 v) external { value = v; if (v > 100) revert TooBig(v); }
}
contract Caller {
    Target public target;
    uint256 public attempts;
    uint256 public failures;
    constructor(Target t) { target = t; }
    function trySet(uint256 v) external {
        attempts += 1;
        try target.set(v) {} catch { failures += 1; }
    }
    function mustSet(uint256 v) external { attempts += 1; target.set(v); }
}`;

let artifacts: Map<string, ContractArtifact>;
beforeAll(async () => {
  artifacts = await compile({ 'Calls.sol': source });
}, 60_000);

describe('calls between contracts', () => {
  it('a failed sub-call leaves no state change in the callee; the caller goes on', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const target = deploy(machine, eth, artifacts.get('Target')!);
    const caller = deploy(machine, eth, artifacts.get('Caller')!, [target.created.ethAddress]).contract;

    expect(caller.invoke(eth, 'trySet', [5n]).receipt.exitCode).toBe(0);
    expect(target.contract.read('value')).toBe(5n);

    const caught = caller.invoke(eth, 'trySet', [500n]);
    expect(caught.receipt.exitCode).toBe(0);
    // The callee wrote 500 and reverted: its write is gone, the caller's counters stay.
    expect(target.contract.read('value')).toBe(5n);
    expect(caller.read('attempts')).toBe(2n);
    expect(caller.read('failures')).toBe(1n);
    // The reverted sub-call is in the trace with exit code 33 under the caller's call.
    const names: number[] = [];
    const visit = (events: NonNullable<typeof caught.trace>) => {
      for (const event of events) if (event.kind === 'CallReturn') names.push(event.exitCode);
    };
    visit(caught.trace!);
    expect(names).toContain(ExitCode.EVM_CONTRACT_REVERTED);
  });

  it('an uncaught revert fails the message, undoes everything and carries the custom error', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const target = deploy(machine, eth, artifacts.get('Target')!);
    const caller = deploy(machine, eth, artifacts.get('Caller')!, [target.created.ethAddress]).contract;
    const failed = caller.invoke(eth, 'mustSet', [500n]);
    expect(failed.receipt.exitCode).toBe(ExitCode.EVM_CONTRACT_REVERTED);
    const error = decodeErrorResult({
      abi: artifacts.get('Target')!.abi,
      data: revertData(failed.receipt.returnData),
    } as never);
    expect(error).toMatchObject({ errorName: 'TooBig', args: [500n] });
    expect(caller.read('attempts')).toBe(0n);
    expect(target.contract.read('value')).toBe(0n);
  });
});
