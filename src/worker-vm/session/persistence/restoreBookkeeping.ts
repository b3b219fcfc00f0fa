import { formatAbiItem } from 'viem/utils';
import { EvmMethod } from '../../actors/evm/methods';
import { Address } from '../../address';
import { ethToFilecoin } from '../../address/ethereum';
import { parseAnyAddress } from '../../address/parseAny';
import { decodeDagCbor } from '../../ipld/cid';
import type { AppliedMessage, Machine } from '../../machine/machine';
import { decodeCreateReturn } from '../../scenario/runScenario';
import { EAM_ACTOR_ID } from '../../state/singletons';
import { diffStates } from '../../trace/stateDiff';
import { hexToBytes } from '../../util/bytes';
import type { AccountEntry, ContractEntry, MessageRecord } from '../session';
import type { SessionMeta, StoredArtifactRef, StoredMessageMeta } from './sessionMeta';
import { functionForCalldata, type KnownContract } from './workspaceContracts';

/** What the session keeps beside the machine, rebuilt from a stored chain and its session record. */
export interface Bookkeeping {
  /** Accounts created in the session (genesis accounts are rebuilt by the session itself). */
  readonly accounts: AccountEntry[];
  readonly contracts: ContractEntry[];
  readonly records: MessageRecord[];
  readonly created: { secp256k1: number; eth: number };
}

/**
 * Rebuilds the session's bookkeeping for a machine whose history is the stored log. `meta` is the stored
 * session record (may be missing or shorter than the log: an imported file, a crash between the chain's
 * write and this record's); what it does not say is derived from the messages themselves (kind by the
 * method called, the deployed contract from the EAM's return, its artifact by its code when compiled),
 * named and typed by `known` (the workspace's contracts record, matched by actor ID) when it lists them.
 * `artifactKey` turns a stored artifact reference into the registry's key (null when not registered).
 */
export function restoreBookkeeping(
  machine: Machine,
  meta: SessionMeta | undefined,
  artifactKey: (ref: StoredArtifactRef | null) => string | null,
  known: readonly KnownContract[] = [],
): Bookkeeping {
  const accounts: AccountEntry[] = [];
  for (const account of meta?.accounts ?? []) {
    const address = tryAddress(account.address);
    if (address) accounts.push({ label: account.label, kind: account.kind, address, genesis: false });
  }
  const contracts: ContractEntry[] = [];
  for (const stored of meta?.contracts ?? []) {
    const address = tryAddress(stored.address);
    if (!address) continue;
    contracts.push({
      index: contracts.length,
      name: stored.name,
      artifactKey: artifactKey(stored.artifact),
      address,
      id: stored.id,
      createdBy:
        stored.createdBy !== null && stored.createdBy < machine.history.length ? stored.createdBy : null,
      source: stored.source,
    });
  }
  const storedMeta = machine.history.map((_, index) => {
    const stored = meta?.messages[index];
    return stored && isConsistent(stored, contracts) ? stored : undefined;
  });
  // Contracts first (deploys in log order, then the record's other contracts), so a call to a contract
  // deployed later in the log, or created by another contract, finds it.
  const deployedBy = new Map<number, number>();
  machine.history.forEach((applied, index) => {
    if (storedMeta[index] || applied.result.receipt.exitCode !== 0) return;
    const deployed = deployedContract(machine, applied, index, contracts, known);
    if (deployed !== undefined) deployedBy.set(index, deployed);
    addCreatedContracts(machine, applied, index, contracts, known);
  });
  for (const contract of known) {
    if (contracts.some((c) => c.id === contract.id)) continue;
    const createdBy =
      contract.deployedIn !== null && contract.deployedIn < machine.history.length
        ? contract.deployedIn
        : null;
    contracts.push({
      index: contracts.length,
      name: contract.name,
      artifactKey: contract.artifactKey,
      address: contract.address,
      id: contract.id,
      createdBy,
      source: createdBy === null ? 'at-address' : 'created',
    });
  }
  const records = machine.history.map((applied, index): MessageRecord => {
    const stored = storedMeta[index];
    if (stored) {
      return {
        applied,
        kind: stored.kind,
        action: stored.action,
        contract: stored.contract,
        fn: stored.fn,
        artifactKey: artifactKey(stored.artifact),
        deployed: stored.deployed,
        tree: undefined,
      };
    }
    return derivedRecord(machine, applied, index, contracts, known, deployedBy);
  });
  return {
    accounts,
    contracts,
    records,
    created: { secp256k1: meta?.created.secp256k1 ?? 0, eth: meta?.created.eth ?? 0 },
  };
}

function tryAddress(text: string): Address | undefined {
  try {
    return parseAnyAddress(text);
  } catch {
    return undefined;
  }
}

function isConsistent(stored: StoredMessageMeta, contracts: readonly ContractEntry[]): boolean {
  const inRange = (i: number | null) => i === null || i < contracts.length;
  return inRange(stored.contract) && inRange(stored.deployed);
}

const isDeploy = (machine: Machine, applied: AppliedMessage) =>
  machine.resolve(applied.message.to) === EAM_ACTOR_ID &&
  applied.message.method >= 2 &&
  applied.message.method <= 4;

/**
 * The contract a successful deploy created (its index in `contracts`, added if new): named as the
 * contracts record names the actor deployed by this message, else `EVM f0<id>`.
 */
function deployedContract(
  machine: Machine,
  applied: AppliedMessage,
  index: number,
  contracts: ContractEntry[],
  known: readonly KnownContract[],
): number | undefined {
  if (!isDeploy(machine, applied)) return undefined;
  let created: ReturnType<typeof decodeCreateReturn>;
  try {
    created = decodeCreateReturn(applied.result.receipt.returnData);
  } catch {
    // Not an EAM return after all: listed as a deploy without its contract.
    return undefined;
  }
  const existing = contracts.find((c) => c.id === created.id && c.createdBy === index);
  if (existing) return existing.index;
  // The same ID may name contracts on two branches (time travel): the deploying message decides.
  const record = known.find((k) => k.id === created.id && (k.deployedIn === index || k.deployedIn === null));
  contracts.push({
    index: contracts.length,
    name: record?.name ?? `EVM f0${created.id}`,
    artifactKey: record?.artifactKey ?? null,
    address: ethToFilecoin(hexToBytes(created.ethAddress.slice(2))),
    id: created.id,
    createdBy: index,
    source: 'deployed',
  });
  return contracts.length - 1;
}

/** EVM actors a message created other than through a deploy (a constructor's `new`, CREATE2). */
function addCreatedContracts(
  machine: Machine,
  applied: AppliedMessage,
  index: number,
  contracts: ContractEntry[],
  known: readonly KnownContract[],
): void {
  const diff = diffStates(machine.store, machine.manifest, applied.stateRootBefore, applied.stateRootAfter);
  for (const change of diff.actors) {
    if (change.kind !== 'added' || !change.after || !machine.manifest.is(change.after.code, 'evm')) continue;
    if (contracts.some((c) => c.id === change.id && c.createdBy === index)) continue;
    const record = known.find((k) => k.id === change.id && (k.deployedIn === index || k.deployedIn === null));
    contracts.push({
      index: contracts.length,
      name: record?.name ?? `EVM f0${change.id}`,
      artifactKey: record?.artifactKey ?? null,
      address: change.after.delegatedAddress ?? Address.newId(change.id),
      id: change.id,
      createdBy: index,
      source: 'created',
    });
  }
}

/** A record from the message alone: what the method says it is; a call names its ABI function if known. */
function derivedRecord(
  machine: Machine,
  applied: AppliedMessage,
  index: number,
  contracts: readonly ContractEntry[],
  known: readonly KnownContract[],
  deployedBy: ReadonlyMap<number, number>,
): MessageRecord {
  const { message } = applied;
  const toId = machine.resolve(message.to);
  const base = { applied, fn: null, artifactKey: null, tree: undefined } as const;
  if (isDeploy(machine, applied)) {
    const deployed = deployedBy.get(index) ?? null;
    const contract = deployed === null ? undefined : contracts[deployed];
    return {
      ...base,
      kind: 'deploy',
      action: `deploy ${contract?.name ?? 'contract'}`,
      contract: null,
      deployed,
      artifactKey: contract?.artifactKey ?? null,
    };
  }
  if (message.method === EvmMethod.InvokeContract) {
    // The latest contract with this ID created before the message (or found at an address).
    const contract = contracts.findLast(
      (c) => c.id === toId && (c.createdBy === null || c.createdBy < index),
    );
    const abi =
      contract === undefined
        ? null
        : (known.find((k) => k.id === contract.id && k.artifactKey === contract.artifactKey)?.abi ?? null);
    const fn = functionForCalldata(abi, calldataOf(message.params));
    return {
      ...base,
      kind: 'invoke',
      action: fn ? formatAbiItem(fn) : 'call',
      contract: contract?.index ?? null,
      fn,
      deployed: null,
    };
  }
  return {
    ...base,
    kind: 'send',
    action: message.method === 0 ? 'Send' : `method ${message.method}`,
    contract: null,
    deployed: null,
  };
}

/** An InvokeContract message's calldata: its params are one CBOR byte string (empty when they are not). */
function calldataOf(params: Uint8Array): Uint8Array {
  if (params.length === 0) return params;
  try {
    const decoded = decodeDagCbor<unknown>(params);
    return decoded instanceof Uint8Array ? decoded : new Uint8Array(0);
  } catch {
    return new Uint8Array(0);
  }
}
