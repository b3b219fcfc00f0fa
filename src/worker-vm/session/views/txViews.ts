import type { Abi, AbiFunction } from 'viem';
import type { ApplyResult, Receipt } from '../../executor/applyMessage';
import { decodeDagCbor } from '../../ipld/cid';
import { describeExitCode } from '../../kernel/codes';
import { bytesToHex } from '../../util/bytes';
import { decodeConsoleCall, decodeLog, decodeReturn, decodeRevert } from '../abi/decode';
import { addressForms } from '../addressForms';
import type { IndexedCallTree } from '../callTree/indexedCallTree';
import { indexCallTree } from '../callTree/indexedCallTree';
import { CONSOLE_FILECOIN_ADDRESS, calldataOf } from '../labels';
import type { MessageRecord, PlaygroundSession } from '../session';
import type {
  ConsoleLineView,
  EventView,
  FeeView,
  ReadView,
  RevertView,
  TxDetail,
  TxSummary,
} from '../views';
import { actorEventArgs, wasmReturned } from '../wasm/wasmActors';

const EVM_REVERTED = 33;
const hex = (bytes: Uint8Array) => `0x${bytesToHex(bytes)}`;

/** A receipt's return value as EVM bytes: the CBOR byte string EVM actors return, or the raw block. */
export function returnBytes(receipt: Pick<Receipt, 'returnData'>): Uint8Array {
  if (receipt.returnData.length === 0) return receipt.returnData;
  try {
    const decoded = decodeDagCbor<unknown>(receipt.returnData);
    return decoded instanceof Uint8Array ? decoded : receipt.returnData;
  } catch {
    return receipt.returnData;
  }
}

export function txSummary(session: PlaygroundSession, record: MessageRecord, index: number): TxSummary {
  const { applied } = record;
  const message = applied.message;
  const receipt = applied.result.receipt;
  const exit = describeExitCode(receipt.exitCode);
  const toId = session.machine.resolve(message.to);
  const deployed = record.deployed === null ? undefined : session.contracts[record.deployed];
  const replay = session.cachedReplay(index);
  let stepCount: number | null = null;
  if (replay) {
    stepCount = 0;
    for (const trace of replay.traces) stepCount += trace.stepCount;
  }
  return {
    index,
    cid: applied.cid.toString(),
    kind: record.kind,
    from: message.from.toString(),
    fromLabel: session.actorLabel(applied.result.senderId, message.from.toString()),
    to: deployed ? deployed.address.toString() : message.to.toString(),
    toLabel: deployed ? deployed.name : session.actorLabel(toId, message.to.toString()),
    action: record.action,
    value: message.value,
    exitCode: receipt.exitCode,
    exitName: exit.name,
    gasUsed: receipt.gasUsed,
    gasLimit: message.gasLimit,
    epoch: applied.epoch,
    stepCount,
  };
}

function feeView(record: MessageRecord): FeeView | null {
  const outputs = record.applied.result.gasOutputs;
  if (!outputs) return null;
  const message = record.applied.message;
  return {
    baseFeeBurn: outputs.baseFeeBurn,
    overEstimationBurn: outputs.overEstimationBurn,
    minerTip: outputs.minerTip,
    minerPenalty: outputs.minerPenalty,
    refund: outputs.refund,
    totalCost: message.gasFeeCap * BigInt(message.gasLimit) - outputs.refund,
    gasBurned: outputs.gasBurned,
    gasRefund: outputs.gasRefund,
  };
}

/** Every ABI worth trying for a contract's errors and events: its own first, then every known one. */
function abisFor(session: PlaygroundSession, first: Abi | undefined): Abi[] {
  const abis: Abi[] = first ? [first] : [];
  for (const { abi } of session.registry.allAbis()) if (abi !== first) abis.push(abi);
  return abis;
}

function eventViews(session: PlaygroundSession, result: ApplyResult): EventView[] {
  return result.events.map((event) => {
    const topics = event.entries
      .filter((entry) => /^t[1-4]$/.test(entry.key))
      .map((entry) => hex(entry.value) as `0x${string}`);
    const dataEntry = event.entries.find((entry) => entry.key === 'd');
    const data = (dataEntry ? hex(dataEntry.value) : '0x') as `0x${string}`;
    const decoded = decodeLog(abisFor(session, session.abiOfActor(event.emitter)), topics, data);
    const contract = session.contractById(event.emitter);
    // Events of actors other than EVM contracts (Wasm actors): their entries, decoded by codec.
    const evm = topics.length > 0 || dataEntry !== undefined;
    return {
      emitter: addressForms(session.machine, undefined, event.emitter),
      emitterName: contract?.name ?? null,
      name: decoded?.name ?? null,
      args: decoded?.args ?? (evm ? [] : actorEventArgs(event.entries)),
      topics,
      data,
    };
  });
}

/** console.log calls (calls to the console address, decoded), plus any debug log lines of the trace. */
export function consoleLines(tree: IndexedCallTree): ConsoleLineView[] {
  const lines: ConsoleLineView[] = [];
  tree.nodes.forEach((node, id) => {
    if (node.to.equals(CONSOLE_FILECOIN_ADDRESS)) {
      const text = decodeConsoleCall(calldataOf(node.params));
      if (text !== undefined) lines.push({ text, node: id });
    }
    for (const log of node.logs) {
      // A VM that captures console.log itself may also log the line: keep one copy.
      if (lines.at(-1)?.text !== log) lines.push({ text: log, node: id });
    }
  });
  return lines;
}

function revertOf(session: PlaygroundSession, result: ApplyResult, abi: Abi | undefined): RevertView | null {
  if (result.receipt.exitCode !== EVM_REVERTED) return null;
  return decodeRevert(abisFor(session, abi), returnBytes(result.receipt));
}

function backtraceText(result: ApplyResult): string | null {
  const { frames, cause } = result.backtrace;
  if (frames.length === 0 && !cause) return null;
  const lines = frames.map(
    (frame) =>
      `f0${frame.source} (method ${frame.method}) exited ${frame.exitCode} (${describeExitCode(frame.exitCode).name})${frame.message ? `: ${frame.message}` : ''}`,
  );
  if (cause) lines.push(`caused by: ${cause}`);
  return lines.join('\n');
}

export function txDetail(session: PlaygroundSession, record: MessageRecord, index: number): TxDetail {
  const summary = txSummary(session, record, index);
  const { applied } = record;
  const result = applied.result;
  const exit = describeExitCode(result.receipt.exitCode);
  const contract = record.contract === null ? undefined : session.contracts[record.contract];
  const targetAbi =
    record.kind === 'deploy'
      ? record.artifactKey
        ? session.registry.get(record.artifactKey)?.abi
        : undefined
      : contract?.artifactKey
        ? session.registry.get(contract.artifactKey)?.abi
        : undefined;
  const bytes = returnBytes(result.receipt);
  const succeeded = result.receipt.exitCode === 0;
  let revertLocation: TxDetail['revertLocation'] = null;
  if (!succeeded && record.kind !== 'send' && record.kind !== 'wasm' && result.trace) {
    const debug = session.debuggerOf(index);
    const step = debug.revertStep();
    if (step !== undefined) {
      const location = debug.locationNear(step);
      if (location) revertLocation = { path: location.path, line: location.startLine };
    }
  }
  return {
    ...summary,
    exitText: exit.text,
    failure: result.failure ?? null,
    fees: feeView(record),
    nonce: applied.message.sequence,
    method: applied.message.method,
    params: hex(applied.message.params),
    returnData: hex(bytes),
    returned:
      record.kind === 'wasm'
        ? wasmReturned(applied.message, result.receipt)
        : succeeded && record.fn
          ? (decodeReturn(record.fn, bytes) ?? null)
          : null,
    deployed: record.deployed === null ? null : session.contractView(session.contracts[record.deployed]!),
    events: eventViews(session, result),
    consoleLines: consoleLines(session.callTreeOf(index)),
    revert: revertOf(session, result, targetAbi),
    revertLocation,
    backtrace: backtraceText(result),
    stateRootBefore: applied.stateRootBefore.toString(),
    stateRootAfter: applied.stateRootAfter.toString(),
  };
}

export function readView(
  session: PlaygroundSession,
  result: ApplyResult,
  fn: AbiFunction | undefined,
  abi: Abi | undefined,
): ReadView {
  const exit = describeExitCode(result.receipt.exitCode);
  const bytes = returnBytes(result.receipt);
  const succeeded = result.receipt.exitCode === 0;
  return {
    exitCode: result.receipt.exitCode,
    exitName: exit.name,
    exitText: result.failure ? `${exit.text}: ${result.failure}` : exit.text,
    gasUsed: result.receipt.gasUsed,
    returnData: hex(bytes),
    returned: succeeded && fn ? (decodeReturn(fn, bytes) ?? null) : null,
    revert: revertOf(session, result, abi),
    consoleLines: result.trace ? consoleLines(indexCallTree(result.trace)) : [],
  };
}
