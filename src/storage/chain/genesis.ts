import { parseFilAmount } from '../../worker-vm/encoding/fil';
import { malformed } from '../../worker-vm/errors';
import { Machine } from '../../worker-vm/machine/machine';
import { parseScenario, type ScenarioGenesis } from '../../worker-vm/scenario/scenario';
import type { ExternalCids } from './reachability';
import type { GenesisRecord } from './records';

/**
 * A chain starts from a genesis described in the scenario format's terms (seed, account counts and
 * balance), so a stored chain, an exported file and a share link all name their genesis the same way, and
 * the headless runner builds the very same state. Genesis blocks are not stored: they are rebuilt from
 * this description and checked against the recorded genesis state root.
 */
export function machineForGenesis(genesis: ScenarioGenesis): Machine {
  // Same checks and defaults as the runner (scenario/runScenario.ts), so both build the same state.
  parseScenario({ version: 1, genesis, steps: [] });
  return Machine.create({
    network: genesis.seed === undefined ? {} : { seed: genesis.seed },
    secpAccounts: genesis.secpAccounts ?? 5,
    ethAccounts: genesis.ethAccounts ?? 5,
    accountBalance:
      genesis.accountBalance === undefined
        ? undefined
        : parseFilAmount(genesis.accountBalance, 'genesis.accountBalance'),
  });
}

/** Rebuilds the genesis of a record and checks it is the state the record names. */
export function machineForRecord(record: GenesisRecord, where = 'genesis record'): Machine {
  const machine = machineForGenesis(record.genesis);
  if (!machine.stateRoot.equals(record.stateRoot)) {
    throw malformed(
      `this chain starts from genesis state ${record.stateRoot}, but this version of the playground builds ` +
        `${machine.stateRoot} from the same settings; it was made by an incompatible version`,
      where,
    );
  }
  return machine;
}

/** The code CIDs of the built-in actors: linked from actor entries, never blocks in the chain's store. */
export const builtinCodeCids =
  (machine: Machine): ExternalCids =>
  (cid) =>
    machine.manifest.infoOf(cid) !== undefined;
