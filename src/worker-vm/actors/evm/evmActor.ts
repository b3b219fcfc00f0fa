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
import { evmOpcodeCosts } from '../../gas/wasmEstimates';
import { cidKey } from '../../ipld/blockstore';
import { CID, encodeDagCbor } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import type { ActorCode } from '../../kernel/actorCode';
import { type Block, block } from '../../kernel/blocks';
import { ExitCode } from '../../kernel/codes';
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
import { ContractState, EMPTY_CODE_HASH } from './contractState';
import { ethAddressOfActor, ethToWord } from './ethAddresses';
import { EVM_ERROR_EXIT_CODES } from './exitCodes';
import { type FevmContext, FevmHost, SelfDestructFailed } from './fevmHost';
import { InterpreterMeter } from './interpreterMeter';
import { EvmMethod, FIRST_FILECOIN_METHOD } from './methods';

/** Deployed code is at most 24 KiB and may not start with 0xEF (spec 10.2, EIP-170, EIP-3541). */
const MAX_CODE_SIZE = 24_576;
/** Selector of `handle_filecoin_method(uint64,uint64,bytes)` (spec 10.1). */
const HANDLE_FILECOIN_METHOD = numberToBytesBE(0x868e10c4n, 4);

const FEVM_GAS = gasSchedule({ opcodeCost: evmOpcodeCosts() });

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

function contextOf(rt: Runtime): FevmContext {
  const delegated = rt.lookupDelegatedAddress(rt.receiver);
  const selfEth = delegated && f410Subaddress(delegated);
  if (!selfEth) throw fail.illegalState('the EVM actor has no f410 address');
  return { self: rt.receiver, selfEth, lifespan: { origin: rt.message.origin, nonce: rt.message.nonce } };
}

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
  rt.validateCallerIs(caller);
  const [creator, initcode] = decodeParams(params, (v) => {
    const [c, code] = expectTuple(v, 2, 'constructor params');
    const creatorBytes = expectBytes(c, 'creator');
    if (creatorBytes.length !== 20) throw fail.serialization('creator must be 20 bytes');
    return [creatorBytes, expectBytes(code, 'initcode')] as const;
  });
  const context = contextOf(rt);
  if (resurrect) {
    const existing = ContractState.load(rt, context.lifespan);
    if (!existing.isDead) throw fail.forbidden('can only resurrect a dead contract');
  }
  const contract = ContractState.fresh(rt, context.lifespan);
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
  rt.validateCallerAny();
  const input = !params
    ? new Uint8Array(0)
    : params.codec === IPLD_RAW
      ? params.data
      : decodeParams(params, (v) => expectBytes(v, 'calldata'));
  const context = contextOf(rt);
  const contract = ContractState.load(rt, context.lifespan);
  if (contract.isDead) return cborReturn(new Uint8Array(0));
  const code = contract.bytecode();
  if (code.length === 0) return cborReturn(new Uint8Array(0));
  const caller = ethToWord(ethAddressOfActor(rt, rt.caller));
  const output = outcome(
    execute(rt, contract, context, {
      code: codeInfo(contract.bytecodeCid, code),
      caller,
      value: rt.valueReceived,
      input,
    }),
  );
  contract.flush();
  return cborReturn(output);
}

/** DELEGATECALL target: foreign code against our own storage; only we may call it (spec 10.1). */
function invokeContractDelegate(rt: Runtime, params: Block | undefined): Block | undefined {
  rt.validateCallerIs(rt.receiver);
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
  const context = contextOf(rt);
  const contract = ContractState.load(rt, context.lifespan);
  const code = rt.store.get(codeCid);
  if (!code) throw fail.illegalArgument(`delegated code ${codeCid} not found`);
  const output = outcome(
    execute(rt, contract, context, {
      code: codeInfo(codeCid, code),
      caller: bytesToNumberBE(caller),
      value,
      input,
    }),
  );
  contract.flush();
  return cborReturn(output);
}

function getBytecode(rt: Runtime, params: Block | undefined): Block | undefined {
  expectNoParams(params);
  rt.validateCallerAny();
  const contract = ContractState.load(rt, { origin: rt.message.origin, nonce: rt.message.nonce });
  // DAG-CBOR, so the code block becomes reachable for the caller (spec 3.3).
  const cid = contract.isDead ? null : contract.bytecodeCid;
  return block(DAG_CBOR, encodeDagCbor(cid), cid ? [cid] : []);
}

function getBytecodeHash(rt: Runtime, params: Block | undefined): Block | undefined {
  expectNoParams(params);
  rt.validateCallerAny();
  const contract = ContractState.load(rt, { origin: rt.message.origin, nonce: rt.message.nonce });
  return cborReturn(contract.isDead ? EMPTY_CODE_HASH : contract.bytecodeHash);
}

/** eth_getStorageAt, through an implicit message from the system actor (spec 10.1, 16 item 10). */
function getStorageAt(rt: Runtime, params: Block | undefined): Block | undefined {
  rt.validateCallerIs(SYSTEM_ACTOR_ID);
  const [key] = decodeParams(params, (v) => [
    bytesToNumberBE(expectBytes(expectTuple(v, 1, 'GetStorageAt params')[0], 'key')),
  ]);
  const contract = ContractState.load(rt, { origin: rt.message.origin, nonce: rt.message.nonce });
  return cborReturn(minimalBytesBE(contract.isDead ? 0n : contract.sload(key!)));
}

/**
 * Methods ≥ 1024 reach the contract as `handle_filecoin_method(method, codec, params)`; its ABI output
 * `(uint32 exit, uint64 codec, bytes data)` becomes the actor's result (spec 10.1).
 */
function handleFilecoinMethod(rt: Runtime, method: number, params: Block | undefined): Block | undefined {
  rt.validateCallerAny();
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
  const context = contextOf(rt);
  const contract = ContractState.load(rt, context.lifespan);
  if (contract.isDead) return undefined;
  const code = contract.bytecode();
  const caller = ethToWord(ethAddressOfActor(rt, rt.caller));
  const output = outcome(
    execute(rt, contract, context, {
      code: codeInfo(contract.bytecodeCid, code),
      caller,
      value: rt.valueReceived,
      input,
    }),
  );
  contract.flush();
  if (output.length === 0) return undefined;
  return decodeFilecoinReturn(output);
}

function decodeFilecoinReturn(output: Uint8Array): Block | undefined {
  const at = (offset: number) => bytesToNumberBE(output.subarray(offset, offset + 32));
  if (output.length < 96) throw fail.serialization('handle_filecoin_method returned too little data');
  const exit = at(0);
  const codec = at(32);
  const offset = Number(at(64));
  const length = Number(at(offset));
  const data = output.slice(offset + 32, offset + 32 + length);
  if (exit >> 32n !== 0n || codec >> 64n !== 0n)
    throw fail.serialization('bad handle_filecoin_method return');
  if (codec === 0n && data.length > 0) throw fail.serialization('return data without a codec');
  if (codec !== 0n && codec !== BigInt(CBOR)) throw fail.serialization(`unsupported return codec ${codec}`);
  const result = data.length > 0 ? block(CBOR, data) : undefined;
  if (exit !== 0n)
    throw new ActorError(Number(exit), 'handle_filecoin_method exited with a failure', result?.data);
  return result;
}
