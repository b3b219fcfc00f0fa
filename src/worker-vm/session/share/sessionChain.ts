import type { ChainStore } from '../../../storage/chain/chainStore';
import { machineForGenesis } from '../../../storage/chain/genesis';
import type { ChainEntry, GenesisRecord } from '../../../storage/chain/records';
import { invalidInput } from '../../errors';
import type { Machine } from '../../machine/machine';
import type { ScenarioGenesis } from '../../scenario/scenario';
import type { PlaygroundSession } from '../session';

/** What sharing and export read of a chain (a `ChainStore` reads the same). */
export type SessionChain = Pick<ChainStore, 'machine' | 'genesis' | 'head' | 'pathTo' | 'entries'>;

/**
 * The session's chain as sharing and export read it. When the session is backed by a persisted
 * `ChainStore` (the workspace's chain, with its branches after time travel), that store is used as it is.
 * Otherwise the session's in-memory machine is adapted: its messages form one branch from genesis to the
 * head, and the genesis is described in the scenario format's terms and checked to rebuild the very same
 * state (else sharing is refused rather than producing a link that replays elsewhere).
 */
export function sessionChain(session: PlaygroundSession): SessionChain {
  // The open workspace's chain (session/persistence), when the session works on one.
  const persisted = (session as { persistence?: { chain?: unknown } }).persistence?.chain;
  if (isChainStore(persisted)) return persisted;
  const machine = session.machine;
  const entries: ChainEntry[] = session.records.map((record, i) => {
    if (record.applied.index !== i)
      throw invalidInput(`message ${i} is out of order in the session`, 'chain');
    return { applied: record.applied, parent: i - 1 };
  });
  const genesis = genesisOf(machine);
  const head = {
    root: machine.stateRoot,
    epoch: machine.epoch,
    messages: entries.length,
    at: entries.length - 1,
  };
  return {
    machine,
    genesis,
    head,
    entries: () => entries,
    pathTo: (at = head.at) => {
      if (at < -1 || at >= entries.length) throw invalidInput(`there is no message ${at}`, 'chain');
      return entries.slice(0, at + 1);
    },
  };
}

function isChainStore(value: unknown): value is ChainStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pathTo' in value &&
    'entries' in value &&
    'genesis' in value &&
    'machine' in value
  );
}

/** Genesis descriptions already checked, by genesis state root (building a genesis takes a moment). */
const checkedGenesis = new Map<string, ScenarioGenesis>();

/** The session machine's genesis in the scenario format's terms, checked to rebuild the same state. */
export function genesisOf(machine: Machine): GenesisRecord {
  const stateRoot = machine.genesis.stateRoot;
  const key = stateRoot.toString();
  let genesis = checkedGenesis.get(key);
  if (!genesis) {
    const secp = machine.accounts.filter((a) => a.kind === 'secp256k1').length;
    const eth = machine.accounts.filter((a) => a.kind === 'eth').length;
    const candidate: ScenarioGenesis = {
      ...(secp === 5 ? {} : { secpAccounts: secp }),
      ...(eth === 5 ? {} : { ethAccounts: eth }),
    };
    if (!machineForGenesis(candidate).stateRoot.equals(stateRoot))
      throw invalidInput(
        'this chain starts from a genesis the scenario format cannot describe; export a file instead',
        'share link',
      );
    genesis = candidate;
    checkedGenesis.set(key, genesis);
  }
  return { genesis, stateRoot };
}
