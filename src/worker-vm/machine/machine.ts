import { CodeRegistry, registerNativeActors } from '../actors/registry';
import type { Address } from '../address';
import { invalidInput } from '../errors';
import { type ApplyKind, type ApplyResult, applyMessage, type ExecutorEnv } from '../executor/applyMessage';
import { chainLength, type Message, messageCid } from '../executor/message';
import type { Blockstore } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { DEFAULT_MACHINE_CONFIG, type MachineConfig, type NetworkContext } from '../kernel/context';
import type { ActorId, ActorState } from '../state/actorState';
import type { Manifest } from '../state/manifest';
import { StateTree } from '../state/stateTree';
import { sharedWasmEngine, type WasmEngine } from '../wasm/engine/wasmEngine';
import { type InstalledActorCode, installActorCode } from '../wasm/userActors/install';
import { BufferedBlockstore } from './bufferedBlockstore';
import { deterministicExterns } from './externs';
import {
  buildGenesis,
  type Genesis,
  type GenesisAccount,
  type GenesisOptions,
  type NetworkParams,
} from './genesis';

/** A message the machine applied, with everything needed to show and replay it. */
export interface AppliedMessage {
  readonly index: number;
  readonly cid: CID;
  readonly message: Message;
  readonly epoch: bigint;
  readonly result: ApplyResult;
  readonly stateRootBefore: CID;
  readonly stateRootAfter: CID;
  /** The signed-message length inclusion gas was charged for (needed to replay the message exactly). */
  readonly chainLength: number;
}

export interface ApplyOptions {
  /** The signed-message length inclusion gas is charged for (default: computed; the spec's vectors use 100). */
  readonly chainLength?: number;
  /** Record EVM step traces for the debugger. */
  readonly stepTrace?: boolean;
}

/** Called after each committed message with the blocks it added, for persistence. */
export type CommitListener = (blocks: Array<[CID, Uint8Array]>, applied: AppliedMessage) => void;

export interface MachineOptions extends GenesisOptions {
  readonly config?: Partial<MachineConfig>;
  /** Compiles and runs Wasm actor code (default: one engine shared by all machines). */
  readonly wasm?: WasmEngine;
}

/** Called when Wasm actor code is installed (its bytes are not part of any message's commit). */
export type CodeListener = (code: CID, bytes: Uint8Array) => void;

/**
 * The playground's FVM: a state root, the blocks behind it, the network clock, and the messages applied so
 * far (ref-fvm's machine + executor, spec 1.1). Each explicit message is applied atomically: its state
 * changes are flushed to a new state root and committed, or, if the host fails unexpectedly, nothing
 * changes. Any earlier state root can be restored in O(1).
 */
export class Machine {
  readonly code = new CodeRegistry();
  readonly config: MachineConfig;
  readonly history: AppliedMessage[] = [];
  onCommit: CommitListener | undefined;
  /** Compiles Wasm actor code once per code CID and runs it (wasm/engine). */
  readonly wasm: WasmEngine;
  onCodeInstalled: CodeListener | undefined;

  private readonly buffer: BufferedBlockstore;
  private tree: StateTree;
  private root: CID;
  private currentEpoch: bigint;

  private constructor(
    readonly genesis: Genesis,
    config: MachineConfig,
    wasm: WasmEngine,
  ) {
    this.config = config;
    this.wasm = wasm;
    this.buffer = new BufferedBlockstore(genesis.store);
    this.root = genesis.stateRoot;
    this.tree = StateTree.load(this.buffer, this.root);
    this.currentEpoch = genesis.network.genesisEpoch;
    registerNativeActors(this.code, genesis.manifest, genesis.emptyArrayCid, genesis.manifestData);
  }

  static create(options: MachineOptions = {}): Machine {
    return new Machine(
      buildGenesis(options),
      { ...DEFAULT_MACHINE_CONFIG, ...options.config },
      options.wasm ?? sharedWasmEngine,
    );
  }

  get store(): Blockstore {
    return this.genesis.store;
  }

  get manifest(): Manifest {
    return this.genesis.manifest;
  }

  get network(): NetworkParams {
    return this.genesis.network;
  }

  get accounts(): readonly GenesisAccount[] {
    return this.genesis.accounts;
  }

  get stateRoot(): CID {
    return this.root;
  }

  get epoch(): bigint {
    return this.currentEpoch;
  }

  get emptyArrayCid(): CID {
    return this.genesis.emptyArrayCid;
  }

  /** What actors see as the network context at an epoch (the current one by default). */
  networkContext(epoch: bigint = this.currentEpoch): NetworkContext {
    const n = this.genesis.network;
    return {
      epoch,
      timestamp: n.genesisTimestamp + (epoch - n.genesisEpoch) * n.blockDelaySeconds,
      baseFee: n.baseFee,
      chainId: n.chainId,
      networkVersion: n.networkVersion,
      circulatingSupply: n.circulatingSupply,
    };
  }

  private env(stepTrace = false): ExecutorEnv {
    return {
      ...(stepTrace ? { evmTraces: [] } : {}),
      stateTree: this.tree,
      store: this.buffer,
      manifest: this.genesis.manifest,
      code: this.code,
      network: this.networkContext(),
      externs: deterministicExterns(this.genesis.network.seed),
      config: this.config,
      emptyArrayCid: this.genesis.emptyArrayCid,
    };
  }

  /** Applies a signed (explicit) message: nonce, fees, receipt; commits the new state root. */
  applyMessage(message: Message, options: ApplyOptions = {}): AppliedMessage {
    const length = options.chainLength ?? chainLength(message);
    const before = this.root;
    let result: ApplyResult;
    let after: CID;
    let written: Array<[CID, Uint8Array]>;
    try {
      result = applyMessage(this.env(options.stepTrace), message, 'explicit', length);
      after = this.tree.flush();
      written = this.buffer.commit(after);
    } catch (error) {
      this.resetTo(before);
      throw error;
    }
    this.root = after;
    const applied: AppliedMessage = {
      index: this.history.length,
      cid: messageCid(message),
      message,
      epoch: this.currentEpoch,
      result,
      stateRootBefore: before,
      stateRootAfter: after,
      chainLength: length,
    };
    this.history.push(applied);
    this.onCommit?.(written, applied);
    return applied;
  }

  /**
   * Runs an implicit message (no fees, no nonce; eth_call-style reads and dry runs) and throws its state
   * changes away: the state root is the same afterwards.
   */
  call(message: Message, kind: ApplyKind = 'implicit', options: ApplyOptions = {}): ApplyResult {
    this.tree.beginTransaction();
    try {
      return applyMessage(
        this.env(options.stepTrace),
        message,
        kind,
        options.chainLength ?? chainLength(message),
      );
    } finally {
      this.tree.endTransaction(true);
      this.buffer.discard();
    }
  }

  /**
   * Re-executes an applied message on its pre-state at its epoch, in a scratch buffer that is thrown away:
   * the machine's state does not change. Execution is deterministic, so this recovers the message's trace
   * (which persistence does not store); the post-state root is returned so callers can check the replay.
   */
  replay(applied: AppliedMessage): { result: ApplyResult; stateRootAfter: CID } {
    const scratch = new BufferedBlockstore(this.genesis.store);
    const tree = StateTree.load(scratch, applied.stateRootBefore);
    const env: ExecutorEnv = {
      ...this.env(),
      stateTree: tree,
      store: scratch,
      network: this.networkContext(applied.epoch),
    };
    const result = applyMessage(env, applied.message, 'explicit', applied.chainLength);
    return { result, stateRootAfter: tree.flush() };
  }

  /**
   * Installs Wasm actor code (issue 8): checked and compiled now, so a bad module is refused with a typed
   * error; its bytes are stored under the code CID (raw, blake2b-256) and Init's Exec can then create
   * actors from it. Returns the code CID, the module's imports/exports and any warnings.
   */
  installActor(bytes: Uint8Array): InstalledActorCode {
    const installed = installActorCode(
      { store: this.genesis.store, code: this.code, wasm: this.wasm },
      bytes,
    );
    this.onCodeInstalled?.(installed.code, bytes);
    return installed;
  }

  /** Makes `root` the current state (time travel): O(1), the tree loads lazily. */
  restore(root: CID, epoch: bigint = this.currentEpoch): void {
    if (!this.genesis.store.has(root))
      throw invalidInput(`state root ${root} is not in this playground's store`);
    this.resetTo(root);
    this.currentEpoch = epoch;
  }

  private resetTo(root: CID): void {
    this.buffer.discard();
    this.root = root;
    this.tree = StateTree.load(this.buffer, root);
  }

  /** Moves the clock forward (time travel forward); epochs only grow. */
  advanceEpochs(count: bigint): void {
    if (count < 0n) throw invalidInput('epochs can only move forward');
    this.currentEpoch += count;
  }

  // ---- reads ---------------------------------------------------------------------------------------

  resolve(address: Address): ActorId | undefined {
    return this.tree.lookupId(address);
  }

  actor(id: ActorId): ActorState | undefined {
    return this.tree.getActor(id);
  }

  /** The sequence the next message from `address` must carry. */
  nonceOf(address: Address): number {
    const id = this.resolve(address);
    return id === undefined ? 0 : (this.actor(id)?.sequence ?? 0);
  }

  balanceOf(address: Address): bigint {
    const id = this.resolve(address);
    return id === undefined ? 0n : (this.actor(id)?.balance ?? 0n);
  }

  actors(): IterableIterator<[ActorId, ActorState]> {
    return this.tree.entries();
  }

  /** A read-only view of another state root (for diffs and inspecting history). */
  treeAt(root: CID): StateTree {
    return StateTree.load(this.genesis.store, root);
  }
}
