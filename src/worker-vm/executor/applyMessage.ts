import type { StepTrace } from '../evm';
import { type GasCharge, totalOf, toWholeGasCeil } from '../gas/charge';
import { onChainMessage } from '../gas/charges';
import { computeGasOutputs, type GasOutputs } from '../gas/outputs';
import { OutOfGas } from '../gas/tracker';
import { Amt } from '../ipld/amt';
import { type Blockstore, MemoryBlockstore } from '../ipld/blockstore';
import type { CID } from '../ipld/cid';
import { CBOR, IPLD_RAW } from '../ipld/codecs';
import type { ActorCodeRegistry } from '../kernel/actorCode';
import { block } from '../kernel/blocks';
import { type BacktraceFrame, CallManager, type InvocationResult } from '../kernel/callManager';
import { ErrorNumber, ExitCode } from '../kernel/codes';
import type { Externs, MachineConfig, NetworkContext } from '../kernel/context';
import { FatalError, SyscallError } from '../kernel/errors';
import { encodeStampedEvent, type StampedEvent } from '../kernel/events';
import type { ExecutionEvent } from '../kernel/executionEvents';
import type { ActorId } from '../state/actorState';
import type { Manifest } from '../state/manifest';
import { BURNT_FUNDS_ACTOR_ID, REWARD_ACTOR_ID } from '../state/singletons';
import type { StateTree } from '../state/stateTree';
import { assertValidMessage, type Message } from './message';

/** What applying a message needs from the machine. */
export interface ExecutorEnv {
  readonly stateTree: StateTree;
  readonly store: Blockstore;
  readonly manifest: Manifest;
  readonly code: ActorCodeRegistry;
  readonly network: NetworkContext;
  readonly externs: Externs;
  readonly config: MachineConfig;
  readonly emptyArrayCid: CID;
  /** Collect EVM step traces (off unless asked: they can be large). */
  readonly evmTraces?: StepTrace[];
}

/** Receipt `[exit_code, return_data, gas_used, events_root]` (spec 5.4); the return codec is reported beside it. */
export interface Receipt {
  readonly exitCode: number;
  readonly returnData: Uint8Array;
  readonly returnCodec: number;
  readonly gasUsed: number;
  readonly eventsRoot: CID | null;
}

export interface ApplyResult {
  readonly receipt: Receipt;
  /** Fee breakdown; absent for implicit messages and messages that failed pre-flight. */
  readonly gasOutputs: GasOutputs | undefined;
  /** Reported to the block producer, never applied here (spec 5.5). */
  readonly minerPenalty: bigint;
  readonly events: readonly StampedEvent[];
  readonly trace: readonly ExecutionEvent[] | undefined;
  readonly backtrace: { readonly frames: readonly BacktraceFrame[]; readonly cause: string | undefined };
  /** Why the message failed before or outside actor code, in words. */
  readonly failure: string | undefined;
  readonly senderId: ActorId | undefined;
  /** EVM step traces, when requested; `EvmFrame` trace events index into this. */
  readonly evmTraces?: readonly StepTrace[];
}

export type ApplyKind = 'explicit' | 'implicit';

/**
 * Applies one message to the state tree (spec 5; ref-fvm `executor/default.rs`): pre-flight, execution,
 * receipt, fees. The state tree keeps the changes (the caller flushes it); an unexpected host exception
 * propagates so the caller can discard the tree and keep its previous state root.
 */
export function applyMessage(
  env: ExecutorEnv,
  message: Message,
  kind: ApplyKind,
  chainLength: number,
): ApplyResult {
  assertValidMessage(message);
  const tree = env.stateTree;
  const baseFee = env.network.baseFee;
  const gasLimit = BigInt(message.gasLimit);

  // ---- pre-flight (spec 5.2) ----
  let inclusion: GasCharge | undefined;
  if (kind === 'explicit') {
    inclusion = onChainMessage(chainLength);
    const inclusionGas = toWholeGasCeil(totalOf(inclusion));
    if (inclusionGas > message.gasLimit) {
      return preflightFailure(
        ExitCode.SYS_OUT_OF_GAS,
        `out of gas: inclusion costs ${inclusionGas} gas, the limit is ${message.gasLimit}`,
        baseFee * BigInt(inclusionGas),
      );
    }
  }
  const penaltyForLimit = kind === 'explicit' ? baseFee * gasLimit : 0n;
  const senderId = tree.lookupId(message.from);
  if (senderId === undefined) {
    return preflightFailure(
      ExitCode.SYS_SENDER_INVALID,
      `sender ${message.from} does not exist`,
      penaltyForLimit,
    );
  }
  if (kind === 'explicit') {
    const sender = tree.getActor(senderId);
    if (!sender)
      return preflightFailure(
        ExitCode.SYS_SENDER_INVALID,
        `sender ${message.from} does not exist`,
        penaltyForLimit,
      );
    let code = sender.code;
    const manifest = env.manifest;
    if (manifest.is(code, 'placeholder')) {
      // A placeholder with an f410 address that has never sent becomes an EthAccount (spec 5.2 item 3).
      const delegated = sender.delegatedAddress;
      if (sender.sequence !== 0 || !delegated || delegated.protocol !== 4 || delegated.namespace !== 10n) {
        return preflightFailure(
          ExitCode.SYS_SENDER_INVALID,
          'a placeholder may only send as a fresh f410 account',
          penaltyForLimit,
        );
      }
      code = manifest.code('ethaccount');
    } else if (!manifest.is(code, 'account') && !manifest.is(code, 'ethaccount')) {
      return preflightFailure(
        ExitCode.SYS_SENDER_INVALID,
        `sender ${message.from} is a ${manifest.nameOf(code) ?? 'non-account'} actor, not an account`,
        penaltyForLimit,
      );
    }
    if (message.sequence !== sender.sequence) {
      return preflightFailure(
        ExitCode.SYS_SENDER_STATE_INVALID,
        `wrong nonce: the message has ${message.sequence}, the sender is at ${sender.sequence}`,
        penaltyForLimit,
      );
    }
    const prepay = message.gasFeeCap * gasLimit;
    if (sender.balance < prepay) {
      return preflightFailure(
        ExitCode.SYS_SENDER_STATE_INVALID,
        `the sender has ${sender.balance} attoFIL, less than gas fee cap × gas limit = ${prepay}`,
        penaltyForLimit,
      );
    }
    tree.setActor(senderId, {
      ...sender,
      code,
      sequence: sender.sequence + 1,
      balance: sender.balance - prepay,
    });
  }

  // ---- execution (spec 5.3) ----
  const capMinusBase = message.gasFeeCap - baseFee;
  const premium = message.gasPremium < capMinusBase ? message.gasPremium : capMinusBase;
  const cm = new CallManager({
    stateTree: tree,
    store: env.store,
    manifest: env.manifest,
    code: env.code,
    network: env.network,
    externs: env.externs,
    config: env.config,
    gasLimitMilligas: message.gasLimit * 1000,
    origin: senderId,
    originAddress: message.from,
    nonce: message.sequence,
    effectivePremium: premium > 0n ? premium : 0n,
    emptyArrayCid: env.emptyArrayCid,
    ...(env.evmTraces ? { evmTraces: env.evmTraces } : {}),
  });
  cm.stateAccess.markUpdated(senderId);
  const receiverId = tree.lookupId(message.to);
  if (receiverId !== undefined && tree.getActor(receiverId)) cm.stateAccess.markRead(receiverId);
  cm.stateAccess.markResolved(message.from.key);
  cm.stateAccess.markResolved(message.to.key);

  const params =
    message.params.length === 0 ? undefined : block(message.method === 0 ? IPLD_RAW : CBOR, message.params);
  let result: InvocationResult | undefined;
  let exitCode: number;
  let failure: string | undefined;
  let fatal = false;
  try {
    result = cm.withTransaction(() => {
      if (inclusion) cm.charge(inclusion);
      return cm.callActor(senderId, message.to, message.method, params, message.value, undefined, false);
    });
    exitCode = result.exitCode;
  } catch (error) {
    if (error instanceof OutOfGas) {
      exitCode = ExitCode.SYS_OUT_OF_GAS;
      failure = 'out of gas';
    } else if (error instanceof SyscallError) {
      exitCode =
        error.errno === ErrorNumber.InsufficientFunds
          ? ExitCode.SYS_INSUFFICIENT_FUNDS
          : error.errno === ErrorNumber.NotFound
            ? ExitCode.SYS_INVALID_RECEIVER
            : ExitCode.SYS_ASSERTION_FAILED;
      failure = error.message;
    } else if (error instanceof FatalError) {
      // ref-fvm: a fatal error fails the message with SYS_ASSERTION_FAILED and uses all its gas.
      exitCode = ExitCode.SYS_ASSERTION_FAILED;
      failure = `fatal: ${error.message}`;
      fatal = true;
    } else {
      throw error;
    }
  }

  const gasUsed = fatal ? message.gasLimit : toWholeGasCeil(cm.gas.usedMilligas);
  const events = exitCode === ExitCode.OK ? cm.events.events : [];
  // A failed actor's return data (e.g. a revert payload) is part of the receipt too (spec 5.4).
  const returnBlock = result?.returnBlock;
  const receipt: Receipt = {
    exitCode,
    returnData: returnBlock?.data ?? new Uint8Array(0),
    returnCodec: returnBlock?.codec ?? 0,
    gasUsed,
    eventsRoot: events.length > 0 ? eventsRoot(events) : null,
  };

  // ---- fees (spec 5.5) ----
  let gasOutputs: GasOutputs | undefined;
  if (kind === 'explicit') {
    gasOutputs = computeGasOutputs(BigInt(gasUsed), gasLimit, baseFee, message.gasFeeCap, message.gasPremium);
    deposit(tree, BURNT_FUNDS_ACTOR_ID, gasOutputs.baseFeeBurn + gasOutputs.overEstimationBurn);
    deposit(tree, REWARD_ACTOR_ID, gasOutputs.minerTip);
    deposit(tree, senderId, gasOutputs.refund);
  }

  const succeeded = exitCode === ExitCode.OK;
  return {
    receipt,
    gasOutputs,
    minerPenalty: gasOutputs?.minerPenalty ?? 0n,
    events,
    trace: cm.trace,
    backtrace: {
      frames: succeeded ? [] : cm.backtrace,
      cause: succeeded ? undefined : (failure ?? cm.lastSyscallError?.message),
    },
    failure: succeeded ? undefined : failure,
    senderId,
    evmTraces: env.evmTraces ?? [],
  };
}

function preflightFailure(exitCode: number, failure: string, minerPenalty: bigint): ApplyResult {
  return {
    receipt: { exitCode, returnData: new Uint8Array(0), returnCodec: 0, gasUsed: 0, eventsRoot: null },
    gasOutputs: undefined,
    minerPenalty,
    events: [],
    trace: undefined,
    backtrace: { frames: [], cause: failure },
    failure,
    senderId: undefined,
    evmTraces: [],
  };
}

function deposit(tree: StateTree, id: ActorId, amount: bigint): void {
  if (amount === 0n) return;
  const actor = tree.getActor(id);
  if (!actor) throw new FatalError(`cannot deposit fees: actor f0${id} does not exist`);
  tree.setActor(id, { ...actor, balance: actor.balance + amount });
}

/** Events root: an AMT (bit width 5) of stamped events, written to a store that is thrown away (spec 4.8). */
export function eventsRoot(events: readonly StampedEvent[]): CID {
  const amt = Amt.create<unknown>(new MemoryBlockstore(), { bitWidth: 5 });
  events.forEach((event, index) => {
    amt.set(index, encodeStampedEvent(event));
  });
  return amt.flush();
}
