import { encodeFunctionData } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractArtifact } from '../../src/compiler/types';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { OPCODE_NAMES } from '../../src/worker-vm/evm';
import { decodeDagCbor } from '../../src/worker-vm/ipld/cid';
import { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes } from '../../src/worker-vm/scenario/runScenario';
import { decodeEvmState } from '../../src/worker-vm/state/evmState';
import { buildCallTree, type CallNode } from '../../src/worker-vm/trace/callTree';
import { hexToBytes } from '../../src/worker-vm/util/bytes';
import { compile, deploy } from './helpers';

const source = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;
contract Leaf {
    uint256 public hits;
    function hit() external returns (uint256) { hits += 1; return hits; }
}
contract Middle {
    Leaf public leaf;
    constructor(Leaf l) { leaf = l; }
    function relay() external returns (uint256) { return leaf.hit() + leaf.hit(); }
}
contract Top {
    Middle public middle;
    constructor(Middle m) { middle = m; }
    function go() external returns (uint256) { return middle.relay(); }
}`;

let artifacts: Map<string, ContractArtifact>;
beforeAll(async () => {
  artifacts = await compile({ 'Chain.sol': source });
}, 60_000);

const allCalls = (node: CallNode): CallNode[] => [node, ...node.subcalls.flatMap(allCalls)];

describe('EVM step traces linked to FVM calls', () => {
  it('each EVM invocation of a nested call chain has its own step trace, reachable from its call node', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const leaf = deploy(machine, eth, artifacts.get('Leaf')!);
    const middle = deploy(machine, eth, artifacts.get('Middle')!, [leaf.created.ethAddress]);
    const top = deploy(machine, eth, artifacts.get('Top')!, [middle.created.ethAddress]);
    const data = encodeFunctionData({ abi: top.contract.abi, functionName: 'go' });
    const message = {
      ...buildMessage(
        machine,
        eth,
        top.contract.address,
        EvmMethod.InvokeContract,
        cborBytes(hexToBytes(data.slice(2))),
        0n,
        500_000_000,
      ),
      gasFeeCap: 300n,
      gasPremium: 100n,
    };
    const { result } = machine.applyMessage(message, { stepTrace: true });
    expect(result.receipt.exitCode).toBe(0);
    const traces = result.evmTraces!;
    const root = buildCallTree(result.trace!).root!;
    const contractCalls = allCalls(root).filter((c) => c.method === EvmMethod.InvokeContract);
    // Top → Middle → Leaf twice: four EVM invocations, four traces, each on exactly one call node.
    expect(contractCalls.map((c) => c.invokedActor?.id)).toEqual([
      top.contract.id,
      middle.contract.id,
      leaf.contract.id,
      leaf.contract.id,
    ]);
    expect(traces).toHaveLength(4);
    const ids = contractCalls.flatMap((c) => c.evmFrames.map((f) => f.traceId));
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort()).toEqual([0, 1, 2, 3]);
    for (const call of contractCalls) {
      expect(call.evmFrames).toHaveLength(1);
      const { traceId, steps } = call.evmFrames[0]!;
      const trace = traces[traceId]!;
      expect(trace.stepCount).toBe(steps);
      // The trace ran this actor's deployed code, as this actor (ADDRESS = its f410).
      const frame = trace.getFrame(0);
      const actor = machine.actor(call.invokedActor!.id)!;
      expect(frame.address).toBe(
        BigInt(`0x${Buffer.from(actor.delegatedAddress!.payload.subarray(1)).toString('hex')}`),
      );
      const code = machine.store.get(decodeBytecodeCid(machine, call.invokedActor!.id))!;
      expect(frame.code).toEqual(code);
      expect(frame.status).toBe('return');
    }
    // Nested invocations finish first: the leaves' traces come before Middle's and Top's.
    const order = contractCalls.map((c) => c.evmFrames[0]!.traceId);
    expect(order[0]).toBe(3);
    expect(order[1]).toBe(2);
    // Every CALL step in Middle's trace is matched by a sub-call of its node.
    const middleTrace = traces[order[1]!]!;
    let calls = 0;
    for (let i = 0; i < middleTrace.stepCount; i++)
      if (OPCODE_NAMES[middleTrace.getStep(i).op] === 'CALL') calls++;
    expect(calls).toBe(
      contractCalls[1]!.subcalls.filter((c) => c.method === EvmMethod.InvokeContract).length,
    );
  });

  it('traces are off unless asked for', () => {
    const machine = Machine.create();
    const eth = machine.accounts.find((a) => a.kind === 'eth')!.address;
    const leaf = deploy(machine, eth, artifacts.get('Leaf')!);
    const result = leaf.contract.invoke(eth, 'hit');
    expect(result.evmTraces ?? []).toHaveLength(0);
    expect(allCalls(buildCallTree(result.trace!).root!).every((c) => c.evmFrames.length === 0)).toBe(true);
  });
});

/** The bytecode CID in an EVM actor's state. */
function decodeBytecodeCid(machine: Machine, id: number) {
  const head = machine.actor(id)!.head;
  return decodeEvmState(decodeDagCbor(machine.store.get(head)!)).bytecode;
}
