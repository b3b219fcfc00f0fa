import { type Abi, decodeFunctionResult, encodeDeployData, encodeFunctionData } from 'viem';
import { createNodeCompiler } from '../../src/compiler/compiler.node.js';
import type { ContractArtifact } from '../../src/compiler/types';
import { EvmMethod } from '../../src/worker-vm/actors/evm/methods';
import { Address } from '../../src/worker-vm/address';
import { ethToFilecoin } from '../../src/worker-vm/address/ethereum';
import { decodeDagCbor } from '../../src/worker-vm/ipld/cid';
import type { Machine } from '../../src/worker-vm/machine/machine';
import { buildMessage, cborBytes, decodeCreateReturn } from '../../src/worker-vm/scenario/runScenario';
import { bytesToHex, hexToBytes } from '../../src/worker-vm/util/bytes';

/** Compiles Solidity sources (offline libraries available) and returns artifacts by contract name. */
export async function compile(files: Record<string, string>): Promise<Map<string, ContractArtifact>> {
  const result = await createNodeCompiler().compile({
    files,
    settings: { optimizer: { enabled: true, runs: 200 }, viaIR: false, remappings: [] },
  });
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return new Map(result.contracts.map((c) => [c.name, c]));
}

const hex = (data: `0x${string}` | string) => hexToBytes(data.replace(/^0x/, ''));

/** A deployed contract with helpers to invoke (a message) and call (read-only) it. */
export class Contract {
  constructor(
    readonly machine: Machine,
    readonly address: Address,
    readonly abi: Abi,
    readonly id: number,
  ) {}

  invoke(from: Address, functionName: string, args: unknown[] = [], value = 0n, gasLimit = 200_000_000) {
    const data = encodeFunctionData({ abi: this.abi, functionName, args } as never);
    const message = {
      ...buildMessage(
        this.machine,
        from,
        this.address,
        EvmMethod.InvokeContract,
        cborBytes(hex(data)),
        value,
        gasLimit,
      ),
      gasFeeCap: 300n,
      gasPremium: 100n,
    };
    return this.machine.applyMessage(message).result;
  }

  read(functionName: string, args: unknown[] = [], from?: Address): unknown {
    const data = encodeFunctionData({ abi: this.abi, functionName, args } as never);
    const sender = from ?? this.machine.accounts[0]!.address;
    const result = this.machine.call(
      buildMessage(
        this.machine,
        sender,
        this.address,
        EvmMethod.InvokeContract,
        cborBytes(hex(data)),
        0n,
        200_000_000,
      ),
    );
    if (result.receipt.exitCode !== 0)
      throw new Error(`read ${functionName} failed with exit ${result.receipt.exitCode}`);
    const output = decodeDagCbor<Uint8Array>(result.receipt.returnData);
    return decodeFunctionResult({ abi: this.abi, functionName, data: `0x${bytesToHex(output)}` } as never);
  }
}

/** Deploys through the EAM (CreateExternal) from `from` (an f410 or f1 account). */
export function deploy(
  machine: Machine,
  from: Address,
  artifact: ContractArtifact,
  args: unknown[] = [],
  value = 0n,
) {
  const data = encodeDeployData({
    abi: artifact.abi,
    bytecode: `0x${artifact.creation.object.replace(/^0x/, '')}`,
    args,
  } as never);
  const message = {
    ...buildMessage(machine, from, Address.newId(10), 4, cborBytes(hex(data)), value, 500_000_000),
    gasFeeCap: 300n,
    gasPremium: 100n,
  };
  const result = machine.applyMessage(message).result;
  if (result.receipt.exitCode !== 0) {
    throw new Error(
      `deploy of ${artifact.name} failed: exit ${result.receipt.exitCode} ${result.failure ?? ''}`,
    );
  }
  const created = decodeCreateReturn(result.receipt.returnData);
  return {
    result,
    created,
    contract: new Contract(machine, ethToFilecoin(hex(created.ethAddress)), artifact.abi as Abi, created.id),
  };
}

/** Revert data of a failed invoke (the receipt carries it CBOR-encoded). */
export const revertData = (returnData: Uint8Array): `0x${string}` =>
  `0x${bytesToHex(decodeDagCbor<Uint8Array>(returnData))}`;
