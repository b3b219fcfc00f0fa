import { OPCODE_NAMES, Op, type StepTrace } from '../../evm';
import { bytesToHex } from '../../util/bytes';
import type { ArtifactRegistry } from '../artifacts/artifactRegistry';
import type { IndexedCallTree } from '../callTree/indexedCallTree';
import { fileOfLineKey, LINE_KEY_FILE, lineOfLineKey, NO_LINE } from '../source/codeSourceMap';
import type {
  DebugFrameView,
  DebugInfo,
  GasByLineView,
  LineGas,
  NavigateAction,
  StepDetail,
  StepRow,
  StorageAccessView,
} from '../views';
import { DebugFiles, type FrameSource, frameSources, functionDepths } from './frameSources';
import { Timeline } from './timeline';

/** Bytes of memory sent with one step (the UI asks for other windows). */
export const MEMORY_WINDOW = 1024;
/** Distinct slots shown as "storage at this step", and how far back the search goes. */
const STORAGE_SLOTS_SHOWN = 64;
const STORAGE_ACCESSES_SCANNED = 4096;
const FRAME_LEVEL = 1 << 16;

/** Names a contract frame for the UI (the session knows contract names). */
export type FrameLabeler = (nodeId: number) => string;
/** Names a storage slot of a frame's contract, when its layout says (the session decodes layouts). */
export type SlotNamer = (frame: number, slot: bigint) => string | null;

/**
 * The step debugger of one message: every EVM step of every invocation in one timeline, with source
 * lines, internal-function depth, navigation, per-step detail, and gas by source line. Built once per
 * message in the worker (a pass over the steps); every answer after that reads a few typed arrays.
 */
export class MessageDebugger {
  readonly timeline: Timeline;
  readonly files = new DebugFiles();
  readonly sources: FrameSource[];
  private readonly depths: Uint16Array[];
  private readonly storageSteps = new Map<number, Uint32Array>();
  readonly indexMs: number;
  private gasByLineCache: GasByLineView | undefined;

  constructor(
    readonly message: number,
    readonly tree: IndexedCallTree,
    readonly traces: readonly StepTrace[],
    registry: ArtifactRegistry,
    private readonly label: FrameLabeler,
    private readonly gasUsed: number,
  ) {
    const started = performance.now();
    this.timeline = new Timeline(tree, traces);
    this.sources = frameSources(this.timeline, registry, this.files);
    this.depths = this.timeline.frames.map((frame) =>
      functionDepths(this.timeline.columns[frame.traceId]!, this.sources[frame.index]!),
    );
    this.indexMs = performance.now() - started;
  }

  get totalSteps(): number {
    return this.timeline.totalSteps;
  }

  info(): DebugInfo {
    return {
      message: this.message,
      totalSteps: this.totalSteps,
      frames: this.timeline.frames.map((frame): DebugFrameView => {
        const status = this.traces[frame.traceId]!.getFrame(0).status ?? 'running';
        const source = this.sources[frame.index]!;
        return {
          index: frame.index,
          nodeId: frame.nodeId,
          parentFrame: frame.parentFrame,
          depth: frame.depth,
          label: this.label(frame.nodeId),
          firstStep: frame.firstStep,
          lastStep: frame.lastStep,
          status,
          artifactKey: source.artifact?.key ?? null,
          codeKind: source.kind ?? null,
        };
      }),
      files: this.files.list.map(({ index, path }) => ({ index, path })),
      revertStep: this.revertStep() ?? null,
      indexMs: Math.round(this.indexMs),
    };
  }

  // ---- per-step reads ----------------------------------------------------------------------------

  private lineKey(frame: number, traceId: number, local: number): number {
    return this.sources[frame]!.lineKeyAt(this.timeline.columns[traceId]!.pc(local));
  }

  private level(frame: number, local: number): number {
    return this.timeline.frames[frame]!.depth * FRAME_LEVEL + this.depths[frame]![local]!;
  }

  rows(start: number, count: number): StepRow[] {
    const rows: StepRow[] = [];
    const end = Math.min(this.totalSteps, Math.max(0, start) + Math.max(0, Math.min(count, 2000)));
    for (let step = Math.max(0, start); step < end; ) {
      const { segment, frame, local } = this.timeline.locate(step);
      const columns = this.timeline.columns[segment.traceId]!;
      const source = this.sources[frame.index]!;
      for (let l = local; l < segment.localEnd && step < end; l++, step++) {
        const key = source.lineKeyAt(columns.pc(l));
        rows.push({
          step,
          frame: frame.index,
          depth: frame.depth,
          pc: columns.pc(l),
          op: OPCODE_NAMES[columns.op(l)] ?? `0x${columns.op(l).toString(16)}`,
          gas: columns.gasBefore(l) - columns.gasAfter(l),
          file: key === NO_LINE ? -1 : fileOfLineKey(key),
          line: key === NO_LINE ? 0 : lineOfLineKey(key),
        });
      }
    }
    return rows;
  }

  detail(step: number, memoryOffset = 0, slotName?: SlotNamer): StepDetail {
    const clamped = Math.max(0, Math.min(step, this.totalSteps - 1));
    const [row] = this.rows(clamped, 1);
    const { frame, local, segment } = this.timeline.locate(clamped);
    const trace = this.traces[segment.traceId]!;
    const traced = trace.getStep(local);
    const memory = trace.memoryAt(local);
    const offset = Math.max(0, Math.min(Math.floor(memoryOffset / 32) * 32, Math.max(0, memory.length - 32)));
    const exact = this.sources[frame.index]!.locationAt(traced.pc);
    return {
      ...row!,
      local,
      frameLabel: this.label(frame.nodeId),
      functionDepth: this.depths[frame.index]![local]!,
      gasBefore: traced.gasBefore,
      gasAfter: traced.gasAfter,
      stack: traced.stack.map(word).reverse(),
      memorySize: traced.memorySize,
      memory: { offset, hex: bytesToHex(memory.subarray(offset, offset + MEMORY_WINDOW)) },
      storage: this.storageAt(frame.index, segment.traceId, local, slotName),
      location: exact
        ? {
            file: exact.file,
            path: this.files.list[exact.file]!.path,
            startLine: exact.range.startLine,
            startColumn: exact.range.startColumn,
            endLine: exact.range.endLine,
            endColumn: exact.range.endColumn,
          }
        : this.locationNear(clamped),
      inGeneratedCode: !exact,
      error: traced.error ?? null,
    };
  }

  private storageStepsOf(traceId: number): Uint32Array {
    let steps = this.storageSteps.get(traceId);
    if (!steps) {
      steps = this.timeline.columns[traceId]!.storageSteps();
      this.storageSteps.set(traceId, steps);
    }
    return steps;
  }

  /** The latest access per slot among this frame's accesses up to `local` (newest first). */
  private storageAt(
    frame: number,
    traceId: number,
    local: number,
    slotName?: SlotNamer,
  ): StorageAccessView[] {
    const steps = this.storageStepsOf(traceId);
    const trace = this.traces[traceId]!;
    let last = upperBound(steps, local) - 1;
    const seen = new Set<string>();
    const out: StorageAccessView[] = [];
    for (
      let scanned = 0;
      last >= 0 && scanned < STORAGE_ACCESSES_SCANNED && out.length < STORAGE_SLOTS_SHOWN;
      last--, scanned++
    ) {
      const at = steps[last]!;
      const access = trace.getStep(at, { stackTop: 0 }).storage;
      if (!access) continue;
      const key = `${access.kind[0]}${access.key}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        step: this.timeline.globalOf(frame, at) ?? -1,
        kind: access.kind,
        slot: word(access.key),
        value: word(access.value),
        previous: access.previous === undefined ? null : word(access.previous),
        variable:
          access.kind === 'sload' || access.kind === 'sstore'
            ? (slotName?.(frame, access.key) ?? null)
            : null,
      });
    }
    return out;
  }

  /**
   * The source place of a step, or of the nearest earlier step of the same frame that has one: a revert
   * or panic raised in compiler-generated code (checked arithmetic, ABI decoding) is shown at the line
   * that led into it.
   */
  locationNear(step: number): StepDetail['location'] {
    const { frame, segment } = this.timeline.locate(step);
    const columns = this.timeline.columns[segment.traceId]!;
    const source = this.sources[frame.index]!;
    for (let at = step, scanned = 0; at >= frame.firstStep && scanned < 10_000; at--, scanned++) {
      const place = this.timeline.locate(at);
      if (place.frame.index !== frame.index) continue;
      const location = source.locationAt(columns.pc(place.local));
      if (location) {
        const range = location.range;
        return {
          file: location.file,
          path: this.files.list[location.file]!.path,
          startLine: range.startLine,
          startColumn: range.startColumn,
          endLine: range.endLine,
          endColumn: range.endColumn,
        };
      }
    }
    return null;
  }

  // ---- navigation --------------------------------------------------------------------------------

  /** The step an action leads to from `from` (unchanged when there is nowhere to go). */
  navigate(from: number, action: NavigateAction): number {
    const total = this.totalSteps;
    if (total === 0) return 0;
    const current = Math.max(0, Math.min(from, total - 1));
    switch (action.kind) {
      case 'start':
        return 0;
      case 'end':
        return total - 1;
      case 'into':
        return Math.min(current + 1, total - 1);
      case 'back':
        return Math.max(current - 1, 0);
      case 'revert':
        return this.revertStep() ?? current;
      case 'over': {
        const level = this.levelAtStep(current);
        return this.findForward(current + 1, (f, _t, l) => this.level(f, l) <= level) ?? total - 1;
      }
      case 'out': {
        const level = this.levelAtStep(current);
        return this.findForward(current + 1, (f, _t, l) => this.level(f, l) < level) ?? total - 1;
      }
      case 'nextLine': {
        const { frame, segment, local } = this.timeline.locate(current);
        const line = this.lineKey(frame.index, segment.traceId, local);
        const level = this.level(frame.index, local);
        const differs = (f: number, t: number, l: number) => {
          const key = this.lineKey(f, t, l);
          return key !== NO_LINE && key !== line;
        };
        return (
          this.findForward(current + 1, (f, t, l) => this.level(f, l) <= level && differs(f, t, l)) ??
          this.findForward(current + 1, differs) ??
          total - 1
        );
      }
      case 'prevLine': {
        const { frame, segment, local } = this.timeline.locate(current);
        const line = this.lineKey(frame.index, segment.traceId, local);
        const level = this.level(frame.index, local);
        const found = this.findBackward(current - 1, (f, t, l) => {
          const key = this.lineKey(f, t, l);
          return key !== NO_LINE && key !== line && this.level(f, l) <= level;
        });
        if (found === undefined) return 0;
        // Land on the first step of that line, as a debugger stepping backwards does.
        const target = this.timeline.locate(found);
        const targetLine = this.lineKey(target.frame.index, target.segment.traceId, target.local);
        let first = found;
        while (first > 0) {
          const prev = this.timeline.locate(first - 1);
          if (prev.frame.index !== target.frame.index) break;
          if (this.lineKey(prev.frame.index, prev.segment.traceId, prev.local) !== targetLine) break;
          first--;
        }
        return first;
      }
      case 'toLine': {
        const files = new Set(this.files.list.filter((f) => f.path === action.path).map((f) => f.index));
        if (files.size === 0) return current;
        const wanted = (f: number, t: number, l: number) => {
          const key = this.lineKey(f, t, l);
          return key !== NO_LINE && lineOfLineKey(key) === action.line && files.has(fileOfLineKey(key));
        };
        return this.findForward(current + 1, wanted) ?? this.findForward(0, wanted) ?? current;
      }
    }
  }

  private levelAtStep(step: number): number {
    const { frame, local } = this.timeline.locate(step);
    return this.level(frame.index, local);
  }

  private findForward(from: number, test: (frame: number, traceId: number, local: number) => boolean) {
    if (from >= this.totalSteps) return undefined;
    const segments = this.timeline.segments;
    let s = this.timeline.segmentIndexAt(from);
    for (; s < segments.length; s++) {
      const segment = segments[s]!;
      const startLocal = Math.max(segment.localStart, segment.localStart + from - segment.globalStart);
      for (let l = startLocal; l < segment.localEnd; l++) {
        if (test(segment.frame, segment.traceId, l)) return segment.globalStart + l - segment.localStart;
      }
    }
    return undefined;
  }

  private findBackward(from: number, test: (frame: number, traceId: number, local: number) => boolean) {
    if (from < 0) return undefined;
    const segments = this.timeline.segments;
    let s = this.timeline.segmentIndexAt(from);
    for (; s >= 0; s--) {
      const segment = segments[s]!;
      const startLocal = Math.min(segment.localEnd - 1, segment.localStart + from - segment.globalStart);
      for (let l = startLocal; l >= segment.localStart; l--) {
        if (test(segment.frame, segment.traceId, l)) return segment.globalStart + l - segment.localStart;
      }
    }
    return undefined;
  }

  /**
   * Where a failure started: the outermost frame that ended in REVERT or an error, then, while it failed
   * after a failing call of its own, that callee (a revert that bubbled up), down to the frame that
   * reverted first. Its last step is the answer.
   */
  revertStep(): number | undefined {
    const frames = this.timeline.frames;
    const failed = (index: number) => {
      const status = this.traces[frames[index]!.traceId]!.getFrame(0).status;
      return status === 'revert' || status === 'error';
    };
    let origin = frames.findIndex((frame, index) => frame.parentFrame === -1 && failed(index));
    if (origin < 0) return undefined;
    for (;;) {
      const parent = frames[origin]!;
      let deeper = -1;
      for (const frame of frames) {
        if (frame.parentFrame === parent.index && failed(frame.index) && frame.lastStep < parent.lastStep)
          deeper = frame.index;
      }
      if (deeper < 0) return parent.lastStep;
      origin = deeper;
    }
  }

  // ---- gas by line -------------------------------------------------------------------------------

  gasByLine(): GasByLineView {
    if (this.gasByLineCache) return this.gasByLineCache;
    const lines = new Map<number, { gas: number; selfGas: number; steps: number }>();
    const frameStepGas = new Float64Array(this.timeline.frames.length);
    const storageWriteLines = this.timeline.frames.map(() => new Set<number>());
    let unmapped = 0;
    for (const segment of this.timeline.segments) {
      const frame = this.timeline.frames[segment.frame]!;
      const columns = this.timeline.columns[segment.traceId]!;
      const source = this.sources[segment.frame]!;
      for (let l = segment.localStart; l < segment.localEnd; l++) {
        const gas = columns.gasBefore(l) - columns.gasAfter(l);
        frameStepGas[segment.frame]! += gas;
        let self = gas;
        const children = frame.childrenAt.get(l);
        if (children) for (const child of children) self -= this.tree.inclusiveGas[child]!;
        const key = source.lineKeyAt(columns.pc(l));
        if (key === NO_LINE) {
          unmapped += gas;
          continue;
        }
        let entry = lines.get(key);
        if (!entry) {
          entry = { gas: 0, selfGas: 0, steps: 0 };
          lines.set(key, entry);
        }
        entry.gas += gas;
        entry.selfGas += Math.max(0, self);
        entry.steps++;
        if (columns.op(l) === Op.SSTORE) storageWriteLines[segment.frame]!.add(lineOfLineKey(key));
      }
    }
    const byFile = new Map<number, LineGas[]>();
    for (const [key, entry] of lines) {
      const file = Math.floor(key / LINE_KEY_FILE);
      let list = byFile.get(file);
      if (!list) {
        list = [];
        byFile.set(file, list);
      }
      list.push({ line: lineOfLineKey(key), ...entry });
    }
    this.gasByLineCache = {
      message: this.message,
      files: [...byFile].map(([file, list]) => ({
        file,
        path: this.files.list[file]!.path,
        lines: list.sort((a, b) => a.line - b.line),
      })),
      outside: this.timeline.frames.map((frame) => ({
        frame: frame.index,
        label: this.label(frame.nodeId),
        gas: Math.max(0, this.tree.inclusiveGas[frame.nodeId]! - frameStepGas[frame.index]!),
        storageWriteLines: [...storageWriteLines[frame.index]!].sort((a, b) => a - b),
      })),
      unmapped,
      gasUsed: this.gasUsed,
    };
    return this.gasByLineCache;
  }
}

const word = (value: bigint) => `0x${value.toString(16)}`;

/** Index of the first element > value in an ascending array. */
function upperBound(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}
