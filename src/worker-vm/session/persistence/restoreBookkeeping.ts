import { EvmMethod } from '../../actors/evm/methods';
import type { Address } from '../../address';
import { ethToFilecoin } from '../../address/ethereum';
import { parseAnyAddress } from '../../address/parseAny';
import type { AppliedMessage, Machine } from '../../machine/machine';
import { decodeCreateReturn } from '../../scenario/runScenario';
import { EAM_ACTOR_ID } from '../../state/singletons';
import { hexToBytes } from '../../util/bytes';
import type { AccountEntry, ContractEntry, MessageRecord } from '../session';
import type { SessionMeta, StoredArtifactRef, StoredMessageMeta } from './sessionMeta';

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
 * method called, the deployed contract from the EAM's return, its artifact by its code when compiled).
 * `artifactKey` turns a stored artifact reference into the registry's key (null when not registered).
 */
export function restoreBookkeeping(
  machine: Machine,
  meta: SessionMeta | undefined,
  artifactKey: (ref: StoredArtifactRef | null) => string | null,
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
  const records = machine.history.map((applied, index): MessageRecord => {
    const stored = meta?.messages[index];
    if (stored && isConsistent(stored, contracts)) {
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
    return derivedRecord(machine, applied, index, contracts);
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

/** A record from the message alone: what the method says it is; a deploy adds its contract. */
function derivedRecord(
  machine: Machine,
  applied: AppliedMessage,
  index: number,
  contracts: ContractEntry[],
): MessageRecord {
  const { message, result } = applied;
  const toId = machine.resolve(message.to);
  const base = { applied, fn: null, artifactKey: null, tree: undefined } as const;
  if (toId === EAM_ACTOR_ID && message.method >= 2 && message.method <= 4) {
    let deployed: number | null = null;
    let name = 'contract';
    if (result.receipt.exitCode === 0) {
      try {
        const created = decodeCreateReturn(result.receipt.returnData);
        const known = contracts.find((c) => c.id === created.id && c.createdBy === index);
        if (known) {
          deployed = known.index;
          name = known.name;
        } else {
          deployed = contracts.length;
          contracts.push({
            index: deployed,
            name: `EVM f0${created.id}`,
            artifactKey: null,
            address: ethToFilecoin(hexToBytes(created.ethAddress.slice(2))),
            id: created.id,
            createdBy: index,
            source: 'deployed',
          });
          name = contracts[deployed]!.name;
        }
      } catch {
        // Not an EAM return after all: listed as a deploy without its contract.
      }
    }
    return { ...base, kind: 'deploy', action: `deploy ${name}`, contract: null, deployed };
  }
  if (message.method === EvmMethod.InvokeContract) {
    const contract = toId === undefined ? undefined : contracts.find((c) => c.id === toId);
    return { ...base, kind: 'invoke', action: 'call', contract: contract?.index ?? null, deployed: null };
  }
  return {
    ...base,
    kind: 'send',
    action: message.method === 0 ? 'Send' : `method ${message.method}`,
    contract: null,
    deployed: null,
  };
}
