import { decodeFunctionResult, encodeFunctionData, parseAbi } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeCompiler } from '../../src/compiler/compiler.node.js';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { Address } from '../../src/worker-vm/address';
import { ethToFilecoin } from '../../src/worker-vm/address/ethereum';
import { decodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes, decodeCreateReturn } from '../../src/worker-vm/scenario/runScenario';
import { buildCallTree } from '../../src/worker-vm/trace/callTree';
import { bytesToHex, hexToBytes } from '../../src/worker-vm/util/bytes';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Counter {
    uint256 public count;
    event Incremented(address indexed by, uint256 count);
    function increment() external { count += 1; emit Incremented(msg.sender, count); }
    function fail() external pure { revert("nope"); }
}`;

const abi = parseAbi([
  'function count() view returns (uint256)',
  'function increment()',
  'function fail() pure',
]);

let bytecode: Uint8Array;

beforeAll(async () => {
  const result = await createNodeCompiler().compile({
    files: { 'Counter.sol': source },
    settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
  });
  expect(result.ok).toBe(true);
  const contract = result.contracts.find((c) => c.name === 'Counter')!;
  bytecode = hexToBytes(contract.creation.object.replace(/^0x/, ''));
}, 60_000);

function deploy(machine: Machine, from: Address) {
  const message = {
    ...buildMessage(machine, from, Address.newId(10), 4, cborBytes(bytecode), 0n, 100_000_000),
    gasFeeCap: 300n,
    gasPremium: 100n,
  };
  return machine.applyMessage(message);
}

describe('the EVM actor runs a Solidity contract', () => {
  it('deploys from an f410 account, increments, reads, reverts', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!;
    const deployed = deploy(machine, eth.address);
    expect(deployed.result.failure).toBeUndefined();
    expect(deployed.result.receipt.exitCode).toBe(0);
    const created = decodeCreateReturn(deployed.result.receipt.returnData);
    const contract = ethToFilecoin(hexToBytes(created.ethAddress.slice(2)));
    expect(machine.resolve(contract)).toBe(created.id);

    const invoke = (data: `0x${string}`) =>
      machine.applyMessage({
        ...buildMessage(
          machine,
          eth.address,
          contract,
          EvmMethod.InvokeContract,
          cborBytes(hexToBytes(data.slice(2))),
          0n,
          100_000_000,
        ),
        gasFeeCap: 300n,
        gasPremium: 100n,
      });
    const inc = invoke(encodeFunctionData({ abi, functionName: 'increment' }));
    expect(inc.result.receipt.exitCode).toBe(0);
    expect(inc.result.events.length).toBe(1);
    expect(inc.result.events[0]!.entries.map((e) => e.key)).toEqual(['t1', 't2', 'd']);

    const read = machine.call(
      buildMessage(
        machine,
        eth.address,
        contract,
        EvmMethod.InvokeContract,
        cborBytes(hexToBytes(encodeFunctionData({ abi, functionName: 'count' }).slice(2))),
        0n,
        100_000_000,
      ),
    );
    expect(read.receipt.exitCode).toBe(0);
    const output = decodeDagCbor<Uint8Array>(read.receipt.returnData);
    expect(decodeFunctionResult({ abi, functionName: 'count', data: `0x${bytesToHex(output)}` })).toBe(1n);

    const fail = invoke(encodeFunctionData({ abi, functionName: 'fail' }));
    expect(fail.result.receipt.exitCode).toBe(33);
    const revertData = decodeDagCbor<Uint8Array>(fail.result.receipt.returnData);
    expect(bytesToHex(revertData).startsWith('08c379a0')).toBe(true);

    const tree = buildCallTree(inc.result.trace!);
    const names = new Set(tree.root!.gasCharges.map((c) => c.name));
    expect(names).toContain('OnBlockLink');
    expect(names).toContain('OnActorEvent');
    expect(names).toContain('wasm_exec');
    console.log('increment gas', inc.result.receipt.gasUsed, 'deploy gas', deployed.result.receipt.gasUsed);
  });

  it('deploys from an f1 account', () => {
    const machine = Machine.create();
    const secp = machine.accounts[0]!;
    const deployed = deploy(machine, secp.address);
    expect(deployed.result.failure).toBeUndefined();
    expect(deployed.result.receipt.exitCode).toBe(0);
  });
});
