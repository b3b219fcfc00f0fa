import { wordToEth, wordToFilecoin } from '../../actors/evm/ethAddresses';
import { EvmMethod } from '../../actors/evm/methods';
import { isPrecompileAddress } from '../../address/ethereum';
import { Op, type StepTrace } from '../../evm';
import { EAM_ACTOR_ID } from '../../state/singletons';
import { childrenOf, type IndexedCallTree } from '../callTree/indexedCallTree';
import { type StepColumns, stepColumns } from '../trace/stepColumns';

/** One EVM invocation in a message's debugger timeline. */
export interface TimelineFrame {
  readonly index: number;
  readonly traceId: number;
  /** The call-tree node whose invocation ran it. */
  readonly nodeId: number;
  readonly parentFrame: number;
  /** EVM call depth within the message: 0 for the outermost EVM frame. */
  readonly depth: number;
  /** Global step of the parent's CALL/CREATE that led here, -1 for an outermost frame. */
  readonly callStep: number;
  firstStep: number;
  lastStep: number;
  /** Call-tree nodes started by each of this frame's steps (local step → child nodes). */
  readonly childrenAt: Map<number, number[]>;
}

/** A run of consecutive steps of one trace, placed at `globalStart` in the timeline. */
export interface Segment {
  readonly frame: number;
  readonly traceId: number;
  readonly localStart: number;
  readonly localEnd: number;
  readonly globalStart: number;
}

const CALL_LIKE = new Set<number>([
  Op.CALL,
  Op.CALLCODE,
  Op.DELEGATECALL,
  Op.STATICCALL,
  Op.CREATE,
  Op.CREATE2,
]);

/**
 * The steps of every EVM invocation of a message in execution order, as one list. On the FEVM each EVM
 * invocation (each call into a contract) records its own step trace; the call tree says which invocation
 * called which, and the caller's CALL/CREATE steps say when. A caller's trace is cut after each such step
 * and the callee's steps are placed there, so stepping "into" a CALL continues in the callee.
 */
export class Timeline {
  readonly frames: TimelineFrame[] = [];
  readonly segments: Segment[] = [];
  readonly columns: StepColumns[];
  totalSteps = 0;

  constructor(
    readonly tree: IndexedCallTree,
    readonly traces: readonly StepTrace[],
  ) {
    this.columns = traces.map((trace) => stepColumns(trace));
    if (tree.nodes.length > 0) this.visit(0, 0, -1, -1);
  }

  /** Index of the segment holding global step `step` (binary search). */
  segmentIndexAt(step: number): number {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (segments[mid]!.globalStart <= step) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  segmentAt(step: number): Segment {
    return this.segments[this.segmentIndexAt(step)]!;
  }

  /** Where global step `step` is: its frame, trace and local step. */
  locate(step: number): { segment: Segment; frame: TimelineFrame; local: number } {
    const segment = this.segmentAt(step);
    return {
      segment,
      frame: this.frames[segment.frame]!,
      local: segment.localStart + step - segment.globalStart,
    };
  }

  /** Global index of a frame's local step (the frame's segments are searched). */
  globalOf(frameIndex: number, local: number): number | undefined {
    for (const segment of this.segments) {
      if (segment.frame === frameIndex && local >= segment.localStart && local < segment.localEnd)
        return segment.globalStart + local - segment.localStart;
    }
    return undefined;
  }

  private hasEvm(nodeId: number): boolean {
    const end = nodeId + this.tree.size[nodeId]!;
    for (let id = nodeId; id < end; id++) if (this.tree.nodes[id]!.evmFrames.length > 0) return true;
    return false;
  }

  private visit(nodeId: number, depth: number, parentFrame: number, callStep: number): void {
    const node = this.tree.nodes[nodeId]!;
    const traced = node.evmFrames.find((f) => this.traces[f.traceId] !== undefined);
    if (!traced) {
      for (const child of childrenOf(this.tree, nodeId)) {
        if (this.hasEvm(child)) this.visit(child, depth, parentFrame, callStep);
      }
      return;
    }
    const traceId = traced.traceId;
    const columns = this.columns[traceId]!;
    const frame: TimelineFrame = {
      index: this.frames.length,
      traceId,
      nodeId,
      parentFrame,
      depth,
      callStep,
      firstStep: this.totalSteps,
      lastStep: this.totalSteps,
      childrenAt: this.attachChildren(nodeId, traceId, columns),
    };
    this.frames.push(frame);
    const cuts = [...frame.childrenAt.keys()].sort((a, b) => a - b);
    let local = 0;
    for (const cut of cuts) {
      this.emit(frame, traceId, local, cut + 1);
      const stepGlobal = this.totalSteps - 1;
      for (const child of frame.childrenAt.get(cut)!) this.visit(child, depth + 1, frame.index, stepGlobal);
      local = cut + 1;
    }
    this.emit(frame, traceId, local, columns.stepCount);
    frame.lastStep = Math.max(frame.firstStep, this.totalSteps - 1);
  }

  private emit(frame: TimelineFrame, traceId: number, from: number, to: number): void {
    if (to <= from) return;
    this.segments.push({
      frame: frame.index,
      traceId,
      localStart: from,
      localEnd: to,
      globalStart: this.totalSteps,
    });
    this.totalSteps += to - from;
  }

  /**
   * Pairs the node's sub-calls that ran EVM code with the CALL/CREATE steps that made them, in order: a
   * CALL or STATICCALL goes to `InvokeContract` on the address it names, a DELEGATECALL to
   * `InvokeContractDelegate` on ourselves, a CREATE to the EAM; a call to a precompile may reach any actor
   * (call_actor). Sub-calls nothing matched (should not happen) go after the frame's last call step.
   */
  private attachChildren(nodeId: number, traceId: number, columns: StepColumns): Map<number, number[]> {
    const attached = new Map<number, number[]>();
    const relevant = childrenOf(this.tree, nodeId).filter((child) => this.hasEvm(child));
    if (relevant.length === 0) return attached;
    const trace = this.traces[traceId]!;
    let next = 0;
    let lastCallStep = columns.stepCount - 1;
    for (let step = 0; step < columns.stepCount && next < relevant.length; step++) {
      const op = columns.op(step);
      if (!CALL_LIKE.has(op)) continue;
      lastCallStep = step;
      const child = relevant[next]!;
      if (this.stepMadeCall(trace, step, op, child)) {
        attached.set(step, [child]);
        next++;
      }
    }
    if (next < relevant.length) {
      const rest = relevant.slice(next);
      attached.set(lastCallStep, [...(attached.get(lastCallStep) ?? []), ...rest]);
    }
    return attached;
  }

  private stepMadeCall(trace: StepTrace, step: number, op: number, childId: number): boolean {
    const child = this.tree.nodes[childId]!;
    if (op === Op.CREATE || op === Op.CREATE2) {
      return (
        child.to.protocol === 0 &&
        child.to.id === BigInt(EAM_ACTOR_ID) &&
        (child.method === 2 || child.method === 3)
      );
    }
    const stack = trace.stackAt(step);
    const target = stack[stack.length - 2];
    if (target === undefined) return false;
    if (isPrecompileAddress(wordToEth(target))) return true;
    if (op === Op.DELEGATECALL) return child.method === EvmMethod.InvokeContractDelegate;
    return child.method === EvmMethod.InvokeContract && child.to.equals(wordToFilecoin(target));
  }
}
