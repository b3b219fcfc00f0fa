import type { Address } from '../address';
import { NATIVE_ACTOR_ESTIMATES } from '../gas/wasmEstimates';
import type { Blockstore } from '../ipld/blockstore';
import { type CID, decodeDagCbor, encodeDagCbor } from '../ipld/cid';
import { BLAKE2B_256, CBOR, DAG_CBOR, IPLD_RAW } from '../ipld/codecs';
import { type Block, block } from '../kernel/blocks';
import { ErrorNumber, ExitCode } from '../kernel/codes';
import type { MessageContext } from '../kernel/context';
import { ActorExit, SyscallError } from '../kernel/errors';
import type { EventEntry } from '../kernel/events';
import type { Kernel } from '../kernel/kernel';
import { EstimatedMeter } from '../kernel/meter';
import type { ActorId } from '../state/actorState';
import type { BuiltinActorName } from '../state/manifest';

/** An actor method failed with an exit code (and optionally CBOR return data), like builtin-actors' ActorError. */
export class ActorError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** CBOR-encoded data returned with the failure (e.g. an EVM revert payload). */
    readonly data?: Uint8Array,
  ) {
    super(message);
    this.name = 'ActorError';
  }
}

export const fail = {
  illegalArgument: (message: string) => new ActorError(ExitCode.USR_ILLEGAL_ARGUMENT, message),
  notFound: (message: string) => new ActorError(ExitCode.USR_NOT_FOUND, message),
  forbidden: (message: string) => new ActorError(ExitCode.USR_FORBIDDEN, message),
  insufficientFunds: (message: string) => new ActorError(ExitCode.USR_INSUFFICIENT_FUNDS, message),
  illegalState: (message: string) => new ActorError(ExitCode.USR_ILLEGAL_STATE, message),
  serialization: (message: string) => new ActorError(ExitCode.USR_SERIALIZATION, message),
  unhandledMessage: (message: string) => new ActorError(ExitCode.USR_UNHANDLED_MESSAGE, message),
  unspecified: (message: string) => new ActorError(ExitCode.USR_UNSPECIFIED, message),
  assertionFailed: (message: string) => new ActorError(ExitCode.USR_ASSERTION_FAILED, message),
  readOnly: (message: string) => new ActorError(ExitCode.USR_READ_ONLY, message),
};

/** What a send returned to a native actor. */
export interface SendResponse {
  readonly exitCode: number;
  readonly returnBlock: Block | undefined;
}

/**
 * The SDK a native actor programs against, modelled on builtin-actors' `FvmRuntime` over `fvm_sdk`: every
 * method performs the same syscalls the Rust actor would (through the kernel, each framed as a syscall with
 * `OnSyscall` and an estimated `wasm_exec`), so native actors pay the kernel's real charges.
 */
export class Runtime {
  private cachedMessage: MessageContext | undefined;
  private callerValidated = false;
  readonly store: Blockstore;

  constructor(
    readonly kernel: Kernel,
    readonly meter: EstimatedMeter = new EstimatedMeter(),
  ) {
    kernel.meter = meter;
    this.store = new ActorBlockstore(this);
  }

  /** One syscall: estimated Wasm since the previous one, OnSyscall, then the operation's own charges. */
  syscall<T>(operation: () => T): T {
    this.meter.add(NATIVE_ACTOR_ESTIMATES.perSyscall);
    try {
      return this.kernel.syscall(operation);
    } catch (error) {
      if (error instanceof SyscallError) this.kernel.callManager.lastSyscallError = error;
      throw error;
    }
  }

  /** Estimated Wasm for CBOR work on `bytes` bytes. */
  chargeCborWork(bytes: number): void {
    this.meter.add(NATIVE_ACTOR_ESTIMATES.perCborByte * bytes);
  }

  // ---- message -------------------------------------------------------------------------------------

  /** The message context; the SDK fetches it once per invocation. */
  get message(): MessageContext {
    this.cachedMessage ??= this.syscall(() => this.kernel.messageContext());
    return this.cachedMessage;
  }

  get caller(): ActorId {
    return this.message.caller;
  }

  get receiver(): ActorId {
    return this.message.receiver;
  }

  get valueReceived(): bigint {
    return this.message.valueReceived;
  }

  // ---- caller validation (each method must validate exactly once) ----------------------------------

  private markValidated(): void {
    if (this.callerValidated) throw fail.assertionFailed('method must validate caller identity exactly once');
    this.callerValidated = true;
  }

  validateCallerAny(): void {
    this.markValidated();
  }

  validateCallerIs(...ids: ActorId[]): void {
    if (this.callerValidated) throw fail.assertionFailed('method must validate caller identity exactly once');
    const caller = this.caller;
    if (!ids.includes(caller)) throw fail.forbidden(`caller f0${caller} is not one of f0${ids.join(', f0')}`);
    this.callerValidated = true;
  }

  validateCallerType(...types: BuiltinActorName[]): void {
    if (this.callerValidated) throw fail.assertionFailed('method must validate caller identity exactly once');
    const type = this.builtinTypeName(this.getActorCodeCid(this.caller));
    if (!type || !types.includes(type))
      throw fail.forbidden(`caller type ${type ?? 'non-builtin'} not one of ${types.join(', ')}`);
    this.callerValidated = true;
  }

  get validated(): boolean {
    return this.callerValidated;
  }

  // ---- state ---------------------------------------------------------------------------------------

  root(): CID {
    return this.syscall(() => this.kernel.root());
  }

  /** Loads and decodes this actor's state. */
  state<T>(decode: (value: unknown) => T): T {
    const root = this.root();
    const bytes = this.store.get(root);
    if (!bytes) throw fail.illegalState(`state root ${root} not found`);
    this.chargeCborWork(bytes.length);
    return decodeOr(() => decode(decodeDagCbor(bytes, 'actor state')), 'actor state');
  }

  /** Creates this actor's first state; the root must still be the empty array (builtin-actors `create`). */
  createState(value: unknown, emptyArrayCid: CID): void {
    const root = this.root();
    if (!root.equals(emptyArrayCid))
      throw fail.illegalState(`failed to create state; expected empty array CID, got ${root}`);
    const cid = this.putState(value);
    this.syscall(() => this.kernel.setRoot(cid));
  }

  /** Loads the state, lets `change` update it, then stores it and sets the new root. */
  transaction<S, R>(
    decode: (value: unknown) => S,
    encode: (state: S) => unknown,
    change: (state: S) => R,
  ): R {
    const state = this.state(decode);
    const result = change(state);
    const cid = this.putState(encode(state));
    this.syscall(() => this.kernel.setRoot(cid));
    return result;
  }

  private putState(value: unknown): CID {
    const bytes = encodeDagCbor(value);
    this.chargeCborWork(bytes.length);
    return this.storeBlock(DAG_CBOR, bytes);
  }

  /** Writes a block (block_create + block_link) and returns its CID. */
  storeBlock(codec: number, bytes: Uint8Array): CID {
    return (this.store as ActorBlockstore).putBlock(codec, bytes);
  }

  // ---- actors --------------------------------------------------------------------------------------

  resolveAddress(address: Address): ActorId | undefined {
    try {
      return this.syscall(() => this.kernel.resolveAddress(address));
    } catch (error) {
      if (error instanceof SyscallError && error.errno === ErrorNumber.NotFound) return undefined;
      throw error;
    }
  }

  lookupDelegatedAddress(id: ActorId): Address | undefined {
    try {
      return this.syscall(() => this.kernel.lookupDelegatedAddress(id));
    } catch (error) {
      if (error instanceof SyscallError && error.errno === ErrorNumber.NotFound) return undefined;
      throw error;
    }
  }

  getActorCodeCid(id: ActorId): CID | undefined {
    try {
      return this.syscall(() => this.kernel.getActorCodeCid(id));
    } catch (error) {
      if (error instanceof SyscallError && error.errno === ErrorNumber.NotFound) return undefined;
      throw error;
    }
  }

  builtinTypeName(code: CID | undefined): BuiltinActorName | undefined {
    if (!code) return undefined;
    const typeId = this.syscall(() => this.kernel.getBuiltinActorType(code));
    return this.kernel.callManager.setup.manifest.actors[typeId - 1]?.name;
  }

  getCodeCidForType(name: BuiltinActorName): CID {
    const typeId = this.kernel.callManager.setup.manifest.actors.find((a) => a.name === name)?.typeId ?? 0;
    return this.syscall(() => this.kernel.getCodeCidForType(typeId));
  }

  nextActorAddress(): Address {
    return this.syscall(() => this.kernel.nextActorAddress());
  }

  createActor(code: CID, id: ActorId, delegatedAddress: Address | null): void {
    try {
      this.syscall(() => this.kernel.createActor(id, code, delegatedAddress));
    } catch (error) {
      if (!(error instanceof SyscallError)) throw error;
      if (error.errno === ErrorNumber.IllegalArgument) throw fail.illegalArgument('failed to create actor');
      if (error.errno === ErrorNumber.Forbidden)
        throw fail.forbidden(`cannot create actor: ${error.message}`);
      if (error.errno === ErrorNumber.ReadOnly)
        throw fail.readOnly('cannot create actors in a read-only call');
      throw fail.assertionFailed(`create failed: ${error.message}`);
    }
  }

  currentBalance(): bigint {
    return this.syscall(() => this.kernel.currentBalance());
  }

  // ---- crypto, events ------------------------------------------------------------------------------

  hash(code: number, data: Uint8Array): Uint8Array {
    return this.syscall(() => this.kernel.hash(code, data));
  }

  verifySignature(type: number, signature: Uint8Array, signer: Address, plaintext: Uint8Array): boolean {
    try {
      return this.syscall(() => this.kernel.verifySignature(type, signature, signer, plaintext));
    } catch (error) {
      if (error instanceof SyscallError) return false;
      throw error;
    }
  }

  emitEvent(entries: EventEntry[]): void {
    const encoder = new TextEncoder();
    const keyBytes = entries.reduce((sum, entry) => sum + encoder.encode(entry.key).length, 0);
    const valueBytes = entries.reduce((sum, entry) => sum + entry.value.length, 0);
    this.syscall(() => this.kernel.emitEvent(entries, keyBytes, valueBytes));
  }

  // ---- sends ---------------------------------------------------------------------------------------

  /** Sends a message; the return block (if any) is read back as the SDK does. */
  send(
    to: Address,
    method: number,
    params: Block | undefined,
    value: bigint,
    options: { gasLimitMilligas?: number; readOnly?: boolean } = {},
  ): SendResponse {
    const paramsId = params ? this.syscall(() => this.kernel.blockCreate(params.codec, params.data)) : 0;
    const result = this.syscall(() =>
      this.kernel.send(to, method, paramsId, value, options.gasLimitMilligas, options.readOnly ? 1n : 0n),
    );
    if (result.returnId === 0) return { exitCode: result.exitCode, returnBlock: undefined };
    const data = this.syscall(() => this.kernel.blockRead(result.returnId, 0, result.returnSize).data);
    return { exitCode: result.exitCode, returnBlock: block(result.returnCodec, data.slice()) };
  }

  /**
   * A send that must succeed: failures become actor errors as in builtin-actors' `send` (system exit codes
   * are not passed on as they are), keeping the callee's return data.
   */
  sendOrFail(to: Address, method: number, params: Block | undefined, value: bigint): Block | undefined {
    let response: SendResponse;
    try {
      response = this.send(to, method, params, value);
    } catch (error) {
      if (!(error instanceof SyscallError)) throw error;
      if (error.errno === ErrorNumber.NotFound) throw fail.unspecified('receiver not found');
      if (error.errno === ErrorNumber.InsufficientFunds) throw fail.insufficientFunds('not enough funds');
      if (error.errno === ErrorNumber.LimitExceeded) throw fail.assertionFailed('recursion limit exceeded');
      throw fail.assertionFailed(`unexpected error: ${error.message}`);
    }
    if (response.exitCode === ExitCode.OK) return response.returnBlock;
    const code = response.exitCode;
    const passedOn =
      code === ExitCode.SYS_MISSING_RETURN ||
      code === ExitCode.SYS_ILLEGAL_INSTRUCTION ||
      code === ExitCode.SYS_ILLEGAL_EXIT_CODE
        ? ExitCode.USR_UNSPECIFIED
        : code < 16
          ? ExitCode.USR_ASSERTION_FAILED
          : code;
    throw new ActorError(
      passedOn,
      `send to ${to} method ${method} aborted with code ${code}`,
      response.returnBlock?.data,
    );
  }

  // ---- ending the invocation -----------------------------------------------------------------------

  /** Stores a return block and returns its handle. */
  returnBlock(result: Block): number {
    return this.syscall(() => this.kernel.blockCreate(result.codec, result.data));
  }

  /** The Wasm the actor runs after its last syscall (returning from `invoke`), charged when it ends. */
  finishing(): void {
    this.meter.add(NATIVE_ACTOR_ESTIMATES.perSyscall);
  }

  /** `vm.exit` with an error code and optional CBOR data: never returns. */
  exit(exitCode: number, message: string, data?: Uint8Array): never {
    const returnBlock = data === undefined ? undefined : block(CBOR, data);
    if (data !== undefined) this.syscall(() => this.kernel.blockCreate(CBOR, data));
    this.meter.add(NATIVE_ACTOR_ESTIMATES.perSyscall);
    this.kernel.beginSyscall();
    throw new ActorExit(exitCode, returnBlock, message);
  }
}

/** builtin-actors' ActorBlockstore: gets are block_open + block_read, puts are block_create + block_link. */
class ActorBlockstore implements Blockstore {
  constructor(private readonly rt: Runtime) {}

  get(cid: CID): Uint8Array | undefined {
    const kernel = this.rt.kernel;
    const opened = this.rt.syscall(() => kernel.blockOpen(cid));
    return this.rt.syscall(() => kernel.blockRead(opened.id, 0, opened.size).data).slice();
  }

  has(cid: CID): boolean {
    return this.get(cid) !== undefined;
  }

  put(cid: CID, bytes: Uint8Array): void {
    const linked = this.putBlock(cid.code, bytes);
    if (!linked.equals(cid)) throw fail.illegalState(`put block with CID ${cid} but it hashed to ${linked}`);
  }

  putMany(blocks: Iterable<readonly [CID, Uint8Array]>): void {
    for (const [cid, bytes] of blocks) this.put(cid, bytes);
  }

  putBlock(codec: number, bytes: Uint8Array): CID {
    const kernel = this.rt.kernel;
    const id = this.rt.syscall(() => kernel.blockCreate(codec, bytes));
    return this.rt.syscall(() => kernel.blockLink(id, BLAKE2B_256, 32));
  }
}

/** A CBOR return value (the dispatcher's default codec, spec 3.3). */
export const cborReturn = (value: unknown): Block => block(CBOR, encodeDagCbor(value));

/** Decoding failures inside actors are USR_SERIALIZATION (spec 9.2). */
export function decodeOr<T>(decode: () => T, what: string): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ActorError) throw error;
    throw fail.serialization(`failed to decode ${what}: ${(error as Error).message}`);
  }
}

/**
 * Decodes a parameters block (spec 9.2): a missing block is an illegal argument; CBOR and DAG-CBOR decode
 * as CBOR; a RAW block stands for a byte string.
 */
export function decodeParams<T>(
  params: Block | undefined,
  parse: (value: unknown) => T,
  what = 'parameters',
): T {
  if (!params) throw fail.illegalArgument(`method expects ${what}`);
  if (params.codec === IPLD_RAW) return decodeOr(() => parse(params.data), what);
  if (params.codec !== CBOR && params.codec !== DAG_CBOR)
    throw fail.serialization(`unsupported params codec ${params.codec}`);
  return decodeOr(() => parse(decodeDagCbor(params.data, what)), what);
}

/** Methods without parameters reject a non-empty params block (spec 9.2). */
export function expectNoParams(params: Block | undefined): void {
  if (params && params.data.length > 0) throw fail.illegalArgument('method expects no parameters');
}

export const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;

export function expectBytes(value: unknown, what: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw fail.serialization(`${what} must be a byte string`);
  return value;
}

export function expectTuple(value: unknown, length: number, what: string): unknown[] {
  if (!Array.isArray(value) || value.length !== length)
    throw fail.serialization(`${what} must be a ${length}-tuple`);
  return value;
}
