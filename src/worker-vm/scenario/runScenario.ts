import { EvmMethod } from '../actors/evm/methods';
import { Address } from '../address';
import { ethToFilecoin, formatEthAddress } from '../address/ethereum';
import { parseAnyAddress } from '../address/parseAny';
import { parseFilAmount } from '../encoding/fil';
import { invalidInput, tooLarge } from '../errors';
import type { ApplyResult } from '../executor/applyMessage';
import { BLOCK_GAS_LIMIT, type Message } from '../executor/message';
import { type CID, decodeDagCbor, encodeDagCbor, parseCid } from '../ipld/cid';
import { describeExitCode } from '../kernel/codes';
import type { AppliedMessage } from '../machine/machine';
import { Machine } from '../machine/machine';
import { EAM_ACTOR_ID } from '../state/singletons';
import { diffStates, type StateDiff } from '../trace/stateDiff';
import { bytesToHex, hexToBytes } from '../util/bytes';
import { decodeExecReturn, execParams, INIT_ADDRESS, INIT_EXEC_METHOD } from '../wasm/userActors/exec';
import { decodeReturnValue, encodeJsonParams } from '../wasm/userActors/ipldJson';
import type { Expectation, Scenario, ScenarioStep } from './scenario';

const INVOKE_CONTRACT = EvmMethod.InvokeContract;
const EAM_CREATE_EXTERNAL = 4;
/** Default tip per gas (attoFIL); the default fee cap is twice the base fee plus this. */
const DEFAULT_PREMIUM = 100n;

export interface StepOutcome {
  readonly index: number;
  readonly kind: ScenarioStep['kind'];
  readonly label: string | undefined;
  readonly applied: AppliedMessage | undefined;
  readonly result: ApplyResult | undefined;
  readonly diff: StateDiff | undefined;
  /** For deploys: the new contract's addresses, from the EAM's return value. */
  readonly deployed: { id: number; ethAddress: string; robust: string | null } | undefined;
  /** For installActor: the code CID, the module's imports and exports, and warnings. */
  readonly installed?: {
    code: string;
    imports: string[];
    exports: string[];
    warnings: readonly string[];
  };
  /** For createActor: the new actor's addresses, from Exec's return value. */
  readonly created?: { id: string; robust: string };
  /** For send and createActor: the return value decoded for reading (CBOR as JSON). */
  readonly returnValue?: unknown;
  readonly failedExpectations: string[];
}

export interface ScenarioOutcome {
  readonly machine: Machine;
  readonly steps: readonly StepOutcome[];
  readonly passed: boolean;
}

export interface RunOptions {
  /**
   * The most gas all steps together may use (messages and reads); the step that would start past it is
   * refused with a TooLarge error instead (a shared link is untrusted: it may not keep the VM busy).
   */
  readonly gasBudget?: number;
}

/** Runs a scenario on a fresh machine. Invalid steps throw a typed error naming the step. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): ScenarioOutcome {
  const genesis = scenario.genesis ?? {};
  const machine = Machine.create({
    network: genesis.seed === undefined ? {} : { seed: genesis.seed },
    secpAccounts: genesis.secpAccounts ?? 5,
    ethAccounts: genesis.ethAccounts ?? 5,
    accountBalance:
      genesis.accountBalance === undefined
        ? undefined
        : parseFilAmount(genesis.accountBalance, 'genesis.accountBalance'),
  });
  const names = new Map<string, Address>();
  const codes = new Map<string, CID>();
  const budget = options.gasBudget ?? Number.POSITIVE_INFINITY;
  let gasUsed = 0;
  const outcomes: StepOutcome[] = scenario.steps.map((step, index) => {
    if (gasUsed > budget)
      throw tooLarge(
        `the steps before step ${index} used ${gasUsed.toLocaleString('en-US')} gas, more than the ${budget.toLocaleString('en-US')} allowed`,
        'scenario',
      );
    const outcome = runStep(machine, names, codes, step, index);
    gasUsed += outcome.result?.receipt.gasUsed ?? 0;
    return outcome;
  });
  return { machine, steps: outcomes, passed: outcomes.every((o) => o.failedExpectations.length === 0) };
}

function runStep(
  machine: Machine,
  names: Map<string, Address>,
  codes: Map<string, CID>,
  step: ScenarioStep,
  index: number,
): StepOutcome {
  const where = `steps[${index}]`;
  const base = { index, kind: step.kind, label: step.label };
  if (step.kind === 'installActor') {
    const installed = machine.installActor(wasmBytes(step.wasm, `${where}.wasm`));
    if (step.name) codes.set(step.name, installed.code);
    return {
      ...base,
      applied: undefined,
      result: undefined,
      diff: undefined,
      deployed: undefined,
      installed: {
        code: installed.code.toString(),
        imports: installed.info.imports.map((i) => `${i.module}.${i.name}`),
        exports: installed.info.exports.map((e) => `${e.name} (${e.kind})`),
        warnings: installed.warnings,
      },
      failedExpectations: [],
    };
  }
  if (step.kind === 'advanceEpochs') {
    machine.advanceEpochs(BigInt(step.count));
    return {
      ...base,
      applied: undefined,
      result: undefined,
      diff: undefined,
      deployed: undefined,
      failedExpectations: [],
    };
  }
  if (step.kind === 'call') {
    const from = step.from ? account(machine, step.from, `${where}.from`) : machine.accounts[0]!.address;
    const to = target(machine, names, step.to, `${where}.to`);
    const message = buildMessage(
      machine,
      from,
      to,
      INVOKE_CONTRACT,
      cborBytes(hex(step.calldata, `${where}.calldata`)),
      0n,
      BLOCK_GAS_LIMIT,
    );
    const result = machine.call(message);
    return {
      ...base,
      applied: undefined,
      result,
      diff: undefined,
      deployed: undefined,
      failedExpectations: check(step.expect, result),
    };
  }

  const from = account(machine, step.from, `${where}.from`);
  const value = parseFilAmount(step.value ?? '0', `${where}.value`);
  let to: Address;
  let method: number;
  let params: Uint8Array;
  if (step.kind === 'send') {
    to = target(machine, names, step.to, `${where}.to`);
    method = step.method ?? 0;
    params =
      step.paramsJson !== undefined
        ? encodeJsonParams(step.paramsJson, `${where}.paramsJson`)
        : step.params
          ? hex(step.params, `${where}.params`)
          : new Uint8Array(0);
  } else if (step.kind === 'createActor') {
    to = INIT_ADDRESS;
    method = INIT_EXEC_METHOD;
    const code = codes.get(step.code) ?? parseCid(step.code, `${where}.code`);
    const constructorParams =
      step.params === undefined ? new Uint8Array(0) : encodeJsonParams(step.params, `${where}.params`);
    params = execParams(code, constructorParams);
  } else if (step.kind === 'deploy') {
    to = Address.newId(EAM_ACTOR_ID);
    method = EAM_CREATE_EXTERNAL;
    params = cborBytes(hex(step.bytecode, `${where}.bytecode`));
  } else {
    to = target(machine, names, step.to, `${where}.to`);
    method = INVOKE_CONTRACT;
    params = cborBytes(hex(step.calldata, `${where}.calldata`));
  }
  const premium =
    step.gasPremium === undefined ? DEFAULT_PREMIUM : parseFilAmount(step.gasPremium, `${where}.gasPremium`);
  const feeCap =
    step.gasFeeCap === undefined
      ? machine.network.baseFee * 2n + premium
      : parseFilAmount(step.gasFeeCap, `${where}.gasFeeCap`);
  const draft = {
    ...buildMessage(machine, from, to, method, params, value, BLOCK_GAS_LIMIT),
    gasFeeCap: feeCap,
    gasPremium: premium,
  };
  const gasLimit = step.gasLimit ?? estimateGasLimit(machine, draft);
  const applied = machine.applyMessage({ ...draft, gasLimit });
  const result = applied.result;
  const diff = diffStates(machine.store, machine.manifest, applied.stateRootBefore, applied.stateRootAfter);

  let deployed: StepOutcome['deployed'];
  if (step.kind === 'deploy' && result.receipt.exitCode === 0) {
    deployed = decodeCreateReturn(result.receipt.returnData);
    if (step.name) names.set(step.name, ethToFilecoin(hexToBytes(deployed.ethAddress.slice(2))));
  }
  let created: StepOutcome['created'];
  if (step.kind === 'createActor' && result.receipt.exitCode === 0) {
    const { idAddress, robustAddress } = decodeExecReturn(result.receipt.returnData);
    created = { id: idAddress.toString(), robust: robustAddress.toString() };
    if (step.name) names.set(step.name, idAddress);
  }
  const returnValue =
    step.kind === 'send' || step.kind === 'createActor'
      ? decodeReturnValue(result.receipt.returnData, result.receipt.returnCodec)
      : undefined;
  return {
    ...base,
    applied,
    result,
    diff,
    deployed,
    ...(created ? { created } : {}),
    ...(returnValue !== undefined ? { returnValue } : {}),
    failedExpectations: check(step.expect, result),
  };
}

/** A Wasm module written as hex (`0x…`) or base64. */
function wasmBytes(text: string, where: string): Uint8Array {
  if (text.startsWith('0x')) return hex(text, where);
  try {
    return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  } catch {
    throw invalidInput('must be hex (0x…) or base64 bytes of a Wasm module', where);
  }
}

/** Dry-runs the message with the block gas limit and adds 25%, as Lotus' gas estimation does. */
export function estimateGasLimit(machine: Machine, message: Message): number {
  const dry = machine.call({ ...message, gasLimit: BLOCK_GAS_LIMIT }, 'explicit');
  return gasLimitFor(dry.receipt.gasUsed);
}

/** The limit an estimate gives for a dry run's gas: a quarter more, within the block gas limit. */
export function gasLimitFor(gasUsed: number): number {
  return Math.min(BLOCK_GAS_LIMIT, Math.max(Math.ceil(gasUsed * 1.25), 1));
}

export function buildMessage(
  machine: Machine,
  from: Address,
  to: Address,
  method: number,
  params: Uint8Array,
  value: bigint,
  gasLimit: number,
): Message {
  return {
    version: 0,
    from,
    to,
    sequence: machine.nonceOf(from),
    value,
    gasLimit,
    gasFeeCap: 0n,
    gasPremium: 0n,
    method,
    params,
  };
}

/** "secp:N" / "eth:N" name genesis accounts; anything else is an address. */
function account(machine: Machine, text: string, where: string): Address {
  const alias = /^(secp|eth):(\d+)$/.exec(text);
  if (!alias) return parseAnyAddress(text, where);
  const kind = alias[1] === 'secp' ? 'secp256k1' : 'eth';
  const found = machine.accounts.filter((a) => a.kind === kind)[Number(alias[2])];
  if (!found) throw invalidInput(`there is no genesis account ${text}`, where);
  return found.address;
}

/** A recipient: a contract named by an earlier deploy, a genesis account alias, or an address. */
function target(machine: Machine, names: Map<string, Address>, text: string, where: string): Address {
  return names.get(text) ?? account(machine, text, where);
}

function hex(text: string, where: string): Uint8Array {
  const body = text.startsWith('0x') ? text.slice(2) : text;
  if (!/^([0-9a-fA-F]{2})*$/.test(body)) throw invalidInput('must be hex bytes (0x…)', where);
  return hexToBytes(body);
}

/** EVM calldata and initcode travel as a CBOR byte string (spec 8.6). */
export const cborBytes = (bytes: Uint8Array): Uint8Array =>
  bytes.length === 0 ? bytes : encodeDagCbor(bytes);

/** EAM return `[actor_id, robust_address | null, eth_address]` (spec 9.8). */
export function decodeCreateReturn(data: Uint8Array): {
  id: number;
  ethAddress: string;
  robust: string | null;
} {
  const [id, robust, eth] = decodeDagCbor<[number, Uint8Array | null, Uint8Array]>(data, 'EAM return');
  return {
    id,
    ethAddress: formatEthAddress(eth),
    robust: robust ? Address.fromBytes(robust).toString() : null,
  };
}

function check(expect: Expectation | undefined, result: ApplyResult): string[] {
  if (!expect) return [];
  const failures: string[] = [];
  const receipt = result.receipt;
  if (expect.exitCode !== undefined && expect.exitCode !== receipt.exitCode) {
    const actual = describeExitCode(receipt.exitCode);
    failures.push(`exit code ${receipt.exitCode} (${actual.name}), expected ${expect.exitCode}`);
  }
  if (expect.gasUsed !== undefined && expect.gasUsed !== receipt.gasUsed) {
    failures.push(`gas used ${receipt.gasUsed}, expected ${expect.gasUsed}`);
  }
  if (expect.returnData !== undefined) {
    const actual = `0x${bytesToHex(receipt.returnData)}`;
    if (actual.toLowerCase() !== expect.returnData.toLowerCase())
      failures.push(`return data ${actual}, expected ${expect.returnData}`);
  }
  if (expect.events !== undefined && expect.events !== result.events.length) {
    failures.push(`${result.events.length} events, expected ${expect.events}`);
  }
  return failures;
}
