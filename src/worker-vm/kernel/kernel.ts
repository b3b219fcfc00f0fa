import type { Address } from '../address';
import { digest, isSupportedHash } from '../crypto/hash';
import { recoverSecpPublicKey, verifyBlsAggregate, verifySignature } from '../crypto/signatures';
import { gasCharge } from '../gas/charge';
import {
  onActorEvent,
  onActorGetRoot,
  onActorSetRoot,
  onBlockCreate,
  onBlockLink,
  onBlockOpen,
  onBlockOpenBase,
  onBlockRead,
  onDeleteActor,
  onGetRandomness,
  onHashing,
  onRecoverSecpPublicKey,
  onScanIpldLinks,
  onSyscall,
  onTipsetCid,
  onVerifyBlsAggregateSignature,
  onVerifySignature,
  zeroCharge,
} from '../gas/charges';
import { GAS, PRICES } from '../gas/priceList';
import { OutOfGas } from '../gas/tracker';
import { type CID, cidForBlock } from '../ipld/cid';
import { BLAKE2B_256, CBOR, DAG_CBOR, IPLD_RAW, MAX_BLOCK_SIZE } from '../ipld/codecs';
import { LinkScanError, scanIpldLinks } from '../ipld/scanLinks';
import type { ActorId } from '../state/actorState';
import { BURNT_FUNDS_ACTOR_ID, INIT_ACTOR_ID } from '../state/singletons';
import { concatBytes } from '../util/bytes';
import { type Block, BlockRegistry } from './blocks';
import type { CallManager } from './callManager';
import { ErrorNumber } from './codes';
import type { MessageContext, NetworkContext } from './context';
import { FatalError, SyscallError } from './errors';
import type { EventEntry } from './events';
import type { ExecutionMeter } from './meter';

/** Result of the `send` syscall (spec 2.3 `Send`). */
export interface SendResult {
  readonly exitCode: number;
  readonly returnId: number;
  readonly returnCodec: number;
  readonly returnSize: number;
}

/** Limits on events (spec 2.4 `event.emit_event`, 6.8). */
export const EVENT_LIMITS = { maxEntries: 255, maxKeyLength: 31, maxTotalValueLength: 8192 } as const;
/** Size of one event entry header in `event.emit_event` (spec 2.3 EventEntry). */
export const EVENT_ENTRY_SIZE = 24;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const READ_ONLY_FLAG = 1n;

const idle: ExecutionMeter = {
  estimated: false,
  drain: () => ({ execMilligas: 0, memoryGrowBytes: 0 }),
  setAvailable: () => {},
};

/**
 * One actor invocation's view of the machine (spec 2, ref-fvm `kernel/default.rs`). Every operation an
 * actor can perform is a method here and carries its own gas charges; native actors and Wasm actors both
 * call these methods, so each rule has one implementation.
 *
 * Syscall framing is separate: callers wrap each operation in `syscall()` (or `beginSyscall` /
 * `endSyscall`), which charges the actor code's execution since the last syscall (`wasm_exec`) and the flat
 * `OnSyscall`, then hands the remaining gas back to the code.
 */
export class Kernel {
  readonly blocks = new BlockRegistry();
  meter: ExecutionMeter = idle;
  private cachedNetwork: NetworkContext | undefined;

  constructor(
    readonly callManager: CallManager,
    readonly caller: ActorId,
    readonly receiver: ActorId,
    readonly method: number,
    readonly valueReceived: bigint,
    readonly readOnly: boolean,
    readonly code: CID,
  ) {}

  // ---- syscall framing (spec 2.1) -----------------------------------------------------------------

  /** Charges execution since the last sync and OnSyscall. */
  beginSyscall(): void {
    this.chargeExecution();
    this.callManager.charge(onSyscall());
  }

  /** Tells the running code how much gas it may use until the next syscall. */
  endSyscall(): void {
    this.meter.setAvailable(this.callManager.gas.available);
  }

  /** Frames one operation as a syscall. */
  syscall<T>(operation: () => T): T {
    this.beginSyscall();
    try {
      return operation();
    } finally {
      this.endSyscall();
    }
  }

  /** Charges what the code ran after its last syscall, when the invocation ends (spec 3.5, 6.7). */
  finishExecution(): void {
    this.chargeExecution();
  }

  private chargeExecution(): void {
    const { execMilligas, memoryGrowBytes } = this.meter.drain();
    // A meter of real Wasm (`exact`, the Wasm engine's) charges at every sync, even nothing, as ref-fvm's
    // charge_for_exec does (traces show `wasm_exec 0`); estimates are charged only when there are some.
    const exact = 'exact' in this.meter && this.meter.exact === true;
    if (execMilligas <= 0 && !exact) return;
    const spent = Math.max(0, execMilligas);
    const grow = Math.min(spent, memoryGrowBytes * PRICES.wasmMemoryPerByte);
    const estimated = this.meter.estimated;
    if (spent - grow > 0 || exact)
      this.callManager.charge(gasCharge('wasm_exec', spent - grow, 0, estimated));
    if (grow > 0) this.callManager.charge(gasCharge('wasm_memory_grow', grow, 0, estimated));
  }

  // ---- IPLD blocks (spec 2.4 `ipld`, 6.4) -------------------------------------------------------

  blockOpen(cid: CID): { id: number; codec: number; size: number } {
    const cm = this.callManager;
    cm.charge(onBlockOpenBase());
    if (!this.blocks.isReachable(cid))
      throw new SyscallError(ErrorNumber.NotFound, `block ${cid} is not reachable`);
    const data = cm.setup.store.get(cid);
    if (!data) throw new FatalError(`missing state: block ${cid} is reachable but not in the store`);
    const links = this.scanLinks(cid.code, data, 'fatal');
    cm.charge(onBlockOpen(data.length, links.length));
    const id = this.blocks.putReachable({ codec: cid.code, data, links });
    cm.record({ kind: 'Ipld', op: 'Get', cid, size: data.length });
    return { id, codec: cid.code, size: data.length };
  }

  blockCreate(codec: number, data: Uint8Array): number {
    if (data.length > MAX_BLOCK_SIZE) {
      throw new SyscallError(
        ErrorNumber.LimitExceeded,
        `block of ${data.length} bytes exceeds ${MAX_BLOCK_SIZE}`,
      );
    }
    if (codec !== CBOR && codec !== DAG_CBOR && codec !== IPLD_RAW) {
      throw new SyscallError(ErrorNumber.IllegalCodec, `codec 0x${codec.toString(16)} is not allowed`);
    }
    const links = this.scanLinks(codec, data, 'syscall');
    for (const link of links) {
      if (!this.blocks.isReachable(link))
        throw new SyscallError(ErrorNumber.NotFound, `linked block ${link} is not reachable`);
    }
    this.callManager.charge(onBlockCreate(data.length, links.length));
    return this.blocks.put({ codec, data: data.slice(), links });
  }

  /**
   * Scans DAG-CBOR links, charging OnScanIpldLinks; other codecs have none. The scan charges as it reads
   * (ref-fvm's visitor), so a failure or running out of gas mid-block still pays for what was read.
   */
  private scanLinks(codec: number, data: Uint8Array, onError: 'fatal' | 'syscall'): CID[] {
    if (codec !== DAG_CBOR) return [];
    const cm = this.callManager;
    const budget = {
      available: BigInt(cm.gas.available),
      perField: BigInt(PRICES.ipldCborScanPerField),
      perCid: BigInt(PRICES.ipldCborScanPerCid),
    };
    try {
      const scan = scanIpldLinks(codec, data, budget);
      cm.charge(onScanIpldLinks(scan.fields, scan.cids));
      return scan.links;
    } catch (error) {
      if (!(error instanceof LinkScanError)) throw error;
      cm.charge(onScanIpldLinks(error.fields, error.cids));
      if (error.failure === 'OutOfGas') throw new OutOfGas();
      if (onError === 'fatal') throw new FatalError(`stored block ${error.message}`);
      const errno =
        error.failure === 'NotFound'
          ? ErrorNumber.NotFound
          : error.failure === 'IllegalCodec'
            ? ErrorNumber.IllegalCodec
            : ErrorNumber.Serialization;
      throw new SyscallError(errno, error.message);
    }
  }

  /**
   * Copies up to `length` bytes from `offset`; returns them and what is left past the buffer
   * (`size − (offset + length)`, negative when the buffer is longer than the rest) (spec 2.4).
   */
  blockRead(id: number, offset: number, length: number): { data: Uint8Array; remaining: number } {
    if (offset < 0 || length < 0 || offset + length > 0x7fff_ffff) {
      throw new SyscallError(ErrorNumber.IllegalArgument, 'offset + length does not fit in i32');
    }
    const found = this.blocks.get(id);
    const start = Math.min(offset, found.data.length);
    const data = found.data.subarray(start, Math.min(found.data.length, offset + length));
    this.callManager.charge(onBlockRead(data.length));
    return { data, remaining: found.data.length - (offset + length) };
  }

  blockStat(id: number): { codec: number; size: number } {
    const found = this.blocks.get(id);
    this.callManager.charge(zeroCharge('OnBlockStat'));
    return { codec: found.codec, size: found.data.length };
  }

  blockLink(id: number, hashFunction: number, hashLength: number): CID {
    const found = this.blocks.get(id);
    if (hashFunction !== BLAKE2B_256 || hashLength !== 32) {
      throw new SyscallError(ErrorNumber.IllegalCid, 'only blake2b-256 with a 32-byte digest is allowed');
    }
    this.callManager.charge(onBlockLink(found.data.length));
    const cid = cidForBlock(found.codec, found.data);
    this.callManager.setup.store.put(cid, found.data);
    this.blocks.markReachable(cid);
    this.callManager.record({ kind: 'Ipld', op: 'Put', cid, size: found.data.length });
    return cid;
  }

  /** Registers a block the host produced for this invocation (e.g. a send's return value). */
  registerBlock(block: Block): number {
    return this.blocks.putReachable(block);
  }

  // ---- self (spec 2.4 `self`) ---------------------------------------------------------------------

  private self() {
    const actor = this.callManager.stateTree.getActor(this.receiver);
    if (!actor) throw new SyscallError(ErrorNumber.IllegalOperation, 'the actor has been deleted');
    return actor;
  }

  root(): CID {
    this.callManager.charge(onActorGetRoot());
    const head = this.self().head;
    this.blocks.markReachable(head);
    return head;
  }

  setRoot(cid: CID): void {
    if (this.readOnly)
      throw new SyscallError(ErrorNumber.ReadOnly, 'cannot set the state root in a read-only call');
    this.callManager.charge(onActorSetRoot());
    if (!this.blocks.isReachable(cid))
      throw new SyscallError(ErrorNumber.NotFound, `new root ${cid} is not reachable`);
    const actor = this.self();
    this.callManager.setActor(this.receiver, { ...actor, head: cid });
  }

  currentBalance(): bigint {
    this.callManager.charge(zeroCharge('OnSelfBalance'));
    return this.callManager.stateTree.getActor(this.receiver)?.balance ?? 0n;
  }

  /** Deletes this actor; its balance must be zero unless burned (spec 2.4, FIP-0073). */
  selfDestruct(burnUnspent: boolean): void {
    if (this.readOnly)
      throw new SyscallError(ErrorNumber.ReadOnly, 'cannot self-destruct in a read-only call');
    const cm = this.callManager;
    cm.charge(onDeleteActor());
    const balance = cm.stateTree.getActor(this.receiver)?.balance ?? 0n;
    if (balance !== 0n) {
      if (!burnUnspent) throw new SyscallError(ErrorNumber.IllegalOperation, 'the actor still has funds');
      cm.transfer(this.receiver, BURNT_FUNDS_ACTOR_ID, balance);
    }
    if (cm.stateTree.getActor(this.receiver)) cm.deleteActor(this.receiver);
  }

  // ---- message and network (spec 2.4 `vm`, `network`) ---------------------------------------------

  messageContext(): MessageContext {
    this.callManager.charge(zeroCharge('OnMessageContext'));
    const setup = this.callManager.setup;
    return {
      origin: setup.origin,
      nonce: setup.nonce,
      caller: this.caller,
      receiver: this.receiver,
      method: this.method,
      valueReceived: this.valueReceived,
      gasPremium: setup.effectivePremium,
      readOnly: this.readOnly,
    };
  }

  networkContext(): NetworkContext {
    this.callManager.charge(zeroCharge('OnNetworkContext'));
    this.cachedNetwork ??= this.callManager.setup.network;
    return this.cachedNetwork;
  }

  tipsetCid(epoch: bigint): CID {
    const current = this.callManager.setup.network.epoch;
    if (epoch < 0n) throw new SyscallError(ErrorNumber.IllegalArgument, 'epoch is negative');
    if (epoch >= current) throw new SyscallError(ErrorNumber.IllegalArgument, 'only past tipsets have CIDs');
    this.callManager.charge(onTipsetCid(current - epoch));
    try {
      return this.callManager.setup.externs.tipsetCid(epoch);
    } catch (error) {
      throw new FatalError(`tipset CID lookup failed: ${(error as Error).message}`);
    }
  }

  totalFilCircSupply(): bigint {
    return this.callManager.setup.network.circulatingSupply;
  }

  // ---- actors (spec 2.4 `actor`) ------------------------------------------------------------------

  resolveAddress(address: Address): ActorId {
    const id = this.callManager.resolveAddress(address);
    if (id === undefined)
      throw new SyscallError(ErrorNumber.NotFound, `${address} is not assigned to an actor`);
    return id;
  }

  private actorOrNotFound(id: ActorId) {
    const actor = this.callManager.getActor(id);
    if (!actor) throw new SyscallError(ErrorNumber.NotFound, `actor f0${id} does not exist`);
    return actor;
  }

  lookupDelegatedAddress(id: ActorId): Address | undefined {
    this.callManager.charge(zeroCharge('OnLookupAddress'));
    return this.actorOrNotFound(id).delegatedAddress ?? undefined;
  }

  getActorCodeCid(id: ActorId): CID {
    this.callManager.charge(zeroCharge('OnGetActorCodeCid'));
    return this.actorOrNotFound(id).code;
  }

  getBuiltinActorType(code: CID): number {
    this.callManager.charge(zeroCharge('OnGetBuiltinActorType'));
    return this.callManager.setup.manifest.typeOf(code);
  }

  getCodeCidForType(typeId: number): CID {
    this.callManager.charge(zeroCharge('OnGetCodeCidForType'));
    const code = this.callManager.setup.manifest.codeForType(typeId);
    if (!code) throw new SyscallError(ErrorNumber.IllegalArgument, `no built-in actor of type ${typeId}`);
    return code;
  }

  nextActorAddress(): Address {
    return this.callManager.nextActorAddress();
  }

  createActor(id: ActorId, code: CID, delegatedAddress: Address | null): void {
    if (this.readOnly)
      throw new SyscallError(ErrorNumber.ReadOnly, 'cannot create actors in a read-only call');
    if (this.receiver !== INIT_ACTOR_ID) {
      throw new SyscallError(
        ErrorNumber.Forbidden,
        `only the Init actor may create actors, not f0${this.receiver}`,
      );
    }
    if (this.callManager.setup.manifest.is(code, 'placeholder')) {
      throw new SyscallError(ErrorNumber.Forbidden, 'placeholders cannot be created explicitly');
    }
    this.callManager.createActor(code, id, delegatedAddress);
  }

  balanceOf(id: ActorId): bigint {
    this.callManager.charge(zeroCharge('OnBalanceOf'));
    return this.actorOrNotFound(id).balance;
  }

  // ---- crypto (spec 2.4 `crypto`) -----------------------------------------------------------------

  /** The full digest; callers truncate to their buffer. */
  hash(code: number, data: Uint8Array): Uint8Array {
    if (!isSupportedHash(code)) {
      throw new SyscallError(ErrorNumber.IllegalArgument, `unsupported hash function 0x${code.toString(16)}`);
    }
    this.callManager.charge(onHashing(code, data.length));
    return digest(code, data)!;
  }

  recoverSecpPublicKey(hash: Uint8Array, signature: Uint8Array): Uint8Array {
    this.callManager.charge(onRecoverSecpPublicKey());
    const key = recoverSecpPublicKey(hash, signature);
    if (!key) throw new SyscallError(ErrorNumber.IllegalArgument, 'could not recover a public key');
    return key;
  }

  verifySignature(type: number, signature: Uint8Array, signer: Address, plaintext: Uint8Array): boolean {
    if (type !== 1 && type !== 2)
      throw new SyscallError(ErrorNumber.IllegalArgument, `signature type ${type} is unknown`);
    this.callManager.charge(onVerifySignature(type === 1 ? 'secp256k1' : 'bls', plaintext.length));
    if (signer.protocol !== 1 && signer.protocol !== 3) {
      throw new SyscallError(ErrorNumber.IllegalArgument, 'the signer must be an f1 or f3 address');
    }
    return verifySignature(type, signature, signer, plaintext);
  }

  verifyBlsAggregate(signature: Uint8Array, publicKeys: Uint8Array[], plaintexts: Uint8Array[]): boolean {
    const bytes = plaintexts.reduce((sum, text) => sum + text.length, 0);
    this.callManager.charge(onVerifyBlsAggregateSignature(publicKeys.length, bytes));
    return verifyBlsAggregate(signature, publicKeys, plaintexts);
  }

  // ---- randomness (spec 2.4 `rand`) ---------------------------------------------------------------

  getChainRandomness(epoch: bigint): Uint8Array {
    return this.randomness(epoch, (e) => this.callManager.setup.externs.chainRandomness(e));
  }

  getBeaconRandomness(epoch: bigint): Uint8Array {
    return this.randomness(epoch, (e) => this.callManager.setup.externs.beaconRandomness(e));
  }

  private randomness(epoch: bigint, draw: (epoch: bigint) => Uint8Array): Uint8Array {
    // A future epoch gives a negative lookback whose charge saturates: out of gas (spec 13 item 13).
    this.callManager.charge(onGetRandomness(this.callManager.setup.network.epoch - epoch));
    try {
      return draw(epoch);
    } catch (error) {
      throw new SyscallError(
        ErrorNumber.IllegalArgument,
        `no randomness for epoch ${epoch}: ${(error as Error).message}`,
      );
    }
  }

  // ---- gas (spec 2.4 `gas`) -----------------------------------------------------------------------

  chargeGas(name: string, wholeGas: bigint): void {
    if (wholeGas < 0n) throw new SyscallError(ErrorNumber.IllegalArgument, 'negative gas charge');
    const milligas = wholeGas * BigInt(GAS);
    if (milligas > BigInt(Number.MAX_SAFE_INTEGER)) {
      this.callManager.charge(gasCharge(name, Number.MAX_SAFE_INTEGER));
      throw new OutOfGas();
    }
    this.callManager.charge(gasCharge(name, Number(milligas)));
  }

  /** Milligas left in the current gas limit. */
  gasAvailable(): number {
    return this.callManager.gas.available;
  }

  // ---- send (spec 2.4 `send`, 4.1) ----------------------------------------------------------------

  send(
    to: Address,
    method: number,
    paramsId: number,
    value: bigint,
    /** Undefined means no limit (the SDK's u64::MAX); any other value, even 0, is a hard limit (spec 2.4). */
    gasLimitMilligas: number | undefined,
    flags: bigint,
  ): SendResult {
    if ((flags & ~READ_ONLY_FLAG) !== 0n)
      throw new SyscallError(ErrorNumber.IllegalArgument, `unknown send flags ${flags}`);
    const readOnly = this.readOnly || (flags & READ_ONLY_FLAG) !== 0n;
    if (readOnly && value !== 0n)
      throw new SyscallError(ErrorNumber.ReadOnly, 'cannot transfer value in a read-only call');
    const params = paramsId === 0 ? undefined : this.blocks.get(paramsId);
    if (this.blocks.isFull) throw new SyscallError(ErrorNumber.LimitExceeded, 'the block registry is full');
    const cm = this.callManager;
    const result = cm.withTransaction(() =>
      cm.callActor(this.receiver, to, method, params, value, gasLimitMilligas, readOnly),
    );
    if (!result.returnBlock) return { exitCode: result.exitCode, returnId: 0, returnCodec: 0, returnSize: 0 };
    const returnId = this.blocks.putReachable(result.returnBlock);
    return {
      exitCode: result.exitCode,
      returnId,
      returnCodec: result.returnBlock.codec,
      returnSize: result.returnBlock.data.length,
    };
  }

  // ---- events (spec 2.4 `event`, 11) --------------------------------------------------------------

  /**
   * Records an event given as plain entries (native actors): encoded into the syscall's three buffers
   * and validated by `emitEventRaw`, so both kinds of actor pay and fail in the same way.
   */
  emitEvent(entries: readonly EventEntry[], _keyBytes?: number, _valueBytes?: number): void {
    const encoder = new TextEncoder();
    const keys = entries.map((entry) => encoder.encode(entry.key));
    const headers = new Uint8Array(entries.length * EVENT_ENTRY_SIZE);
    const view = new DataView(headers.buffer);
    entries.forEach((entry, i) => {
      view.setBigUint64(i * EVENT_ENTRY_SIZE, BigInt(entry.flags), true);
      view.setBigUint64(i * EVENT_ENTRY_SIZE + 8, BigInt(entry.codec), true);
      view.setUint32(i * EVENT_ENTRY_SIZE + 16, keys[i]!.length, true);
      view.setUint32(i * EVENT_ENTRY_SIZE + 20, entry.value.length, true);
    });
    this.emitEventRaw(headers, concatBytes(...keys), concatBytes(...entries.map((entry) => entry.value)));
  }

  /**
   * `event.emit_event` (spec 2.4, FIP-0072): 24-byte entry headers `[flags u64, codec u64, key_len u32,
   * val_len u32]`, the keys concatenated, the values concatenated. Read-only calls fail first; then
   * OnActorEvent is charged from the buffer sizes before anything is parsed; then the limits and each
   * entry are checked, and the buffers must be used up exactly.
   */
  emitEventRaw(headers: Uint8Array, keys: Uint8Array, values: Uint8Array): void {
    if (this.readOnly) throw new SyscallError(ErrorNumber.ReadOnly, 'cannot emit events in a read-only call');
    const count = Math.floor(headers.length / EVENT_ENTRY_SIZE);
    this.callManager.charge(onActorEvent(count, keys.length, values.length));
    if (count > EVENT_LIMITS.maxEntries) {
      throw new SyscallError(
        ErrorNumber.LimitExceeded,
        `an event has at most ${EVENT_LIMITS.maxEntries} entries`,
      );
    }
    if (values.length > EVENT_LIMITS.maxTotalValueLength) {
      throw new SyscallError(
        ErrorNumber.LimitExceeded,
        `event values total at most ${EVENT_LIMITS.maxTotalValueLength} bytes`,
      );
    }
    const view = new DataView(headers.buffer, headers.byteOffset, headers.byteLength);
    const entries: EventEntry[] = [];
    let keyAt = 0;
    let valueAt = 0;
    for (let i = 0; i < count; i++) {
      const at = i * EVENT_ENTRY_SIZE;
      const flags = view.getBigUint64(at, true);
      const codec = view.getBigUint64(at + 8, true);
      const keyLength = view.getUint32(at + 16, true);
      const valueLength = view.getUint32(at + 20, true);
      if ((flags & ~0b11n) !== 0n)
        throw new SyscallError(ErrorNumber.IllegalArgument, 'invalid event entry flags');
      if (keyLength > EVENT_LIMITS.maxKeyLength) {
        throw new SyscallError(
          ErrorNumber.LimitExceeded,
          `event keys have at most ${EVENT_LIMITS.maxKeyLength} bytes`,
        );
      }
      if (valueLength > EVENT_LIMITS.maxTotalValueLength)
        throw new SyscallError(ErrorNumber.IllegalArgument, 'event entry value out of range');
      if (codec !== BigInt(IPLD_RAW) && codec !== BigInt(CBOR)) {
        throw new SyscallError(
          ErrorNumber.IllegalCodec,
          `event codec 0x${codec.toString(16)} is not allowed`,
        );
      }
      if (keyAt + keyLength > keys.length)
        throw new SyscallError(ErrorNumber.IllegalArgument, 'event entry key out of range');
      let key: string;
      try {
        key = strictUtf8.decode(keys.subarray(keyAt, keyAt + keyLength));
      } catch {
        throw new SyscallError(ErrorNumber.IllegalArgument, 'event entry key is not valid UTF-8');
      }
      if (valueAt + valueLength > values.length)
        throw new SyscallError(ErrorNumber.IllegalArgument, 'event entry value out of range');
      entries.push({
        flags: Number(flags),
        key,
        codec: Number(codec),
        value: values.slice(valueAt, valueAt + valueLength),
      });
      keyAt += keyLength;
      valueAt += valueLength;
    }
    if (keyAt !== keys.length)
      throw new SyscallError(ErrorNumber.IllegalArgument, 'event key buffer length is too large');
    if (valueAt !== values.length)
      throw new SyscallError(ErrorNumber.IllegalArgument, 'event value buffer length is too large');
    this.callManager.events.push({ emitter: this.receiver, entries });
  }

  // ---- debug (spec 2.4 `debug`) -------------------------------------------------------------------

  debugEnabled(): boolean {
    return this.callManager.setup.config.actorDebugging;
  }

  log(message: string): void {
    if (this.callManager.setup.config.actorDebugging) this.callManager.record({ kind: 'Log', message });
  }
}
