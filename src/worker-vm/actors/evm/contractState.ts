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
import { bytesToNumberBE, minimalBytesBE, numberToBytesBE } from '../../util/bytes';
import { fail, type Runtime } from '../runtime';

/** keccak256 of no bytes: the code hash of an empty or dead contract (spec 10.2). */
export const EMPTY_CODE_HASH = numberToBytesBE(
  0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470n,
  32,
);

const slotKey = (slot: bigint) => numberToBytesBE(slot, 32);
const toWord = (value: unknown) => (value instanceof Uint8Array ? bytesToNumberBE(value) : 0n);

/**
 * The EVM actor's persistent state while it runs (builtin-actors `interpreter/system.rs`): storage and
 * transient KAMTs over the actor blockstore (so every node read or written is an IPLD syscall), flushed
 * lazily before outgoing sends and at the end, and reloaded after sends (re-entrancy).
 */
export class ContractState {
  private state: EvmState;
  private storage: Kamt<Uint8Array>;
  private transient: Kamt<Uint8Array>;
  private transientUsed: boolean;
  private savedRoot: CID | undefined;
  private dirty = false;
  private cachedBytecode: Uint8Array | undefined;

  private constructor(
    private readonly rt: Runtime,
    private readonly lifespan: Lifespan,
    state: EvmState,
    savedRoot: CID | undefined,
  ) {
    this.state = state;
    this.savedRoot = savedRoot;
    this.storage = Kamt.load(rt.store, state.contractState, EVM_STORAGE_KAMT);
    ({ kamt: this.transient, used: this.transientUsed } = this.loadTransient(state));
  }

  /** Loads the current state from the actor's root. */
  static load(rt: Runtime, lifespan: Lifespan): ContractState {
    const root = rt.root();
    const bytes = rt.store.get(root);
    if (!bytes) throw fail.illegalState('EVM state not found');
    rt.chargeCborWork(bytes.length);
    const state = decodeEvmState(decodeDagCbor(bytes, 'EVM state'));
    return new ContractState(rt, lifespan, state, root);
  }

  /** A fresh state for a constructor or a resurrection: empty code and storage, nonce 1 (spec 10.2). */
  static fresh(rt: Runtime, lifespan: Lifespan): ContractState {
    const storage = Kamt.create<Uint8Array>(rt.store, EVM_STORAGE_KAMT).flush();
    const emptyCode = rt.storeBlock(IPLD_RAW, new Uint8Array(0));
    const state: EvmState = {
      bytecode: emptyCode,
      bytecodeHash: EMPTY_CODE_HASH,
      contractState: storage,
      transient: null,
      nonce: 1,
      tombstone: null,
    };
    const contract = new ContractState(rt, lifespan, state, undefined);
    contract.dirty = true;
    return contract;
  }

  private loadTransient(state: EvmState): { kamt: Kamt<Uint8Array>; used: boolean } {
    const live =
      state.transient &&
      state.transient.lifespan.origin === this.lifespan.origin &&
      state.transient.lifespan.nonce === this.lifespan.nonce;
    if (live && state.transient)
      return { kamt: Kamt.load(this.rt.store, state.transient.state, EVM_STORAGE_KAMT), used: true };
    return { kamt: Kamt.create(this.rt.store, EVM_STORAGE_KAMT), used: false };
  }

  /** Dead: self-destructed by an earlier message (spec 10.2 tombstone). */
  get isDead(): boolean {
    const tombstone = this.state.tombstone;
    return (
      tombstone !== null &&
      (tombstone.origin !== this.lifespan.origin || tombstone.nonce !== this.lifespan.nonce)
    );
  }

  get nonce(): number {
    return this.state.nonce;
  }

  incrementNonce(): void {
    this.state.nonce += 1;
    this.dirty = true;
  }

  get bytecodeCid(): CID {
    return this.state.bytecode;
  }

  get bytecodeHash(): Uint8Array {
    return this.state.bytecodeHash;
  }

  /** The contract's code (one block_open + block_read of its RAW block, cached). */
  bytecode(): Uint8Array {
    this.cachedBytecode ??= this.rt.store.get(this.state.bytecode) ?? new Uint8Array(0);
    return this.cachedBytecode;
  }

  /** Stores deployed code: a RAW block and its keccak hash (crypto.hash syscall). */
  setBytecode(code: Uint8Array): void {
    this.state.bytecode = this.rt.storeBlock(IPLD_RAW, code);
    this.state.bytecodeHash = this.rt.hash(HashCode.Keccak256, code);
    this.cachedBytecode = code;
    this.dirty = true;
  }

  markDead(): void {
    this.state.tombstone = { ...this.lifespan };
    this.dirty = true;
  }

  sload(slot: bigint): bigint {
    return toWord(this.storage.get(slotKey(slot)));
  }

  /** Writes a slot (zero deletes it) and returns the previous value. */
  sstore(slot: bigint, value: bigint): bigint {
    const previous =
      value === 0n
        ? this.storage.delete(slotKey(slot))
        : this.storage.set(slotKey(slot), minimalBytesBE(value));
    this.dirty = true;
    return toWord(previous);
  }

  tload(slot: bigint): bigint {
    return toWord(this.transient.get(slotKey(slot)));
  }

  tstore(slot: bigint, value: bigint): void {
    if (value === 0n) this.transient.delete(slotKey(slot));
    else this.transient.set(slotKey(slot), minimalBytesBE(value));
    this.transientUsed = true;
    this.dirty = true;
  }

  /** Writes the state if anything changed: KAMT nodes, the state object, `self.set_root`. */
  flush(): void {
    if (!this.dirty) return;
    if (this.rt.message.readOnly) throw fail.forbidden('contract invocation is read only');
    this.state.contractState = this.storage.flush();
    let transient: EvmState['transient'] = null;
    if (this.transientUsed) {
      const root = this.transient.flush();
      transient = isEmptyKamtRoot(this.transient) ? null : { state: root, lifespan: { ...this.lifespan } };
    }
    this.state.transient = transient;
    const bytes = encodeDagCbor(encodeEvmState(this.state));
    this.rt.chargeCborWork(bytes.length);
    const root = this.rt.storeBlock(DAG_CBOR, bytes);
    this.rt.syscall(() => this.rt.kernel.setRoot(root));
    this.savedRoot = root;
    this.dirty = false;
  }

  /** After a successful send: reload if a re-entrant call changed our state root. */
  reload(): void {
    const root = this.rt.root();
    if (this.savedRoot?.equals(root)) return;
    const bytes = this.rt.store.get(root);
    if (!bytes) throw fail.illegalState('EVM state not found');
    this.state = decodeEvmState(decodeDagCbor(bytes, 'EVM state'));
    this.savedRoot = root;
    this.storage = Kamt.load(this.rt.store, this.state.contractState, EVM_STORAGE_KAMT);
    ({ kamt: this.transient, used: this.transientUsed } = this.loadTransient(this.state));
    this.cachedBytecode = undefined;
  }
}

function isEmptyKamtRoot(kamt: Kamt<Uint8Array>): boolean {
  for (const _ of kamt.entries()) return false;
  return true;
}
