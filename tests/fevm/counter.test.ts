import { decodeErrorResult } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { ExitCode } from '../../src/worker-vm/kernel/codes';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { bytesToHex } from '../../src/worker-vm/util/bytes';
import { compile, deploy, revertData } from './helpers';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
    uint256 public count;
    mapping(address => uint256) public byCaller;
    event Incremented(address indexed by, uint256 count);
    function increment() external {
        count += 1;
        byCaller[msg.sender] += 1;
        emit Incremented(msg.sender, count);
    }
    function fail() external pure { revert("nope"); }
}`;

let counter: ContractArtifact;
beforeAll(async () => {
  counter = (await compile({ 'Counter.sol': source })).get('Counter')!;
}, 60_000);

describe('the EVM actor runs a Solidity contract', () => {
  it('deploys from an f410 account, increments, reads, reverts with a reason', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const { contract, created } = deploy(machine, eth.address, counter);
    expect(machine.resolve(contract.address)).toBe(created.id);
    expect(created.robust).toMatch(/^f2/);

    const inc = contract.invoke(eth.address, 'increment');
    expect(inc.receipt.exitCode).toBe(0);
    expect(inc.events).toHaveLength(1);
    expect(inc.events[0]!.entries.map((e) => e.key)).toEqual(['t1', 't2', 'd']);
    expect(inc.receipt.eventsRoot).not.toBeNull();
    expect(contract.read('count')).toBe(1n);

    const fail = contract.invoke(eth.address, 'fail');
    expect(fail.receipt.exitCode).toBe(ExitCode.EVM_CONTRACT_REVERTED);
    expect(
      decodeErrorResult({ abi: counter.abi, data: revertData(fail.receipt.returnData) } as never),
    ).toMatchObject({
      errorName: 'Error',
      args: ['nope'],
    });

    expect(contract.read('byCaller', [`0x${bytesToHex(eth.ethAddress!)}`])).toBe(1n);

    const charges = buildCallTree(inc.trace!).root!.gasCharges;
    const names = new Set(charges.map((c) => c.name));
    for (const name of [
      'OnBlockOpen',
      'OnBlockLink',
      'OnActorSetRoot',
      'OnActorEvent',
      'OnHashing',
      'wasm_exec',
    ]) {
      expect(names).toContain(name);
    }
    // byCaller[msg.sender] hashes key ‖ slot (64 bytes) with crypto.hash: keccak at 33 gas/byte.
    const hashing = charges.filter((c) => c.name === 'OnHashing');
    expect(hashing.length).toBeGreaterThan(0);
    for (const charge of hashing) expect(charge.compute + charge.other).toBe(64 * 33_000);
  });

  it('deploys from an f1 account (creator = masked ID)', () => {
    const machine = Machine.create();
    const { contract } = deploy(machine, machine.accounts[0]!.address, counter);
    expect(contract.invoke(machine.accounts[0]!.address, 'increment').receipt.exitCode).toBe(0);
    expect(contract.read('count')).toBe(1n);
  });
});
