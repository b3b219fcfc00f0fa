import { Address, Protocol } from '../address';
import { EAM_ACTOR_ID as EAM_NAMESPACE } from '../address/ethereum';
import type { StepTrace } from '../evm';
import type { GasCharge } from '../gas/charge';
import { toWholeGasCeil } from '../gas/charge';
import {
  onActorLookup,
  onActorUpdate,
  onChainReturnValue,
  onCreateActor,
  onMethodInvocation,
  onResolveAddress,
  onReturnValue,
  onValueTransfer,
  wasmMemoryInit,
  wasmTableInit,
} from '../gas/charges';
import { PRELOADED_ACTORS } from '../gas/priceList';
import { GasTracker, OutOfGas } from '../gas/tracker';
import type { Blockstore } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { encodeDagCbor } from '../ipld/cid';
import { CBOR } from '../ipld/codecs';
import type { ActorId, ActorState } from '../state/actorState';
import type { Manifest } from '../state/manifest';
import { SYSTEM_ACTOR_ID } from '../state/singletons';
import type { StateTree } from '../state/stateTree';
import { equalBytes } from '../util/bytes';
import type { ActorCodeRegistry } from './actorCode';
import { type Block, block } from './blocks';
import { ErrorNumber, ExitCode } from './codes';
import type { Externs, MachineConfig, NetworkContext } from './context';
import { ActorExit, FatalError, SyscallError } from './errors';
import { EventsAccumulator } from './events';
import type { ExecutionEvent } from './executionEvents';
import { Kernel } from './kernel';
import { StateAccessTracker } from './stateAccess';

/** What a call returns when it ran (successfully or not): spec 4.2 `InvocationResult`. */
export interface InvocationResult {
  readonly exitCode: number;
  readonly returnBlock: Block | undefined;
}

/** One failing frame, for the backtrace shown with a failed message (spec 3.6). */
export interface BacktraceFrame {
  readonly source: ActorId;
  readonly method: number;
  readonly exitCode: number;
  readonly message: string;
}

/** Everything a call manager needs from the machine for one message. */
export interface CallManagerSetup {
  readonly stateTree: StateTree;
  readonly store: Blockstore;
  readonly manifest: Manifest;
  readonly code: ActorCodeRegistry;
  readonly network: NetworkContext;
  readonly externs: Externs;
  readonly config: MachineConfig;
  readonly gasLimitMilligas: number;
  /** Top-level sender ID and the `from` address exactly as written in the message (spec 5.3, 8.5). */
  readonly origin: ActorId;
  readonly originAddress: Address;
  readonly nonce: number;
  readonly effectivePremium: bigint;
  readonly emptyArrayCid: CID;
  /** When set, EVM invocations record step traces here (the EvmFrame trace event holds the index). */
  readonly evmTraces?: StepTrace[];
}

const METHOD_SEND = 0;
const METHOD_CONSTRUCTOR = 1;
const BLS_ZERO_KEY = (() => {
  const key = new Uint8Array(48);
  key[0] = 0xc0;
  return key;
})();

/**
 * Runs the call stack of one message (spec 4; ref-fvm `call_manager/default.rs`): gas, state access
 * charges, address resolution, implicit actor creation, value transfer, transactions, events, depth and
 * the trace. Every actor-to-actor call goes through `callActor`.
 */
export class CallManager {
  readonly gas: GasTracker;
  readonly stateAccess = new StateAccessTracker();
  readonly events = new EventsAccumulator();
  readonly trace: ExecutionEvent[] | undefined;
  readonly backtrace: BacktraceFrame[] = [];
  /** The last syscall error, the "cause" of a backtrace (spec 3.6). */
  lastSyscallError: SyscallError | undefined;
  private depth = 0;
  /** Actors created so far in this message (feeds f2 address derivation, spec 8.5). */
  actorsCreated = 0;

  constructor(readonly setup: CallManagerSetup) {
    this.gas = new GasTracker(setup.gasLimitMilligas);
    if (setup.config.tracing) {
      const trace: ExecutionEvent[] = [];
      this.trace = trace;
      this.gas.listener = (charge) => trace.push({ kind: 'GasCharge', charge });
    }
    for (const id of PRELOADED_ACTORS) this.stateAccess.markUpdated(id);
  }

  get stateTree(): StateTree {
    return this.setup.stateTree;
  }

  get callDepth(): number {
    return this.depth;
  }

  charge(charge: GasCharge): void {
    this.gas.charge(charge);
  }

  record(event: ExecutionEvent): void {
    this.trace?.push(event);
  }

  // ---- transactions (spec 4.5) -------------------------------------------------------------------

  /** Runs `work` in a transaction: state, events and access marks are rolled back on error or exit ≠ 0. */
  withTransaction(work: () => InvocationResult): InvocationResult {
    this.setup.stateTree.beginTransaction();
    this.stateAccess.begin();
    this.events.begin();
    let revert = true;
    try {
      const result = work();
      revert = result.exitCode !== ExitCode.OK;
      return result;
    } finally {
      this.events.end(revert);
      this.stateAccess.end(revert);
      this.setup.stateTree.endTransaction(revert);
    }
  }

  // ---- state access with charges (spec 6.3) -----------------------------------------------------

  /** Reads an actor, paying OnActorLookup the first time this message reads it. */
  getActor(id: ActorId): ActorState | undefined {
    if (this.stateAccess.accessOf(id) === undefined) this.charge(onActorLookup());
    this.stateAccess.markRead(id);
    return this.setup.stateTree.getActor(id);
  }

  /** Writes an actor, paying lookup and update charges unless already paid. */
  setActor(id: ActorId, state: ActorState): void {
    this.chargeUpdate(id);
    this.setup.stateTree.setActor(id, state);
  }

  deleteActor(id: ActorId): void {
    this.chargeUpdate(id);
    this.setup.stateTree.deleteActor(id);
  }

  private chargeUpdate(id: ActorId): void {
    const access = this.stateAccess.accessOf(id);
    if (access === undefined) this.charge(onActorLookup());
    if (access !== 'updated') this.charge(onActorUpdate());
    this.stateAccess.markUpdated(id);
  }

  /** Resolves to an ID (spec 4.3): ID addresses are free; others pay OnResolveAddress once per message. */
  resolveAddress(address: Address): ActorId | undefined {
    if (address.protocol === Protocol.ID) {
      const id = address.id;
      return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
    }
    if (!this.stateAccess.isResolved(address.key)) this.charge(onResolveAddress());
    const id = this.setup.stateTree.lookupId(address);
    if (id !== undefined) this.stateAccess.markResolved(address.key);
    return id;
  }

  // ---- value transfer (spec 4.2 c) ---------------------------------------------------------------

  transfer(from: ActorId, to: ActorId, value: bigint): void {
    if (value < 0n) throw new SyscallError(ErrorNumber.IllegalArgument, 'negative value transfer');
    const sender = this.getActor(from);
    if (!sender) throw new SyscallError(ErrorNumber.InsufficientFunds, `sender f0${from} does not exist`);
    if (from === to) return;
    if (sender.balance < value) {
      throw new SyscallError(
        ErrorNumber.InsufficientFunds,
        `sender f0${from} has ${sender.balance} attoFIL, cannot send ${value}`,
      );
    }
    const recipient = this.getActor(to);
    if (!recipient) throw new SyscallError(ErrorNumber.NotFound, `recipient f0${to} does not exist`);
    this.setActor(from, { ...sender, balance: sender.balance - value });
    this.setActor(to, { ...recipient, balance: recipient.balance + value });
  }

  // ---- actor creation ----------------------------------------------------------------------------

  /** The next f2 address: blake2b-160(CBOR(origin address) ‖ nonce ‖ actors created) (spec 8.5). */
  nextActorAddress(): Address {
    const origin = encodeDagCbor(this.setup.originAddress.bytes);
    const data = new Uint8Array(origin.length + 16);
    data.set(origin);
    const view = new DataView(data.buffer);
    view.setBigUint64(origin.length, BigInt(this.setup.nonce));
    view.setBigUint64(origin.length + 8, BigInt(this.actorsCreated));
    return Address.newActor(data);
  }

  /** Explicit creation by the Init actor (spec 2.4 `actor.create_actor`, after the kernel's checks). */
  createActor(code: CID, id: ActorId, delegatedAddress: Address | null): void {
    const manifest = this.setup.manifest;
    const typeName = manifest.nameOf(code);
    if (typeName && SINGLETON_TYPES.has(typeName)) {
      throw new SyscallError(ErrorNumber.Forbidden, `only one ${typeName} actor may exist`);
    }
    const previous = this.getActor(id);
    let state: ActorState;
    if (previous) {
      if (!manifest.is(previous.code, 'placeholder')) {
        throw new SyscallError(ErrorNumber.Forbidden, `actor f0${id} already exists`);
      }
      const sameAddress =
        previous.delegatedAddress && delegatedAddress
          ? previous.delegatedAddress.equals(delegatedAddress)
          : false;
      if (!sameAddress) {
        throw new SyscallError(
          ErrorNumber.Forbidden,
          `placeholder f0${id} has a different delegated address`,
        );
      }
      state = { ...previous, code };
    } else {
      state = { code, head: this.setup.emptyArrayCid, sequence: 0, balance: 0n, delegatedAddress };
    }
    this.charge(onCreateActor(false));
    this.setActor(id, state);
    this.actorsCreated++;
  }

  /** A send to an unassigned f1/f3/f410 address creates the actor (spec 4.4). */
  private createActorFromSend(address: Address, readOnly: boolean): ActorId {
    const manifest = this.setup.manifest;
    if (readOnly)
      throw new SyscallError(ErrorNumber.ReadOnly, `cannot create ${address} in a read-only call`);
    const isKey = address.protocol === Protocol.Secp256k1 || address.protocol === Protocol.BLS;
    if (address.protocol === Protocol.BLS && equalBytes(address.payload, BLS_ZERO_KEY)) {
      throw new SyscallError(
        ErrorNumber.IllegalArgument,
        'cannot create an account for the BLS zero address',
      );
    }
    this.charge(onCreateActor(true));
    const id = this.setup.stateTree.registerNewAddress(address);
    this.stateAccess.markResolved(address.key);
    this.setActor(id, {
      code: manifest.code(isKey ? 'account' : 'placeholder'),
      head: this.setup.emptyArrayCid,
      sequence: 0,
      balance: 0n,
      delegatedAddress: isKey ? null : address,
    });
    if (isKey) {
      // The account constructor runs from the system actor and is not traced as a sub-call (spec 4.4).
      const params = block(CBOR, encodeDagCbor(address.bytes));
      const result = this.callResolved(SYSTEM_ACTOR_ID, id, METHOD_CONSTRUCTOR, params, 0n, false, false);
      if (result.exitCode !== ExitCode.OK) {
        throw new FatalError(
          `the account constructor for ${address} failed with exit code ${result.exitCode}`,
        );
      }
    }
    return id;
  }

  // ---- calls (spec 4.2) --------------------------------------------------------------------------

  /**
   * Calls `to` from `from`. Throws SyscallError when the call cannot be dispatched, OutOfGas when gas runs
   * out beyond any sub-limit, FatalError on host failures; otherwise returns the callee's exit code and
   * return block (a failed callee is a result, not an error).
   */
  callActor(
    from: ActorId,
    to: Address,
    method: number,
    params: Block | undefined,
    value: bigint,
    gasLimitMilligas: number | undefined,
    readOnly: boolean,
  ): InvocationResult {
    if (this.trace) {
      const limit =
        gasLimitMilligas === undefined ? this.gas.available : Math.min(gasLimitMilligas, this.gas.available);
      this.record({
        kind: 'Call',
        from,
        to,
        method,
        params,
        value,
        gasLimit: toWholeGasCeil(limit),
        readOnly,
      });
    }
    if (gasLimitMilligas !== undefined) this.gas.pushLimit(gasLimitMilligas);
    let outcome: { result: InvocationResult } | { error: unknown };
    try {
      if (this.depth >= this.setup.config.maxCallDepth) {
        throw new SyscallError(
          ErrorNumber.LimitExceeded,
          `call depth limit ${this.setup.config.maxCallDepth} exceeded`,
        );
      }
      this.depth++;
      try {
        outcome = { result: this.callUnchecked(from, to, method, params, value, readOnly) };
      } finally {
        this.depth--;
      }
    } catch (error) {
      outcome = { error };
    }
    if (gasLimitMilligas !== undefined) this.gas.popLimit();

    // A sub-call that exhausted only its own limit fails with SYS_OUT_OF_GAS; the caller goes on (spec 4.2.6).
    if ('error' in outcome && outcome.error instanceof OutOfGas && this.gas.available > 0) {
      outcome = { result: { exitCode: ExitCode.SYS_OUT_OF_GAS, returnBlock: undefined } };
    }
    if ('result' in outcome) {
      this.record({
        kind: 'CallReturn',
        exitCode: outcome.result.exitCode,
        returnBlock: outcome.result.returnBlock,
      });
      return outcome.result;
    }
    const error = outcome.error;
    if (error instanceof OutOfGas) {
      this.record({ kind: 'CallReturn', exitCode: ExitCode.SYS_OUT_OF_GAS, returnBlock: undefined });
    } else if (error instanceof SyscallError) {
      this.lastSyscallError = error;
      this.record({ kind: 'CallError', errno: error.errno, message: error.message, fatal: false });
    } else {
      this.record({ kind: 'CallError', errno: ErrorNumber.Forbidden, message: 'fatal', fatal: true });
    }
    throw error;
  }

  private callUnchecked(
    from: ActorId,
    to: Address,
    method: number,
    params: Block | undefined,
    value: bigint,
    readOnly: boolean,
  ): InvocationResult {
    let id = this.resolveAddress(to);
    if (id === undefined) {
      const creatable =
        to.protocol === Protocol.Secp256k1 ||
        to.protocol === Protocol.BLS ||
        (to.protocol === Protocol.Delegated && to.namespace === EAM_NAMESPACE);
      if (!creatable) throw new SyscallError(ErrorNumber.NotFound, `actor ${to} does not exist`);
      id = this.createActorFromSend(to, readOnly);
    }
    return this.callResolved(from, id, method, params, value, readOnly, true);
  }

  private callResolved(
    from: ActorId,
    to: ActorId,
    method: number,
    params: Block | undefined,
    value: bigint,
    readOnly: boolean,
    traced: boolean,
  ): InvocationResult {
    const actor = this.getActor(to);
    if (!actor) throw new SyscallError(ErrorNumber.NotFound, `actor f0${to} does not exist`);
    if (traced) this.record({ kind: 'InvokeActor', id: to, state: actor });

    if (value !== 0n) {
      this.charge(onValueTransfer());
      this.transfer(from, to, value);
    }
    if (method === METHOD_SEND) return { exitCode: ExitCode.OK, returnBlock: undefined };

    this.charge(onMethodInvocation(params?.links.length ?? 0));
    const code = this.setup.code.get(actor.code);
    if (!code) throw new FatalError(`no code can run actor f0${to} (code ${actor.code})`);
    if (code.minTableElements !== undefined) this.charge(wasmTableInit(code.minTableElements));
    this.charge(wasmMemoryInit(code.minMemoryPages));

    const kernel = new Kernel(this, from, to, method, value, readOnly, actor.code);
    const paramsId = params ? kernel.blocks.putReachable(params) : 0;
    let result: InvocationResult;
    try {
      const returnId = code.invoke(kernel, paramsId);
      kernel.finishExecution();
      result = this.returnFrom(kernel, returnId);
    } catch (thrown) {
      const error = isStackOverflow(thrown) ? hostStackOverflow() : thrown;
      if (!(error instanceof ActorExit)) {
        // Gas used by the code before it stopped is still owed (spec 3.5 item 3).
        if (error instanceof OutOfGas) throw error;
        kernel.finishExecution();
        throw error;
      }
      kernel.finishExecution();
      result = this.exitFrom(error);
      if (result.exitCode !== ExitCode.OK) {
        this.backtrace.push({ source: to, method, exitCode: result.exitCode, message: error.message });
      }
    }
    if (result.returnBlock) {
      this.charge(
        this.depth === 1
          ? onChainReturnValue(result.returnBlock.data.length)
          : onReturnValue(result.returnBlock.links.length),
      );
    }
    return result;
  }

  private returnFrom(kernel: Kernel, returnId: number): InvocationResult {
    if (returnId === 0) return { exitCode: ExitCode.OK, returnBlock: undefined };
    try {
      return { exitCode: ExitCode.OK, returnBlock: kernel.blocks.get(returnId) };
    } catch {
      return { exitCode: ExitCode.SYS_MISSING_RETURN, returnBlock: undefined };
    }
  }

  /** Exit codes 1..15 are the system's: an actor using one gets SYS_ILLEGAL_EXIT_CODE (spec 2.4 vm.exit). */
  private exitFrom(exit: ActorExit): InvocationResult {
    const code =
      !exit.byHost && exit.exitCode > 0 && exit.exitCode < 16
        ? ExitCode.SYS_ILLEGAL_EXIT_CODE
        : exit.exitCode;
    return { exitCode: code, returnBlock: exit.returnBlock };
  }
}

/**
 * The JavaScript engine's own stack ran out. ref-fvm runs on a 64 MiB native stack, so its 1,024-level call
 * depth limit trips first; a browser worker's stack is smaller, and a deep enough chain of actor calls
 * exhausts it first. Policy (spec 1.3 item 3): the frame where it happens traps, as a Wasm stack overflow
 * does — SYS_ILLEGAL_INSTRUCTION — and the callers go on, so the message still gets a receipt.
 */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function hostStackOverflow(): ActorExit {
  return new ActorExit(
    ExitCode.SYS_ILLEGAL_INSTRUCTION,
    undefined,
    "the call chain is deeper than this JavaScript engine's stack allows (host stack overflow)",
    true,
  );
}

const SINGLETON_TYPES = new Set([
  'system',
  'init',
  'reward',
  'cron',
  'storagepower',
  'storagemarket',
  'verifiedregistry',
  'datacap',
  'eam',
]);
