import type { Address } from '../address';
import type { GasCharge } from '../gas/charge';
import type { CID } from '../ipld/cid';
import type { Block } from '../kernel/blocks';
import type { ExecutionEvent } from '../kernel/executionEvents';
import type { ActorId, ActorState } from '../state/actorState';

/** One call in the call tree: a message, or an actor calling an actor. */
export interface CallNode {
  readonly from: ActorId;
  readonly to: Address;
  readonly method: number;
  readonly params: Block | undefined;
  readonly value: bigint;
  readonly gasLimit: number;
  readonly readOnly: boolean;
  invokedActor: { readonly id: ActorId; readonly state: ActorState } | undefined;
  /** Set when the call returned (even with a failing exit code). */
  exitCode: number | undefined;
  returnBlock: Block | undefined;
  /** Set when the call could not be dispatched (a syscall error, or fatal). */
  error: { readonly errno: number; readonly message: string; readonly fatal: boolean } | undefined;
  /** Charges made by this call itself (not its sub-calls), in order. */
  readonly gasCharges: GasCharge[];
  readonly subcalls: CallNode[];
  readonly logs: string[];
  readonly ipldOps: Array<{ readonly op: 'Get' | 'Put'; readonly cid: CID; readonly size: number }>;
  readonly evmFrames: Array<{ readonly traceId: number; readonly steps: number }>;
  /** Lines this call's contract printed with Hardhat's console.log, in order (see `consoleLogs`). */
  readonly consoleLogs: ConsoleLogLine[];
}

/** One console.log line: the text as Hardhat formats it, its overload and its arguments as strings. */
export interface ConsoleLogLine {
  readonly text: string;
  readonly signature: string;
  readonly args: readonly string[];
}

export interface CallTree {
  /** Charges before the first call: the inclusion charge (spec 12.3). */
  readonly preCallCharges: GasCharge[];
  readonly root: CallNode | undefined;
}

/**
 * Pairs Call with CallReturn/CallError to build the tree, and assigns every other event to the call that
 * was running (filecoin-ffi `build_lotus_trace`, spec 12.3).
 */
export function buildCallTree(events: readonly ExecutionEvent[]): CallTree {
  const preCallCharges: GasCharge[] = [];
  const stack: CallNode[] = [];
  let root: CallNode | undefined;
  for (const event of events) {
    const current = stack[stack.length - 1];
    switch (event.kind) {
      case 'GasCharge':
        (current ? current.gasCharges : root ? root.gasCharges : preCallCharges).push(event.charge);
        break;
      case 'Call': {
        const node: CallNode = {
          from: event.from,
          to: event.to,
          method: event.method,
          params: event.params,
          value: event.value,
          gasLimit: event.gasLimit,
          readOnly: event.readOnly,
          invokedActor: undefined,
          exitCode: undefined,
          returnBlock: undefined,
          error: undefined,
          gasCharges: [],
          subcalls: [],
          logs: [],
          ipldOps: [],
          evmFrames: [],
          consoleLogs: [],
        };
        if (current) current.subcalls.push(node);
        else root ??= node;
        stack.push(node);
        break;
      }
      case 'InvokeActor':
        if (current) current.invokedActor = { id: event.id, state: event.state };
        break;
      case 'CallReturn':
        if (current) {
          current.exitCode = event.exitCode;
          current.returnBlock = event.returnBlock;
          stack.pop();
        }
        break;
      case 'CallError':
        if (current) {
          current.error = { errno: event.errno, message: event.message, fatal: event.fatal };
          stack.pop();
        }
        break;
      case 'Log':
        current?.logs.push(event.message);
        break;
      case 'Ipld':
        current?.ipldOps.push({ op: event.op, cid: event.cid, size: event.size });
        break;
      case 'EvmFrame':
        current?.evmFrames.push({ traceId: event.traceId, steps: event.steps });
        break;
      case 'ConsoleLog':
        current?.consoleLogs.push({ text: event.text, signature: event.signature, args: event.args });
        break;
    }
  }
  return { preCallCharges, root };
}

/**
 * Every console.log line of a message in execution order (calls that later failed included, as in
 * Hardhat), with the depth of the call that printed it (0 = the message's own call).
 */
export function consoleLogs(
  events: readonly ExecutionEvent[],
): Array<ConsoleLogLine & { readonly depth: number }> {
  const lines: Array<ConsoleLogLine & { depth: number }> = [];
  let depth = -1;
  for (const event of events) {
    if (event.kind === 'Call') depth++;
    else if (event.kind === 'CallReturn' || event.kind === 'CallError') depth--;
    else if (event.kind === 'ConsoleLog')
      lines.push({ text: event.text, signature: event.signature, args: event.args, depth });
  }
  return lines;
}

/** Milligas charged by a node and all its sub-calls. */
export function inclusiveGas(node: CallNode): number {
  let total = 0;
  for (const charge of node.gasCharges) total += charge.compute + charge.other;
  for (const child of node.subcalls) total += inclusiveGas(child);
  return total;
}

/** Totals by charge name over the whole tree, in milligas (for the "by charge" table). */
export function totalsByName(
  tree: CallTree,
): Map<string, { compute: number; other: number; count: number; estimated: boolean }> {
  const totals = new Map<string, { compute: number; other: number; count: number; estimated: boolean }>();
  const add = (charge: GasCharge) => {
    const entry = totals.get(charge.name) ?? { compute: 0, other: 0, count: 0, estimated: false };
    entry.compute += charge.compute;
    entry.other += charge.other;
    entry.count += 1;
    entry.estimated ||= charge.estimated === true;
    totals.set(charge.name, entry);
  };
  tree.preCallCharges.forEach(add);
  const visit = (node: CallNode) => {
    node.gasCharges.forEach(add);
    node.subcalls.forEach(visit);
  };
  if (tree.root) visit(tree.root);
  return totals;
}
