import { invalidInput } from '../errors';

/**
 * A scenario: a genesis and the steps to apply on it, as plain JSON (docs/scenario-format.md). The headless
 * runner (`npm run fvm -- FILE.json`), share links and lessons all use this format.
 */
export interface Scenario {
  readonly version: 1;
  readonly description?: string;
  readonly genesis?: ScenarioGenesis;
  readonly steps: readonly ScenarioStep[];
}

export interface ScenarioGenesis {
  readonly seed?: string;
  readonly secpAccounts?: number;
  readonly ethAccounts?: number;
  /** Balance of each funded account: "10000 FIL" by default. */
  readonly accountBalance?: string;
}

/** What a step may expect of its receipt; a failed expectation fails the run. */
export interface Expectation {
  readonly exitCode?: number;
  readonly gasUsed?: number;
  /** Hex of the receipt's return data. */
  readonly returnData?: string;
  readonly events?: number;
}

interface StepBase {
  /** Optional label shown in the output. */
  readonly label?: string;
  readonly expect?: Expectation;
}

interface MessageFields {
  /** Sender: "secp:N" / "eth:N" (genesis accounts) or any address (f…/t…/0x…). */
  readonly from: string;
  /** Amount: "1.5 FIL", "100 attoFIL" or an integer string of attoFIL. Default 0. */
  readonly value?: string;
  /** Gas limit; by default estimated from a dry run (+25%). */
  readonly gasLimit?: number;
  readonly gasFeeCap?: string;
  readonly gasPremium?: string;
}

/** A value transfer (method 0), or any method with raw params. */
export interface SendStep extends StepBase, MessageFields {
  readonly kind: 'send';
  readonly to: string;
  readonly method?: number;
  /** Hex-encoded CBOR params. */
  readonly params?: string;
  /** Params as JSON, encoded to DAG-CBOR (docs/wasm-actors.md); instead of `params`. */
  readonly paramsJson?: unknown;
}

/** Installs Wasm actor code (docs/wasm-actors.md). `name` lets createActor steps refer to it. */
export interface InstallActorStep extends StepBase {
  readonly kind: 'installActor';
  readonly name?: string;
  /** The module's bytes: hex (`0x…`) or base64. */
  readonly wasm: string;
}

/** Creates an actor from installed code through the Init actor's Exec (method 2 on f01). */
export interface CreateActorStep extends StepBase, MessageFields {
  readonly kind: 'createActor';
  /** The `name` of an installActor step, or a code CID. */
  readonly code: string;
  /** Constructor params as JSON, encoded to DAG-CBOR. */
  readonly params?: unknown;
  /** Lets later steps address the new actor by name. */
  readonly name?: string;
}

/** Deploys EVM bytecode through the EAM (CreateExternal). `name` lets later steps refer to the contract. */
export interface DeployStep extends StepBase, MessageFields {
  readonly kind: 'deploy';
  readonly name?: string;
  /** Creation bytecode with constructor arguments appended, hex. */
  readonly bytecode: string;
}

/** Calls an EVM contract (InvokeContract) with calldata. `to` is an address or a deployed contract's name. */
export interface InvokeStep extends StepBase, MessageFields {
  readonly kind: 'invoke';
  readonly to: string;
  readonly calldata: string;
}

/** A read-only call (implicit message, eth_call style): nothing is committed. */
export interface CallStep extends StepBase {
  readonly kind: 'call';
  readonly from?: string;
  readonly to: string;
  readonly calldata: string;
}

export interface AdvanceEpochsStep extends StepBase {
  readonly kind: 'advanceEpochs';
  readonly count: number;
}

export type ScenarioStep =
  | SendStep
  | DeployStep
  | InvokeStep
  | CallStep
  | AdvanceEpochsStep
  | InstallActorStep
  | CreateActorStep;

const STEP_KINDS = new Set([
  'send',
  'deploy',
  'invoke',
  'call',
  'advanceEpochs',
  'installActor',
  'createActor',
]);

/** Checks the shape of parsed JSON and returns it as a Scenario, or throws a typed error naming the field. */
export function parseScenario(json: unknown): Scenario {
  const where = (path: string) => `scenario${path}`;
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalidInput('must be a JSON object', 'scenario');
  const input = json as Record<string, unknown>;
  if (input.version !== 1) throw invalidInput('version must be 1', where('.version'));
  if (!Array.isArray(input.steps)) throw invalidInput('steps must be an array', where('.steps'));
  if (input.genesis !== undefined) checkGenesis(input.genesis);
  input.steps.forEach((step, index) => {
    const path = where(`.steps[${index}]`);
    if (typeof step !== 'object' || step === null) throw invalidInput('each step must be an object', path);
    const s = step as Record<string, unknown>;
    if (typeof s.kind !== 'string' || !STEP_KINDS.has(s.kind)) {
      throw invalidInput(`kind must be one of ${[...STEP_KINDS].join(', ')}`, `${path}.kind`);
    }
    const strings = (...names: string[]) => {
      for (const name of names) {
        if (s[name] !== undefined && typeof s[name] !== 'string')
          throw invalidInput('must be a string', `${path}.${name}`);
      }
    };
    const required = (...names: string[]) => {
      for (const name of names)
        if (s[name] === undefined) throw invalidInput('is required', `${path}.${name}`);
    };
    if (s.kind !== 'createActor') strings('params');
    strings(
      'wasm',
      'code',
      'label',
      'from',
      'to',
      'value',
      'gasFeeCap',
      'gasPremium',
      'bytecode',
      'calldata',
      'name',
    );
    if (s.gasLimit !== undefined && (typeof s.gasLimit !== 'number' || !Number.isSafeInteger(s.gasLimit))) {
      throw invalidInput('must be an integer', `${path}.gasLimit`);
    }
    if (s.kind === 'send') required('from', 'to');
    if (s.kind === 'deploy') required('from', 'bytecode');
    if (s.kind === 'invoke') required('from', 'to', 'calldata');
    if (s.kind === 'call') required('to', 'calldata');
    if (s.kind === 'installActor') required('wasm');
    if (s.kind === 'createActor') required('from', 'code');
    if (s.kind === 'send' && s.params !== undefined && s.paramsJson !== undefined)
      throw invalidInput('give either params (hex) or paramsJson, not both', `${path}.paramsJson`);
    if (
      s.kind === 'advanceEpochs' &&
      (typeof s.count !== 'number' || !Number.isSafeInteger(s.count) || s.count < 0)
    ) {
      throw invalidInput('must be a non-negative integer', `${path}.count`);
    }
    if (s.expect !== undefined) checkExpectation(s.expect, `${path}.expect`);
  });
  return json as Scenario;
}

function checkGenesis(value: unknown): void {
  if (typeof value !== 'object' || value === null)
    throw invalidInput('must be an object', 'scenario.genesis');
  const g = value as Record<string, unknown>;
  for (const name of ['secpAccounts', 'ethAccounts']) {
    const n = g[name];
    if (n !== undefined && (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100)) {
      throw invalidInput('must be an integer from 0 to 100', `scenario.genesis.${name}`);
    }
  }
  for (const name of ['seed', 'accountBalance']) {
    if (g[name] !== undefined && typeof g[name] !== 'string')
      throw invalidInput('must be a string', `scenario.genesis.${name}`);
  }
}

function checkExpectation(value: unknown, path: string): void {
  if (typeof value !== 'object' || value === null) throw invalidInput('must be an object', path);
  const e = value as Record<string, unknown>;
  for (const name of ['exitCode', 'gasUsed', 'events']) {
    if (e[name] !== undefined && (typeof e[name] !== 'number' || !Number.isInteger(e[name]))) {
      throw invalidInput('must be an integer', `${path}.${name}`);
    }
  }
  if (e.returnData !== undefined && typeof e.returnData !== 'string')
    throw invalidInput('must be a hex string', `${path}.returnData`);
}
