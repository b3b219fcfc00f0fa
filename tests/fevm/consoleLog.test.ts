import { encodeFunctionData, getAddress } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { ErrorNumber, ExitCode } from '../../src/worker-vm/kernel/codes';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes } from '../../src/worker-vm/scenario/runScenario';
import { buildCallTree, consoleLogs } from '../../src/worker-vm/trace/callTree';
import { bytesToHex, hexToBytes } from '../../src/worker-vm/util/bytes';
import { compile, deploy } from './helpers';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
import "hardhat/console.sol";
contract Greeter {
    uint256 public greetings;
    function greet(string calldata name) external {
        greetings += 1;
        console.log("hello %s, greeting number %d", name, greetings);
        console.log(msg.sender);
    }
    function peek() external view returns (uint256) {
        console.log("peek", greetings, true);
        return greetings;
    }
    function fail() external {
        console.log("about to fail");
        revert("failed after logging");
    }
}
contract Outer {
    Greeter public greeter;
    constructor(Greeter g) { greeter = g; }
    function viaOuter() external {
        console.log("outer before");
        greeter.greet("outer");
        console.log("outer after");
    }
}`;

let artifacts: Map<string, ContractArtifact>;
beforeAll(async () => {
  artifacts = await compile({ 'Greeter.sol': source });
}, 60_000);

describe('console.log on the FEVM', () => {
  it("records each line with Hardhat formatting in the caller's call, beside the real (empty) call", () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const { contract } = deploy(machine, eth.address, artifacts.get('Greeter')!);
    const result = contract.invoke(eth.address, 'greet', ['Ada']);
    expect(result.receipt.exitCode).toBe(0);
    const lines = consoleLogs(result.trace!);
    expect(lines.map((l) => l.text)).toEqual([
      'hello Ada, greeting number 1',
      getAddress(`0x${bytesToHex(eth.ethAddress!)}`),
    ]);
    expect(lines.map((l) => l.depth)).toEqual([0, 0]);
    const root = buildCallTree(result.trace!).root!;
    expect(root.consoleLogs.map((l) => l.signature)).toEqual(['log(string,string,uint256)', 'log(address)']);
    // The calls themselves: read-only sends to the console's unassigned f410, which the kernel refuses
    // to create in read-only mode; the contract sees an empty success and goes on.
    const consoleCalls = root.subcalls.filter((c) => c.readOnly && c.to.toString().startsWith('f410'));
    expect(consoleCalls).toHaveLength(2);
    for (const call of consoleCalls) expect(call.error?.errno).toBe(ErrorNumber.ReadOnly);
    expect(contract.read('greetings')).toBe(1n);
  });

  it('works in read-only calls (eth_call) and keeps lines of a call that reverts', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const { contract } = deploy(machine, eth.address, artifacts.get('Greeter')!);
    const data = encodeFunctionData({ abi: contract.abi, functionName: 'peek' });
    const read = machine.call(
      buildMessage(
        machine,
        eth.address,
        contract.address,
        EvmMethod.InvokeContract,
        cborBytes(hexToBytes(data.slice(2))),
        0n,
        200_000_000,
      ),
    );
    expect(read.receipt.exitCode).toBe(0);
    expect(consoleLogs(read.trace!).map((l) => l.text)).toEqual(['peek 0 true']);

    const failed = contract.invoke(eth.address, 'fail');
    expect(failed.receipt.exitCode).toBe(ExitCode.EVM_CONTRACT_REVERTED);
    expect(consoleLogs(failed.trace!).map((l) => l.text)).toEqual(['about to fail']);
  });

  it('lines of nested contracts carry their call depth, in execution order', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const greeter = deploy(machine, eth.address, artifacts.get('Greeter')!);
    const outer = deploy(machine, eth.address, artifacts.get('Outer')!, [
      greeter.created.ethAddress,
    ]).contract;
    const result = outer.invoke(eth.address, 'viaOuter');
    expect(result.receipt.exitCode).toBe(0);
    expect(consoleLogs(result.trace!).map((l) => [l.depth, l.text.split(',')[0]])).toEqual([
      [0, 'outer before'],
      [1, 'hello outer'],
      [1, expect.stringMatching(/^0x[0-9a-fA-F]{40}$/)],
      [0, 'outer after'],
    ]);
  });
});
