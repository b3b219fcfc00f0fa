import { f410Subaddress } from '../../address/ethereum';
import { decodeBigInt } from '../../encoding/bigint';
import {
  analyzeCode,
  type CodeInfo,
  createFrame,
  type EvmResult,
  gasSchedule,
  runFrame,
  StepTrace,
} from '../../evm';
import { OutOfGas } from '../../gas/tracker';
import { EVM_INTERPRETER_ESTIMATES, evmOpcodeCosts } from '../../gas/wasmEstimates';
import { cidKey } from '../../ipld/blockstore';
import { CID, encodeDagCbor } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import type { ActorCode } from '../../kernel/actorCode';
import { type Block, block } from '../../kernel/blocks';
import { ExitCode } from '../../kernel/codes';
import type { EvmState } from '../../state/evmState';
import type { BuiltinActorInfo } from '../../state/manifest';
import { EAM_ACTOR_ID, INIT_ACTOR_ID, SYSTEM_ACTOR_ID } from '../../state/singletons';
import { bytesToNumberBE, concatBytes, minimalBytesBE, numberToBytesBE } from '../../util/bytes';
import { type MethodHandler, nativeActor } from '../native';
import {
  ActorError,
  cborReturn,
  decodeParams,
  expectBytes,
  expectNoParams,
  expectTuple,
  fail,
  type Runtime,
} from '../runtime';
import { ContractState, EMPTY_CODE_HASH, readState } from './contractState';
import { ethAddressOfActor, ethToWord } from './ethAddresses';
import { EVM_ERROR_EXIT_CODES } from './exitCodes';
import { type FevmContext, FevmHost, SelfDestructFailed } from './fevmHost';
import { InterpreterMeter } from './interpreterMeter';
import { EvmMethod, FIRST_FILECOIN_METHOD } from './methods';

/** Deployed code is at most 24 KiB and may not start with 0xEF (spec 10.2, EIP-170, EIP-3541). */
const MAX_CODE_SIZE = 24_576;
/** Selector of `handle_filecoin_method(uint64,uint64,bytes)` (spec 10.1). */
const HANDLE_FILECOIN_METHOD = numberToBytesBE(0x868e10c4n, 4);

/**
 * The interpreter's Wasm estimate (gas/wasmEstimates.ts): a cost per opcode, plus copies and EXP
 * exponent bytes by size. KECCAK256's hashing is a syscall (host hook), so it has no per-byte estimate.
 */
const FEVM_GAS = gasSchedule({
  opcodeCost: evmOpcodeCosts(),
  copyPerWord: EVM_INTERPRETER_ESTIMATES.copyPerWord,
  expPerByte: EVM_INTERPRETER_ESTIMATES.expPerByte,
});

/** Analysed code by bytecode CID, shared by all invocations (jump destinations are computed once). */
const codeCache = new Map<string, CodeInfo>();
function codeInfo(cid: CID, code: Uint8Array): CodeInfo {
  const key = cidKey(cid);
  let info = codeCache.get(key);
  if (!info) {
    if (codeCache.size > 256) codeCache.clear();
    info = analyzeCode(code);
    codeCache.set(key, info);
  }
  return info;
}

/**
 * The EVM actor (spec 10): a native actor whose methods run contract bytecode in our interpreter core, with
 * the FEVM host giving every state-touching opcode its Filecoin meaning and its kernel charges.
 */
export function evmActor(info: BuiltinActorInfo): ActorCode {
  const handlers = new Map<number, MethodHandler>([
    [EvmMethod.Constructor, (rt, params) => construct(rt, params, INIT_ACTOR_ID, false)],
    [EvmMethod.Resurrect, (rt, params) => construct(rt, params, EAM_ACTOR_ID, true)],
    [EvmMethod.GetBytecode, getBytecode],
    [EvmMethod.GetBytecodeHash, getBytecodeHash],
    [EvmMethod.GetStorageAt, getStorageAt],
    [EvmMethod.InvokeContractDelegate, invokeContractDelegate],
    [EvmMethod.InvokeContract, invokeContract],
  ]);
  return nativeActor(
    {
      restricted: false,
      methods: handlers,
      createMeter: () => new InterpreterMeter(),
      fallback: (rt, method, params) => {
        if (method < FIRST_FILECOIN_METHOD) throw fail.unhandledMessage(`invalid method: ${method}`);
        return handleFilecoinMethod(rt, method, params);
      },
    },
    info,
  );
}

/** Our own addresses and the message's lifespan. The EVM actor needs an f410 (spec 10.1). */
function contextOf(rt: Runtime): FevmContext {
  const delegated = rt.lookupDelegatedAddress(rt.receiver);
  const selfEth = delegated && f410Subaddress(delegated);
  if (!selfEth) throw fail.forbidden('contract needs a delegated (f410) address');
  return { self: rt.receiver, selfEth, lifespan: lifespanOf(rt) };
}

const lifespanOf = (rt: Runtime) => ({ origin: rt.message.origin, nonce: rt.message.nonce });

interface Run {
  code: CodeInfo;
  caller: bigint;
  value: bigint;
  input: Uint8Array;
}

/** Runs code in an interpreter frame synced with the kernel's gas, recording a step trace if asked. */
function execute(rt: Runtime, contract: ContractState, context: FevmContext, run: Run): EvmResult {
  const meter = rt.meter;
  if (!(meter instanceof InterpreterMeter)) throw new Error('the EVM actor runs with an interpreter meter');
  const host = new FevmHost(rt, contract, context, meter);
  const cm = rt.kernel.callManager;
  const traces = cm.setup.evmTraces;
  const trace = traces ? new StepTrace({}) : null;
  const frame = createFrame({
    host,
    message: {
      address: ethToWord(context.selfEth),
      caller: run.caller,
      value: run.value,
      input: run.input,
      isStatic: rt.message.readOnly,
      depth: 0,
    },
    code: run.code,
    gasSchedule: FEVM_GAS,
    trace,
  });
  meter.attach(frame, rt.kernel.gasAvailable());
  let result: EvmResult;
  try {
    result = runFrame(frame);
  } catch (error) {
    meter.detach();
    if (error instanceof SelfDestructFailed)
      throw new ActorError(ExitCode.EVM_CONTRACT_SELFDESTRUCT_FAILED, error.message);
    throw error;
  } finally {
    if (traces && trace) {
      traces.push(trace);
      cm.record({ kind: 'EvmFrame', traceId: traces.length - 1, steps: trace.stepCount });
    }
  }
  meter.detach();
  if (result.error === 'OutOfGas') {
    // The interpreter overspent: charging what it ran exceeds the gas left.
    rt.kernel.finishExecution();
    throw new OutOfGas();
  }
  return result;
}

/** Turns a finished run into the method's outcome: output bytes, or an actor error (spec 10.3). */
function outcome(result: EvmResult): Uint8Array {
  if (result.status === 'stop' || result.status === 'return') return result.output;
  if (result.status === 'revert') {
    throw new ActorError(ExitCode.EVM_CONTRACT_REVERTED, 'contract reverted', encodeDagCbor(result.output));
  }
  const kind = result.error!;
  if (kind === 'OutOfGas') throw new OutOfGas();
  throw new ActorError(EVM_ERROR_EXIT_CODES[kind], `EVM error: ${kind} at pc ${result.pc}`);
}

// ---- methods (spec 10.1) -------------------------------------------------------------------------------

/** Constructor (from Init) and Resurrect (from the EAM, only when dead): run initcode, store the code. */
function construct(
  rt: Runtime,
  params: Block | undefined,
  caller: number,
  resurrect: boolean,
): Block | undefined {
  // Parameters are decoded before the method runs (builtin-actors' dispatch), then the caller is checked.
  const [creator, initcode] = decodeParams(params, (v) => {
    const [c, code] = expectTuple(v, 2, 'constructor params');
    const creatorBytes = expectBytes(c, 'creator');
    if (creatorBytes.length !== 20) throw fail.serialization('creator must be 20 bytes');
    return [creatorBytes, expectBytes(code, 'initcode')] as const;
  });
  rt.validateCallerIs(caller);
  const lifespan = lifespanOf(rt);
  const contract = resurrect ? ContractState.resurrect(rt, lifespan) : ContractState.create(rt, lifespan);
  const context = contextOf(rt);
  if (initcode.length > 0) {
    const result = execute(rt, contract, context, {
      code: analyzeCode(initcode),
      caller: bytesToNumberBE(creator),
      value: rt.valueReceived,
      input: new Uint8Array(0),
    });
    const code = outcome(result);
    if (code.length > MAX_CODE_SIZE)
      throw fail.illegalArgument(`deployed code is ${code.length} bytes, over ${MAX_CODE_SIZE}`);
    if (code[0] === 0xef) throw fail.illegalArgument('deployed code may not start with 0xEF (EIP-3541)');
    contract.setBytecode(code);
  }
  contract.flush();
  return undefined;
}

function invokeContract(rt: Runtime, params: Block | undefined): Block | undefined {
  const input = !params
    ? new Uint8Array(0)
    : params.codec === IPLD_RAW
      ? params.data
      : decodeParams(params, (v) => expectBytes(v, 'calldata'));
  return cborReturn(runContract(rt, input));
}

/**
 * InvokeContract's work (and HandleFilecoinMethod's): load the state, then run the bytecode with the
 * caller's Ethereum address and the value received. A dead or empty contract returns nothing.
 */
function runContract(rt: Runtime, input: Uint8Array): Uint8Array {
  rt.validateCallerAny();
  const contract = ContractState.load(rt, lifespanOf(rt));
  if (contract.isDead) return new Uint8Array(0);
  const code = contract.bytecode();
  const caller = ethToWord(ethAddressOfActor(rt, rt.caller));
  if (code.length === 0) return new Uint8Array(0);
  const output = outcome(
    execute(rt, contract, contextOf(rt), {
      code: codeInfo(contract.bytecodeCid!, code),
      caller,
      value: rt.valueReceived,
      input,
    }),
  );
  contract.flush();
  return output;
}

/** DELEGATECALL target: foreign code against our own storage; only we may call it (spec 10.1). */
function invokeContractDelegate(rt: Runtime, params: Block | undefined): Block | undefined {
  if (!params || params.codec !== DAG_CBOR)
    throw fail.serialization('InvokeContractDelegate takes DAG-CBOR params');
  const [codeCid, input, caller, value] = decodeParams(params, (v) => {
    const [c, i, from, amount] = expectTuple(v, 4, 'delegate params');
    const cid = CID.asCID(c);
    if (!cid) throw fail.serialization('code must be a CID');
    const callerBytes = expectBytes(from, 'caller');
    if (callerBytes.length !== 20) throw fail.serialization('caller must be 20 bytes');
    return [cid, expectBytes(i, 'input'), callerBytes, decodeBigInt(expectBytes(amount, 'value'))] as const;
  });
  rt.validateCallerIs(rt.receiver);
  const contract = ContractState.load(rt, lifespanOf(rt));
  const code = rt.store.get(codeCid);
  if (!code) throw fail.illegalArgument(`delegated code ${codeCid} not found`);
  const output = outcome(
    execute(rt, contract, contextOf(rt), {
      code: codeInfo(codeCid, code),
      caller: bytesToNumberBE(caller),
      value,
      input,
    }),
  );
  contract.flush();
  return cborReturn(output);
}

/** GetBytecode: the code's CID as DAG-CBOR (so the block becomes reachable for the caller), null if dead. */
function getBytecode(rt: Runtime, params: Block | undefined): Block | undefined {
  expectNoParams(params);
  rt.validateCallerAny();
  const { state } = readState(rt);
  const cid = isDeadState(state, rt) ? null : state.bytecode;
  return block(DAG_CBOR, encodeDagCbor(cid), cid ? [cid] : []);
}

function getBytecodeHash(rt: Runtime, params: Block | undefined): Block | undefined {
  expectNoParams(params);
  rt.validateCallerAny();
  const { state } = readState(rt);
  return cborReturn(isDeadState(state, rt) ? EMPTY_CODE_HASH : state.bytecodeHash);
}

function isDeadState(state: EvmState, rt: Runtime): boolean {
  const { origin, nonce } = lifespanOf(rt);
  return state.tombstone !== null && (state.tombstone.origin !== origin || state.tombstone.nonce !== nonce);
}

/** eth_getStorageAt, through an implicit message from the system actor (spec 10.1, 16 item 10). */
function getStorageAt(rt: Runtime, params: Block | undefined): Block | undefined {
  const [key] = decodeParams(params, (v) => [
    bytesToNumberBE(expectBytes(expectTuple(v, 1, 'GetStorageAt params')[0], 'key')),
  ]);
  rt.validateCallerIs(SYSTEM_ACTOR_ID);
  const contract = ContractState.load(rt, lifespanOf(rt));
  return cborReturn(minimalBytesBE(contract.isDead ? 0n : contract.sload(key!)));
}

/**
 * Methods ≥ 1024 reach the contract as `handle_filecoin_method(method, codec, params)`; its ABI output
 * `(uint32 exit, uint64 codec, bytes data)` becomes the actor's result (spec 10.1).
 */
function handleFilecoinMethod(rt: Runtime, method: number, params: Block | undefined): Block | undefined {
  const data = params?.data ?? new Uint8Array(0);
  const codec = params?.codec ?? 0;
  const word = (value: bigint) => numberToBytesBE(value, 32);
  const paddedData = new Uint8Array(Math.ceil(data.length / 32) * 32);
  paddedData.set(data);
  const input = concatBytes(
    HANDLE_FILECOIN_METHOD,
    word(BigInt(method)),
    word(BigInt(codec)),
    word(96n),
    word(BigInt(data.length)),
    paddedData,
  );
  return decodeFilecoinReturn(runContract(rt, input));
}

/**
 * The ABI output `(uint32 exit, uint64 codec, bytes data)` of handle_filecoin_method, read like the
 * actor's `ValueReader` (input followed by zeros; integers with non-zero high bytes are invalid). Data
 * must be CBOR (0x51), or empty with codec 0; a non-zero exit code fails the method with that code (system
 * codes become user codes, as builtin-actors' `ActorError::checked` does).
 */
export function decodeFilecoinReturn(output: Uint8Array): Block | undefined {
  if (output.length === 0) return undefined;
  const read = (offset: number, length: number) => {
    const out = new Uint8Array(length);
    if (offset < output.length) out.set(output.subarray(offset, Math.min(output.length, offset + length)));
    return out;
  };
  const uint = (offset: number, bits: number, what: string) => {
    const value = bytesToNumberBE(read(offset, 32));
    if (value >> BigInt(bits) !== 0n)
      throw fail.serialization(`handle_filecoin_method returned an invalid ${what}`);
    return value;
  };
  const exit = Number(uint(0, 32, 'exit code'));
  const codec = uint(32, 64, 'codec');
  const offset = Number(uint(64, 32, 'offset'));
  const length = Number(uint(offset, 32, 'length'));
  if (length > output.length) throw fail.serialization('handle_filecoin_method returned too little data');
  const data = read(offset + 32, length);
  let result: Block | undefined;
  if (codec === BigInt(CBOR)) result = block(CBOR, data);
  else if (codec !== 0n || data.length > 0)
    throw fail.serialization(`handle_filecoin_method returned data with unsupported codec ${codec}`);
  if (exit !== 0) throw new ActorError(checkedExitCode(exit), 'contract reverted', result?.data);
  return result;
}

/** builtin-actors `ActorError::checked`: actors cannot exit with system codes. */
function checkedExitCode(code: number): number {
  if (
    code === ExitCode.SYS_MISSING_RETURN ||
    code === ExitCode.SYS_ILLEGAL_INSTRUCTION ||
    code === ExitCode.SYS_ILLEGAL_EXIT_CODE
  )
    return ExitCode.USR_UNSPECIFIED;
  return code < 16 ? ExitCode.USR_ASSERTION_FAILED : code;
}
