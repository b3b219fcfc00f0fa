import { Address } from '../../address';
import { type EthAddress, isPrecompileAddress } from '../../address/ethereum';
import { HashCode } from '../../crypto/hash';
import { encodeBigInt } from '../../encoding/bigint';
import type { CallRequest, CallResult, CreateRequest, CreateResult, EvmFrame, EvmHost } from '../../evm';
import { CONSOLE_ADDRESS_WORD, decodeConsoleLog } from '../../evm/consoleLog';
import { bytesToWord } from '../../evm/words';
import { type CID, decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { CBOR, DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { type Block, block } from '../../kernel/blocks';
import { ErrorNumber, ExitCode } from '../../kernel/codes';
import type { NetworkContext } from '../../kernel/context';
import { SyscallError } from '../../kernel/errors';
import type { EventEntry } from '../../kernel/events';
import type { ActorId } from '../../state/actorState';
import { EAM_ACTOR_ID } from '../../state/singletons';
import { bytesToNumberBE, concatBytes, numberToBytesBE, utf8ToBytes } from '../../util/bytes';
import type { Runtime } from '../runtime';
import type { ContractState } from './contractState';
import { EMPTY_CODE_HASH } from './contractState';
import { ethAddressOfActor, ethToWord, wordToEth, wordToFilecoin } from './ethAddresses';
import type { InterpreterMeter } from './interpreterMeter';
import { EvmMethod } from './methods';
import { callPrecompile, isImplementedPrecompile } from './precompiles';

/** GASLIMIT is a constant on the FEVM (spec 10.4). */
const FEVM_GAS_LIMIT = 10_000_000_000n;
/** NATIVE_ACTOR code hash EXTCODEHASH reports for built-ins other than accounts (spec 10.2). */
const NATIVE_ACTOR_CODE_HASH = 0xbcc90f2d6dada5b18e155c17a1c0a55920aae94f39857d39d0d8ed07ae8f228bn;
const EAM_CREATE = 2;
const EAM_CREATE2 = 3;
/** PREVRANDAO draws beacon randomness with domain tag 10 (spec 10.9). */
const PREVRANDAO_TAG = 10n;
const ACCOUNT_TYPES = new Set(['account', 'placeholder', 'ethaccount']);

/** A send's response, or the error number of a syscall error. */
export type SendOutcome = { exitCode: number; returnBlock: Block | undefined } | { errno: number };

/** What the EVM sees as the frame's own context, resolved once per invocation. */
export interface FevmContext {
  readonly self: ActorId;
  readonly selfEth: EthAddress;
  readonly lifespan: { origin: number; nonce: number };
}

/**
 * The FEVM host (builtin-actors EVM actor): the interpreter core's host interface implemented with kernel
 * syscalls, with Filecoin's semantics for every state-touching opcode (spec 10.4–10.8).
 */
export class FevmHost implements EvmHost {
  private originEth: bigint | undefined;
  private networkContext: NetworkContext | undefined;
  private randao: bigint | undefined;

  constructor(
    private readonly rt: Runtime,
    private readonly contract: ContractState,
    private readonly context: FevmContext,
    private readonly meter: InterpreterMeter,
  ) {}

  // ---- storage -------------------------------------------------------------------------------------

  sload(_frame: EvmFrame, key: bigint): bigint {
    return this.contract.sload(key);
  }

  sstore(_frame: EvmFrame, key: bigint, value: bigint): bigint {
    return this.contract.sstore(key, value);
  }

  tload(_frame: EvmFrame, key: bigint): bigint {
    return this.contract.tload(key);
  }

  tstore(_frame: EvmFrame, key: bigint, value: bigint): void {
    this.contract.tstore(key, value);
  }

  // ---- other accounts ------------------------------------------------------------------------------

  /**
   * The actor behind an EVM address (masked ID → f0, else f410). Like the SDK's `resolve_address`, an ID
   * address resolves to itself without a syscall (the actor may not exist); an f410 costs one syscall.
   */
  private resolveEth(word: bigint): ActorId | undefined {
    const address = wordToFilecoin(word);
    if (address.protocol === 0) return Number(address.id);
    return this.rt.resolveAddress(address);
  }

  balance(_frame: EvmFrame, address: bigint): bigint {
    const id = this.resolveEth(address);
    if (id === undefined) return 0n;
    try {
      return this.rt.syscall(() => this.rt.kernel.balanceOf(id));
    } catch (error) {
      if (error instanceof SyscallError && error.errno === ErrorNumber.NotFound) return 0n;
      throw error;
    }
  }

  selfBalance(): bigint {
    return this.rt.currentBalance();
  }

  /**
   * What kind of account an address is, for EXTCODE* and DELEGATECALL (spec 10.4; builtin-actors
   * `get_cid_type`): an implemented precompile, an EVM contract, an account-like built-in (Account,
   * Placeholder, EthAccount), any other actor ("native"), or nothing.
   */
  private codeTarget(
    address: bigint,
  ): { kind: 'evm'; id: ActorId } | { kind: 'account' | 'native' | 'missing' | 'precompile' } {
    if (isImplementedPrecompile(address)) return { kind: 'precompile' };
    const id = this.resolveEth(address);
    if (id === undefined) return { kind: 'missing' };
    const code = this.rt.getActorCodeCid(id);
    if (!code) return { kind: 'missing' };
    const type = this.rt.builtinTypeName(code);
    if (type === 'evm') return { kind: 'evm', id };
    return { kind: type !== undefined && ACCOUNT_TYPES.has(type) ? 'account' : 'native' };
  }

  /**
   * Asks another EVM contract something with a read-only send through the actor's `System` (so our state
   * is flushed first and reloaded after, as for any send); null when the call fails.
   */
  private askContract(id: ActorId, method: number): Block | null {
    const response = this.sendFromContract(Address.newId(id), method, undefined, 0n, undefined, true);
    if ('errno' in response || response.exitCode !== ExitCode.OK || !response.returnBlock) return null;
    return response.returnBlock;
  }

  /** The bytecode CID of another EVM contract (GetBytecode); null when it has none (dead). */
  private bytecodeCidOf(id: ActorId): CID | null | undefined {
    const returned = this.askContract(id, EvmMethod.GetBytecode);
    if (returned === null) return undefined;
    return decodeDagCbor<CID | null>(returned.data, 'GetBytecode return');
  }

  /** The bytecode of another EVM contract: GetBytecode, then read its RAW block. */
  private bytecodeOf(id: ActorId): Uint8Array | undefined {
    const cid = this.bytecodeCidOf(id);
    return cid ? this.rt.store.get(cid) : undefined;
  }

  extCodeSize(_frame: EvmFrame, address: bigint): number {
    const target = this.codeTarget(address);
    if (target.kind === 'evm') return this.bytecodeOf(target.id)?.length ?? 0;
    return target.kind === 'native' ? 1 : 0;
  }

  extCodeCopy(_frame: EvmFrame, address: bigint): Uint8Array {
    const target = this.codeTarget(address);
    if (target.kind === 'evm') return this.bytecodeOf(target.id) ?? new Uint8Array(0);
    return target.kind === 'native' ? Uint8Array.of(0xfe) : new Uint8Array(0);
  }

  extCodeHash(_frame: EvmFrame, address: bigint): bigint {
    const target = this.codeTarget(address);
    if (target.kind === 'missing') return 0n;
    if (target.kind === 'native') return NATIVE_ACTOR_CODE_HASH;
    if (target.kind !== 'evm') return bytesToNumberBE(EMPTY_CODE_HASH);
    const returned = this.askContract(target.id, EvmMethod.GetBytecodeHash);
    if (returned === null) return 0n;
    return bytesToNumberBE(decodeDagCbor<Uint8Array>(returned.data, 'GetBytecodeHash return'));
  }

  // ---- block and message context -------------------------------------------------------------------

  /** The network context, fetched once per invocation as the SDK does (a lazily read static). */
  private network() {
    this.networkContext ??= this.rt.syscall(() => this.rt.kernel.networkContext());
    return this.networkContext;
  }

  blockHash(_frame: EvmFrame, number: bigint): bigint {
    const current = this.network().epoch;
    if (number < current - 256n || number >= current || number < 0n) return 0n;
    try {
      const cid = this.rt.syscall(() => this.rt.kernel.tipsetCid(number));
      return bytesToNumberBE(cid.multihash.digest.subarray(0, 32));
    } catch (error) {
      if (error instanceof SyscallError) return 0n;
      throw error;
    }
  }

  origin(): bigint {
    this.originEth ??= ethToWord(ethAddressOfActor(this.rt, this.rt.message.origin));
    return this.originEth;
  }

  gasPrice(): bigint {
    return this.network().baseFee + this.rt.message.gasPremium;
  }

  coinbase(): bigint {
    return 0n;
  }

  timestamp(): bigint {
    return this.network().timestamp;
  }

  number(): bigint {
    return this.network().epoch;
  }

  /** Beacon randomness of the current epoch, drawn with DST 10 and entropy "prevrandao" (spec 10.9). */
  prevRandao(): bigint {
    if (this.randao === undefined) {
      const epoch = this.network().epoch;
      const digest = this.rt.syscall(() => this.rt.kernel.getBeaconRandomness(epoch));
      const i64 = (value: bigint) => numberToBytesBE(BigInt.asUintN(64, value), 8);
      const input = concatBytes(i64(PREVRANDAO_TAG), digest, i64(epoch), utf8ToBytes('prevrandao'));
      this.randao = bytesToNumberBE(this.rt.hash(HashCode.Blake2b256, input));
    }
    return this.randao;
  }

  gasLimit(): bigint {
    return FEVM_GAS_LIMIT;
  }

  chainId(): bigint {
    return this.network().chainId;
  }

  baseFee(): bigint {
    return this.network().baseFee;
  }

  /** GAS: the kernel's remaining gas, whole units (spec 10.4). */
  gasLeft(): bigint {
    return BigInt(Math.floor(this.rt.syscall(() => this.rt.kernel.gasAvailable()) / 1000));
  }

  /** KECCAK256 is the `crypto.hash` syscall (charged by input length); the digest becomes the word directly. */
  keccak256(_frame: EvmFrame, data: Uint8Array): bigint {
    return bytesToWord(this.rt.hash(HashCode.Keccak256, data), 0, 32);
  }

  memoryGrown(frame: EvmFrame, oldSize: number, newSize: number): void {
    this.meter.memoryGrown(frame, newSize - oldSize);
  }

  // ---- calls (spec 10.5) ---------------------------------------------------------------------------

  /** Gas for a sub-call: min(requested, 63/64 of what is left), with the 2300-stipend rule (spec 10.5). */
  private subcallGas(requested: bigint, value: bigint): number {
    let gas = requested;
    if ((gas === 0n && value > 0n) || (gas === 2300n && value === 0n)) gas = 10_000_000n;
    const available = BigInt(Math.floor(this.rt.syscall(() => this.rt.kernel.gasAvailable()) / 1000));
    const cap = (available * 63n) / 64n;
    return Number(gas < cap ? gas : cap) * 1000;
  }

  call(frame: EvmFrame, request: CallRequest): CallResult {
    if (request.to === CONSOLE_ADDRESS_WORD) this.recordConsoleLog(request.input);
    const failed = { success: false, output: new Uint8Array(0) };
    if (isPrecompileAddress(wordToEth(request.to))) {
      const gas = this.subcallGas(request.gas, request.value);
      const result = callPrecompile(this, this.rt, frame, request, gas);
      if (result === null || frame.gasLeft < 0) return failed;
      // Value sent to a precompile goes to its f410 address afterwards (a placeholder is created if
      // needed), as a plain transfer without saving our state; a failed transfer fails the call.
      if (request.value > 0n && !this.transfer(wordToFilecoin(request.to), request.value)) return failed;
      return { success: true, output: result };
    }
    if (request.kind === 'DELEGATECALL') return this.delegateCall(frame, request);
    const params = request.input.length > 0 ? block(IPLD_RAW, request.input) : undefined;
    const gas = this.subcallGas(request.gas, request.value);
    const readOnly = request.kind === 'STATICCALL' || frame.message.isStatic;
    const response = this.sendFromContract(
      wordToFilecoin(request.to),
      EvmMethod.InvokeContract,
      params,
      request.value,
      gas,
      readOnly,
    );
    if ('errno' in response) {
      // An unknown address, or an account that cannot be created in a read-only call, is an empty success.
      const benign =
        response.errno === ErrorNumber.NotFound || (response.errno === ErrorNumber.ReadOnly && readOnly);
      return { success: benign, output: new Uint8Array(0) };
    }
    return { success: response.exitCode === ExitCode.OK, output: returnBytes(response.returnBlock) };
  }

  /**
   * Hardhat's console.log: the call goes ahead exactly as on the real FEVM (usually a read-only send to
   * an unassigned f410, refused by the kernel: an empty success), and the decoded line is recorded in
   * the trace beside it at no cost. Calldata that is not a console.log call is not recorded.
   */
  private recordConsoleLog(calldata: Uint8Array): void {
    const line = decodeConsoleLog(calldata);
    if (line) this.rt.kernel.callManager.record({ kind: 'ConsoleLog', ...line });
  }

  /** A plain value transfer (method 0) without saving or reloading our state; false if it failed. */
  private transfer(to: Address, value: bigint): boolean {
    try {
      return this.rt.send(to, 0, undefined, value).exitCode === ExitCode.OK;
    } catch (error) {
      if (error instanceof SyscallError) return false;
      throw error;
    }
  }

  /** DELEGATECALL: run the target's code against our storage via InvokeContractDelegate on ourselves. */
  private delegateCall(frame: EvmFrame, request: CallRequest): CallResult {
    const target = this.codeTarget(request.to);
    if (target.kind === 'account' || target.kind === 'missing')
      return { success: true, output: new Uint8Array(0) };
    if (target.kind !== 'evm') return { success: false, output: new Uint8Array(0) };
    const code = this.bytecodeCidOf(target.id);
    if (code === undefined) return { success: false, output: new Uint8Array(0) };
    if (code === null) return { success: true, output: new Uint8Array(0) };
    const params = block(
      DAG_CBOR,
      encodeDagCbor([
        code,
        request.input,
        wordToEth(frame.message.caller),
        encodeBigInt(frame.message.value),
      ]),
      [code],
    );
    const gas = this.subcallGas(request.gas, 0n);
    const sent = this.sendFromContract(
      Address.newId(this.context.self),
      EvmMethod.InvokeContractDelegate,
      params,
      0n,
      gas,
      false,
    );
    if ('errno' in sent) return { success: false, output: new Uint8Array(0) };
    return { success: sent.exitCode === ExitCode.OK, output: returnBytes(sent.returnBlock) };
  }

  /**
   * Flushes our state, sends, and reloads our state after a successful send (spec 10.2). A syscall error
   * comes back as its error number: CALL, CREATE and the call_actor precompile each treat them their way.
   */
  sendFromContract(
    to: Address,
    method: number,
    params: Block | undefined,
    value: bigint,
    gasLimitMilligas: number | undefined,
    readOnly: boolean,
  ): SendOutcome {
    this.contract.flush();
    let response: { exitCode: number; returnBlock: Block | undefined };
    try {
      response = this.rt.send(to, method, params, value, { gasLimitMilligas, readOnly });
    } catch (error) {
      if (error instanceof SyscallError) return { errno: error.errno };
      throw error;
    }
    if (response.exitCode === ExitCode.OK) this.contract.reload();
    return response;
  }

  // ---- create (spec 10.6) --------------------------------------------------------------------------

  create(_frame: EvmFrame, request: CreateRequest): CreateResult {
    const failed = { address: null, output: new Uint8Array(0) };
    if (request.value > this.rt.currentBalance()) return failed;
    const nonce = this.contract.nonce;
    this.contract.incrementNonce();
    const params =
      request.kind === 'CREATE'
        ? encodeDagCbor([request.initcode, nonce])
        : encodeDagCbor([request.initcode, numberToBytesBE(request.salt ?? 0n, 32)]);
    const available = this.rt.syscall(() => this.rt.kernel.gasAvailable());
    const gas = Math.floor(((available / 1000) * 63) / 64) * 1000;
    const response = this.sendFromContract(
      Address.newId(EAM_ACTOR_ID),
      request.kind === 'CREATE' ? EAM_CREATE : EAM_CREATE2,
      block(CBOR, params),
      request.value,
      gas,
      false,
    );
    if ('errno' in response) return failed;
    if (response.exitCode !== ExitCode.OK)
      return { address: null, output: returnBytes(response.returnBlock) };
    const [, , eth] = decodeDagCbor<[number, Uint8Array | null, Uint8Array]>(
      response.returnBlock!.data,
      'EAM return',
    );
    return { address: ethToWord(eth), output: new Uint8Array(0) };
  }

  // ---- logs and self-destruct ----------------------------------------------------------------------

  /** LOGn → an actor event: t1..t4 topics and d data, raw codec, indexed key+value (spec 10.8). */
  log(_frame: EvmFrame, topics: bigint[], data: Uint8Array): void {
    const entries: EventEntry[] = topics.map((topic, i) => ({
      flags: 3,
      key: `t${i + 1}`,
      codec: IPLD_RAW,
      value: numberToBytesBE(topic, 32),
    }));
    if (data.length > 0) entries.push({ flags: 3, key: 'd', codec: IPLD_RAW, value: data });
    this.rt.emitEvent(entries);
  }

  /**
   * SELFDESTRUCT: send the whole balance (even zero) to the beneficiary as a plain transfer, then tombstone
   * the contract (spec 10.7); a failed transfer ends the invocation with exit 40.
   */
  selfDestruct(_frame: EvmFrame, beneficiary: bigint): void {
    const balance = this.rt.currentBalance();
    if (!this.transfer(wordToFilecoin(beneficiary), balance)) throw new SelfDestructFailed();
    this.contract.markDead();
  }
}

/** Thrown from the host when SELFDESTRUCT cannot pay out: the invocation exits with 40 (spec 10.7). */
export class SelfDestructFailed extends Error {
  constructor() {
    super('SELFDESTRUCT could not transfer the balance');
    this.name = 'SelfDestructFailed';
  }
}

/** A callee's return data: its block decoded as a CBOR byte string, or the raw bytes (spec 10.5). */
function returnBytes(returned: Block | undefined): Uint8Array {
  if (!returned) return new Uint8Array(0);
  try {
    const decoded = decodeDagCbor<unknown>(returned.data);
    if (decoded instanceof Uint8Array) return decoded;
  } catch {
    // not CBOR: fall through to the raw bytes
  }
  return returned.data;
}
