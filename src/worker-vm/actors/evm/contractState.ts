import { HashCode } from '../../crypto/hash';
import type { CID } from '../../ipld/cid';
import { decodeDagCbor, encodeDagCbor } from '../../ipld/cid';
import { DAG_CBOR, IPLD_RAW } from '../../ipld/codecs';
import { Kamt } from '../../ipld/kamt';
import {
  decodeEvmState,
  EVM_STORAGE_KAMT,
  type EvmState,
  encodeEvmState,
  type Lifespan,
} from '../../state/evmState';
import { bytesToNumberBE, equalBytes, minimalBytesBE, numberToBytesBE } from '../../util/bytes';
import { fail, type Runtime } from '../runtime';

/** keccak256 of no bytes: the code hash of an empty or dead contract (spec 10.2). */
export const EMPTY_CODE_HASH = numberToBytesBE(
  0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n,
  32,
);

const slotKey = (slot: bigint) => numberToBytesBE(slot, 32);
const toWord = (value: unknown) => (value instanceof Uint8Array ? bytesToNumberBE(value) : 0n);

/** The deployed code's RAW block and its keccak hash. */
interface Bytecode {
  readonly cid: CID;
  readonly hash: Uint8Array;
}

/**
 * The EVM actor's persistent state while it runs (builtin-actors `interpreter/system.rs`): storage and
 * transient KAMTs over the actor blockstore (so every node read or written is an IPLD syscall), written
 * lazily — before outgoing sends and at the end, and only if something changed — and reloaded after a
 * successful send (re-entrancy). "Changed" follows the actor: writing a slot's current value, or zero to
 * an empty slot, changes nothing and costs no flush.
 */
export class ContractState {
  private storage: Kamt<Uint8Array>;
  private transient: Kamt<Uint8Array>;
  private transientLive: boolean;
  private code: Bytecode | undefined;
  private contractNonce: number;
  private tombstone: Lifespan | null;
  /** The root last read or written; undefined while there are unsaved changes. */
  private savedRoot: CID | undefined;
  private cachedBytecode: Uint8Array | undefined;

  private constructor(
    private readonly rt: Runtime,
    private readonly lifespan: Lifespan,
    state: EvmState | undefined,
    savedRoot: CID | undefined,
  ) {
    this.savedRoot = savedRoot;
    if (state === undefined) {
      this.storage = Kamt.create(rt.store, EVM_STORAGE_KAMT);
      this.transient = Kamt.create(rt.store, EVM_STORAGE_KAMT);
      this.transientLive = false;
      this.code = undefined;
      this.contractNonce = 1;
      this.tombstone = null;
    } else {
      this.storage = Kamt.load(rt.store, state.contractState, EVM_STORAGE_KAMT);
      ({ kamt: this.transient, live: this.transientLive } = this.loadTransient(state));
      this.code = { cid: state.bytecode, hash: state.bytecodeHash };
      this.contractNonce = state.nonce;
      this.tombstone = state.tombstone;
    }
  }

  /** Loads the current state from the actor's root (root, state block, KAMT roots). */
  static load(rt: Runtime, lifespan: Lifespan): ContractState {
    const { state, root } = readState(rt);
    return new ContractState(rt, lifespan, state, root);
  }

  /**
   * A new contract's state (Constructor): nothing is written until the first flush. The actor must not
   * have state yet (builtin-actors `System::create`).
   */
  static create(rt: Runtime, lifespan: Lifespan): ContractState {
    const root = rt.root();
    if (!root.equals(rt.kernel.callManager.setup.emptyArrayCid))
      throw fail.illegalState("can't create over an existing actor");
    return new ContractState(rt, lifespan, undefined, undefined);
  }

  /** A fresh state for Resurrect: only allowed when the contract is dead (`System::resurrect`). */
  static resurrect(rt: Runtime, lifespan: Lifespan): ContractState {
    const { state } = readState(rt);
    if (!isDead(state.tombstone, lifespan)) throw fail.forbidden('can only resurrect a dead contract');
    return new ContractState(rt, lifespan, undefined, undefined);
  }

  private loadTransient(state: EvmState): { kamt: Kamt<Uint8Array>; live: boolean } {
    const live =
      state.transient !== null &&
      state.transient.lifespan.origin === this.lifespan.origin &&
      state.transient.lifespan.nonce === this.lifespan.nonce;
    if (live && state.transient)
      return { kamt: Kamt.load(this.rt.store, state.transient.state, EVM_STORAGE_KAMT), live: true };
    // Transient data of another message is invisible (spec 10.2); it is dropped at the next flush.
    return { kamt: Kamt.create(this.rt.store, EVM_STORAGE_KAMT), live: false };
  }

  /** Dead: self-destructed by an earlier message (spec 10.2 tombstone). */
  get isDead(): boolean {
    return isDead(this.tombstone, this.lifespan);
  }

  get nonce(): number {
    return this.contractNonce;
  }

  incrementNonce(): void {
    this.contractNonce += 1;
    this.savedRoot = undefined;
  }

  /** The code's RAW block (the empty block until code is set); undefined before the first flush. */
  get bytecodeCid(): CID | undefined {
    return this.code?.cid;
  }

  get bytecodeHash(): Uint8Array {
    return this.code?.hash ?? EMPTY_CODE_HASH;
  }

  /** The contract's code (one block_open + block_read of its RAW block, cached). */
  bytecode(): Uint8Array {
    if (!this.code) return new Uint8Array(0);
    this.cachedBytecode ??= this.rt.store.get(this.code.cid) ?? new Uint8Array(0);
    return this.cachedBytecode;
  }

  /** Stores deployed code: its keccak hash (crypto.hash syscall), then its RAW block. */
  setBytecode(code: Uint8Array): void {
    const hash = this.rt.hash(HashCode.Keccak256, code);
    const cid = this.rt.storeBlock(IPLD_RAW, code);
    this.code = { cid, hash };
    this.cachedBytecode = code;
    this.savedRoot = undefined;
  }

  markDead(): void {
    this.tombstone = { ...this.lifespan };
    this.savedRoot = undefined;
  }

  sload(slot: bigint): bigint {
    return toWord(this.storage.get(slotKey(slot)));
  }

  /** Writes a slot (zero deletes it) and returns the previous value. */
  sstore(slot: bigint, value: bigint): bigint {
    const key = slotKey(slot);
    if (value === 0n) {
      const removed = this.storage.delete(key);
      if (removed !== undefined) this.savedRoot = undefined;
      return toWord(removed);
    }
    const bytes = minimalBytesBE(value);
    const previous = this.storage.set(key, bytes);
    if (previous === undefined || !equalBytes(previous, bytes)) this.savedRoot = undefined;
    return toWord(previous);
  }

  tload(slot: bigint): bigint {
    return toWord(this.transient.get(slotKey(slot)));
  }

  tstore(slot: bigint, value: bigint): void {
    const key = slotKey(slot);
    if (value === 0n) {
      if (this.transient.delete(key) !== undefined) this.savedRoot = undefined;
      return;
    }
    const bytes = minimalBytesBE(value);
    const previous = this.transient.set(key, bytes);
    this.transientLive = true;
    if (previous === undefined || !equalBytes(previous, bytes)) this.savedRoot = undefined;
  }

  /**
   * Writes the state if anything changed: a constructor that never set code stores the empty code
   * (hash and RAW block), then the KAMT nodes, the state object and `self.set_root`. Read-only
   * invocations cannot write: a needed flush there fails with USR_FORBIDDEN.
   */
  flush(): void {
    if (this.savedRoot !== undefined) return;
    if (this.rt.message.readOnly) throw fail.forbidden('contract invocation is read only');
    if (!this.code) this.setBytecode(new Uint8Array(0));
    const code = this.code!;
    const contractState = this.storage.flush();
    let transient: EvmState['transient'] = null;
    if (this.transientLive) {
      const root = this.transient.flush();
      if (!isEmptyKamt(this.transient)) transient = { state: root, lifespan: { ...this.lifespan } };
    }
    const state: EvmState = {
      bytecode: code.cid,
      bytecodeHash: code.hash,
      contractState,
      transient,
      nonce: this.contractNonce,
      tombstone: this.tombstone,
    };
    const bytes = encodeDagCbor(encodeEvmState(state));
    this.rt.chargeCborWork(bytes.length);
    const root = this.rt.storeBlock(DAG_CBOR, bytes);
    this.rt.syscall(() => this.rt.kernel.setRoot(root));
    this.savedRoot = root;
  }

  /** After a successful send: reload if a re-entrant call changed our state root (not when read-only). */
  reload(): void {
    if (this.rt.message.readOnly) return;
    const root = this.rt.root();
    if (this.savedRoot?.equals(root)) return;
    const bytes = this.rt.store.get(root);
    if (!bytes) throw fail.illegalState('EVM state not found');
    const state = decodeEvmState(decodeDagCbor(bytes, 'EVM state'));
    this.savedRoot = root;
    this.storage = Kamt.load(this.rt.store, state.contractState, EVM_STORAGE_KAMT);
    ({ kamt: this.transient, live: this.transientLive } = this.loadTransient(state));
    this.code = { cid: state.bytecode, hash: state.bytecodeHash };
    this.contractNonce = state.nonce;
    this.tombstone = state.tombstone;
    this.cachedBytecode = undefined;
  }
}

/** The state object alone (self.root, block_open, block_read), as GetBytecode and Resurrect read it. */
export function readState(rt: Runtime): { state: EvmState; root: CID } {
  const root = rt.root();
  const bytes = rt.store.get(root);
  if (!bytes) throw fail.illegalState('EVM state not found');
  rt.chargeCborWork(bytes.length);
  return { state: decodeEvmState(decodeDagCbor(bytes, 'EVM state')), root };
}

/** A tombstone from another message marks the contract dead; its own message still sees it alive. */
function isDead(tombstone: Lifespan | null, current: Lifespan): boolean {
  return tombstone !== null && (tombstone.origin !== current.origin || tombstone.nonce !== current.nonce);
}

function isEmptyKamt(kamt: Kamt<Uint8Array>): boolean {
  for (const _ of kamt.entries()) return false;
  return true;
}
