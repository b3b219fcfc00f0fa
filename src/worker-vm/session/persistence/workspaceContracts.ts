import type { Abi, AbiFunction } from 'viem';
import { formatAbiItem, toFunctionSelector } from 'viem/utils';
import type { DeployedContract } from '../../../storage/workspace/workspace';
import type { Address } from '../../address';
import { parseAnyAddress } from '../../address/parseAny';
import { bytesToHex } from '../../util/bytes';
import type { ArtifactInput, CompilationInput } from '../artifacts/artifactRegistry';

/**
 * The workspace's `w/contracts` record as a fallback for the session record: a workspace made by opening
 * a share link, or imported from a file without a session record, knows its contracts' names and ABIs
 * only from there. They are matched to the chain's actors by ID address; their ABIs are registered as a
 * code-less compilation so forms, return values, events and reverts decode before anything is compiled
 * (a compile of the same code later replaces it with the full artifact: source maps, storage layout).
 */
export interface KnownContract {
  readonly name: string;
  readonly id: number;
  readonly address: Address;
  /** The message that deployed it, when the record says. */
  readonly deployedIn: number | null;
  /** The registry key of its ABI-only artifact (null without an ABI). */
  readonly artifactKey: string | null;
  readonly abi: Abi | null;
}

/** The ABI items the session can use; anything viem cannot format is left out (the record is data). */
export function usableAbi(items: readonly unknown[]): Abi {
  const kept: unknown[] = [];
  for (const item of items) {
    try {
      formatAbiItem(item as Abi[number]);
      if ((item as AbiFunction).type === 'function') toFunctionSelector(item as AbiFunction);
      kept.push(item);
    } catch {
      // A malformed item: not part of the usable ABI.
    }
  }
  return kept as Abi;
}

const idOf = (contract: DeployedContract): number | undefined => {
  const match = /^f0(\d{1,19})$/.exec(contract.idAddress);
  const id = match ? Number(match[1]) : Number.NaN;
  return Number.isSafeInteger(id) ? id : undefined;
};

/**
 * One compilation without code holding an artifact per distinct `file:Contract` of the record that has
 * an ABI (undefined when none has).
 */
export function abiOnlyCompilation(contracts: readonly DeployedContract[]): CompilationInput | undefined {
  const artifacts = new Map<string, ArtifactInput>();
  for (const contract of contracts) {
    if (contract.artifact === null || contract.abi === null || artifacts.has(contract.artifact)) continue;
    const colon = contract.artifact.lastIndexOf(':');
    if (colon <= 0 || colon === contract.artifact.length - 1) continue;
    const noCode = { object: '', sourceMap: '', linkReferences: {} };
    artifacts.set(contract.artifact, {
      id: contract.artifact,
      file: contract.artifact.slice(0, colon),
      name: contract.artifact.slice(colon + 1),
      kind: 'contract',
      fromLibrary: false,
      abi: usableAbi(contract.abi),
      creation: noCode,
      runtime: { ...noCode, immutableReferences: {} },
      storageLayout: { storage: [], types: null },
    });
  }
  return artifacts.size === 0 ? undefined : { contracts: [...artifacts.values()], sources: [] };
}

/**
 * The record's contracts with their actor IDs and ABIs; `keyOf` gives the registry key of an artifact
 * id in the ABI-only compilation. Entries whose addresses do not parse are left out.
 */
export function knownContracts(
  contracts: readonly DeployedContract[],
  keyOf: (artifactId: string) => string | null,
): KnownContract[] {
  const known: KnownContract[] = [];
  for (const contract of contracts) {
    const id = idOf(contract);
    if (id === undefined) continue;
    let address: Address;
    try {
      address = parseAnyAddress(contract.robustAddress ?? contract.ethAddress ?? contract.idAddress);
    } catch {
      continue;
    }
    const artifactKey = contract.artifact === null || contract.abi === null ? null : keyOf(contract.artifact);
    known.push({
      name: contract.name,
      id,
      address,
      deployedIn: contract.deployedIn,
      artifactKey,
      abi: contract.abi === null ? null : usableAbi(contract.abi),
    });
  }
  return known;
}

/** The ABI function a call's calldata selects, if the ABI has it. */
export function functionForCalldata(abi: Abi | null, calldata: Uint8Array): AbiFunction | null {
  if (abi === null || calldata.length < 4) return null;
  const selector = `0x${bytesToHex(calldata.subarray(0, 4))}`;
  for (const item of abi) if (item.type === 'function' && toFunctionSelector(item) === selector) return item;
  return null;
}
