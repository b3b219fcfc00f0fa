/**
 * The VM as a library, for Node and tests (the worker's own surface is `api.ts`): a playground machine
 * (genesis, messages, implicit calls, snapshots), addresses, scenarios (docs/scenario-format.md), traces
 * and state diffs. `scripts/fvm.ts` (`npm run fvm`) is built on it.
 */
export { Address, ethToFilecoin, f410Subaddress, formatEthAddress, parseEthAddress } from './address';
export { parseAnyAddress } from './address/parseAny';
export { loadFastKeccak } from './crypto/keccak';
export { type ErrorKind, PlaygroundError } from './errors';
export { BLOCK_GAS_LIMIT, type Message, messageCid } from './executor/message';
export { describeExitCode, ErrorNumber, ExitCode } from './kernel/codes';
export {
  DEFAULT_NETWORK,
  type GenesisAccount,
  type GenesisOptions,
  type NetworkParams,
} from './machine/genesis';
export { deriveKey, describeKey, type KeyPair } from './machine/keys';
export { type AppliedMessage, Machine, type MachineOptions } from './machine/machine';
export { scenarioReport } from './scenario/report';
export {
  buildMessage,
  estimateGasLimit,
  runScenario,
  type ScenarioOutcome,
  type StepOutcome,
} from './scenario/runScenario';
export { parseScenario, type Scenario, type ScenarioStep } from './scenario/scenario';
export { buildCallTree, type CallNode, type CallTree } from './trace/callTree';
export { type LotusExecutionTrace, toLotusTrace } from './trace/lotusTrace';
export { diffStates, type StateDiff } from './trace/stateDiff';
