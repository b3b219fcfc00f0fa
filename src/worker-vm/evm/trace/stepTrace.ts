import type { EvmFrame } from '../frame';
import { OPCODE_NAMES, Op, STACK_IN } from '../opcodes';
import type { EvmErrorKind, EvmResult, EvmStatus } from '../types';
import { BytePool, u8Column, u32Column, WordPool } from './columns';
import { NO_WORD, StepRows } from './stepRows';

/**
 * A step trace of EVM execution, recorded compactly and read back by index.
 *
 * Per step it records pc, opcode, frame, gas before/after, memory size and stack depth in typed-array
 * columns, plus only what the step changed: the word it pushed, the memory it wrote (offset + bytes) and
 * the storage it touched. Full stacks and memories are rebuilt on demand from periodic checkpoints
 * (every `stackCheckpointSteps` steps of a frame for the stack; whenever a frame has written as many
 * bytes as its memory holds, and at least `memoryCheckpointBytes`, for memory), so reading any step costs
 * a bounded replay, never a walk from the start. Stacks and memories are per frame: step i shows the
 * state of the frame that executed it, before it executed.
 *
 * One trace can span nested frames (the host passes the same trace to the frames it runs); each frame
 * gets an id and its parent's id so a caller can link frames to FVM calls.
 */
export interface StepTraceOptions {
  /** Steps of one frame between stack checkpoints (default 128). */
  stackCheckpointSteps?: number;
  /** Minimum bytes written by a frame between memory checkpoints (default 4 KiB). */
  memoryCheckpointBytes?: number;
}

export interface TraceFrame {
  id: number;
  /** -1 for a top-level frame. */
  parentId: number;
  /** The parent's step (CALL/CREATE) during which this frame ran, -1 for a top-level frame. */
  parentStep: number;
  depth: number;
  /** The frame's storage context (ADDRESS); for DELEGATECALL not the code's owner. */
  address: bigint;
  caller: bigint;
  isStatic: boolean;
  /** The code the frame ran (shared, not copied): what maps its pcs to source lines. */
  code: Uint8Array;
  firstStep: number;
  /** Steps executed by this frame itself (not counting nested frames). */
  stepCount: number;
  gasAtStart: number;
  /** Filled when the frame ends. */
  status?: EvmStatus;
  error?: EvmErrorKind;
  gasAtEnd?: number;
}

export type StorageAccessKind = 'sload' | 'sstore' | 'tload' | 'tstore';

export interface StorageAccess {
  kind: StorageAccessKind;
  key: bigint;
  value: bigint;
  /** For writes, the value before, when the host reported it. */
  previous?: bigint;
}

export interface TraceStep {
  index: number;
  pc: number;
  op: number;
  opName: string;
  frameId: number;
  depth: number;
  gasBefore: number;
  gasAfter: number;
  /** gasBefore - gasAfter; for CALL/CREATE this includes what the host charged for the nested frame. */
  gasCost: number;
  /** Memory size before the step. */
  memorySize: number;
  /** Stack depth before the step. */
  stackDepth: number;
  /** Stack before the step, bottom first; only the top `stackTop` items if asked. */
  stack: bigint[];
  /** The word the step pushed, if any. */
  pushed?: bigint;
  memoryWrite?: { offset: number; data: Uint8Array };
  storage?: StorageAccess;
  /** Set on the step that ended its frame with an error. */
  error?: EvmErrorKind;
}

const NONE = 0xffffffff;
const STORAGE_KINDS: StorageAccessKind[] = ['sload', 'sstore', 'tload', 'tstore'];

interface FrameLog {
  info: TraceFrame;
  lastStep: number;
  stepsSinceStackCheckpoint: number;
  bytesSinceMemoryCheckpoint: number;
  /** Steps at which stack checkpoints were taken, and where their word handles start in `stackWords`. */
  stackCheckpointSteps: number[];
  stackCheckpointStarts: number[];
  /** Write-table indexes of this frame's memory writes, in step order. */
  writes: number[];
  /** Memory checkpoints: the step before which they were taken, and their byte-pool id. */
  memoryCheckpointSteps: number[];
  memoryCheckpointData: number[];
}

export class StepTrace {
  private readonly stackCheckpointInterval: number;
  private readonly memoryCheckpointBytes: number;

  private readonly rows = new StepRows();

  // Sparse tables, in step order.
  private readonly writeSteps = u32Column();
  private readonly writeOffsets = u32Column();
  private readonly writeData = u32Column();
  private readonly storageSteps = u32Column();
  private readonly storageKinds = u8Column();
  private readonly storageKeys = u32Column();
  private readonly storageValues = u32Column();
  private readonly storagePrevious = u32Column();

  private readonly words = new WordPool();
  /** Word handles of stack checkpoints, bottom of the stack first. */
  private readonly stackWords = u32Column();
  private readonly bytes = new BytePool();
  private readonly frames: FrameLog[] = [];
  private readonly active: FrameLog[] = [];

  constructor(options: StepTraceOptions = {}) {
    this.stackCheckpointInterval = Math.max(1, options.stackCheckpointSteps ?? 128);
    this.memoryCheckpointBytes = Math.max(32, options.memoryCheckpointBytes ?? 4096);
  }

  // ---- recording (called by the interpreter) ----

  beginFrame(frame: EvmFrame): void {
    const parent = this.active[this.active.length - 1];
    const log: FrameLog = {
      info: {
        id: this.frames.length,
        parentId: parent === undefined ? -1 : parent.info.id,
        parentStep: parent === undefined ? -1 : parent.lastStep,
        depth: frame.message.depth,
        address: frame.message.address,
        caller: frame.message.caller,
        isStatic: frame.message.isStatic,
        code: frame.code,
        firstStep: this.rows.length,
        stepCount: 0,
        gasAtStart: frame.gasLeft,
      },
      lastStep: -1,
      stepsSinceStackCheckpoint: this.stackCheckpointInterval,
      bytesSinceMemoryCheckpoint: 0,
      stackCheckpointSteps: [],
      stackCheckpointStarts: [],
      writes: [],
      memoryCheckpointSteps: [],
      memoryCheckpointData: [],
    };
    frame.traceFrameId = log.info.id;
    this.frames.push(log);
    this.active.push(log);
  }

  endFrame(frame: EvmFrame, result: EvmResult): void {
    const log = this.active.pop();
    if (log === undefined || log.info.id !== frame.traceFrameId) {
      throw new Error('StepTrace: frames ended out of order');
    }
    log.info.status = result.status;
    if (result.error !== undefined) log.info.error = result.error;
    log.info.gasAtEnd = result.gasLeft;
  }

  beforeStep(frame: EvmFrame, pc: number, op: number): void {
    const log = this.frames[frame.traceFrameId]!;
    const index = this.rows.append(
      pc,
      op,
      log.info.id,
      frame.gasLeft,
      frame.memorySize,
      frame.sp,
      log.lastStep,
    );
    log.lastStep = index;
    log.info.stepCount++;
    frame.traceStep = index;
    frame.writeSize = 0;

    if (log.stepsSinceStackCheckpoint >= this.stackCheckpointInterval) {
      log.stackCheckpointSteps.push(index);
      log.stackCheckpointStarts.push(this.saveStack(frame));
      log.stepsSinceStackCheckpoint = 0;
    }
    log.stepsSinceStackCheckpoint++;

    if (
      log.bytesSinceMemoryCheckpoint >= this.memoryCheckpointBytes &&
      log.bytesSinceMemoryCheckpoint >= frame.memorySize
    ) {
      log.memoryCheckpointSteps.push(index);
      log.memoryCheckpointData.push(this.bytes.append(frame.memory.subarray(0, frame.memorySize)));
      log.bytesSinceMemoryCheckpoint = 0;
    }
  }

  afterStep(frame: EvmFrame, op: number, pushes: number): void {
    const index = frame.traceStep;
    this.rows.setGasAfter(index, frame.gasLeft);
    // DUP and SWAP are replayed from the opcode; other instructions push at most one new word.
    if (pushes === 1 && frame.status === 0 && !(op >= Op.DUP1 && op <= Op.SWAP16)) {
      this.rows.setPushed(index, this.words.append(frame.stack[frame.sp - 1]!));
    }
    if (frame.writeSize > 0) {
      const log = this.frames[frame.traceFrameId]!;
      const offset = frame.writeOffset;
      const size = frame.writeSize;
      log.writes.push(this.writeSteps.push(index));
      this.writeOffsets.push(offset);
      this.writeData.push(this.bytes.append(frame.memory.subarray(offset, offset + size)));
      log.bytesSinceMemoryCheckpoint += size;
      frame.writeSize = 0;
    }
  }

  storageAccess(
    frame: EvmFrame,
    kind: StorageAccessKind,
    key: bigint,
    value: bigint,
    previous: bigint | undefined,
  ): void {
    this.storageSteps.push(frame.traceStep);
    this.storageKinds.push(STORAGE_KINDS.indexOf(kind));
    this.storageKeys.push(this.words.append(key));
    this.storageValues.push(this.words.append(value));
    this.storagePrevious.push(previous === undefined ? NONE : this.words.append(previous));
  }

  private saveStack(frame: EvmFrame): number {
    const start = this.stackWords.length;
    const stack = frame.stack;
    for (let i = 0; i < frame.sp; i++) this.stackWords.push(this.words.append(stack[i]!));
    return start;
  }

  // ---- reading (index-based, cheap, for paging from a worker) ----

  get stepCount(): number {
    return this.rows.length;
  }

  get frameCount(): number {
    return this.frames.length;
  }

  getFrame(id: number): TraceFrame {
    const log = this.frames[id];
    if (log === undefined) throw new RangeError(`no frame ${id} (trace has ${this.frames.length})`);
    return { ...log.info };
  }

  /** Step `index`; `stackTop` limits the stack to its top items (default: the whole stack). */
  getStep(index: number, options: { stackTop?: number } = {}): TraceStep {
    this.checkIndex(index);
    const rows = this.rows;
    const op = rows.op(index);
    const frameId = rows.frame(index);
    const log = this.frames[frameId]!;
    const gasBefore = rows.gasBefore(index);
    const gasAfter = rows.gasAfter(index);
    const stack = this.stackAt(index);
    const top = options.stackTop;
    const step: TraceStep = {
      index,
      pc: rows.pc(index),
      op,
      opName: OPCODE_NAMES[op]!,
      frameId,
      depth: log.info.depth,
      gasBefore,
      gasAfter,
      gasCost: gasBefore - gasAfter,
      memorySize: rows.memorySize(index),
      stackDepth: rows.stackDepth(index),
      stack: top === undefined || top >= stack.length ? stack : stack.slice(stack.length - top),
    };
    const pushed = rows.pushed(index);
    if (pushed !== NO_WORD) step.pushed = this.words.get(pushed);
    // Writes are looked up in the frame's own list: globally, a CALL's output write is recorded after the
    // writes of the frame it called, so the write table is not in step order across frames.
    const position = firstStepAtOrAfter(log.writes, this.writeSteps, index);
    const write = log.writes[position];
    if (write !== undefined && this.writeSteps.get(write) === index) {
      const data = this.bytes.get(this.writeData.get(write)).slice();
      step.memoryWrite = { offset: this.writeOffsets.get(write), data };
    }
    const access = findByStep(this.storageSteps, index);
    if (access >= 0) step.storage = this.storageAt(access);
    if (index === log.lastStep && log.info.error !== undefined) step.error = log.info.error;
    return step;
  }

  /** The stack of step `index`'s frame before the step, bottom first. */
  stackAt(index: number): bigint[] {
    this.checkIndex(index);
    const log = this.frames[this.rows.frame(index)]!;
    const checkpoint = lastAtOrBefore(log.stackCheckpointSteps, index);
    const from = log.stackCheckpointSteps[checkpoint]!;
    const stack: bigint[] = [];
    const start = log.stackCheckpointStarts[checkpoint]!;
    const depth = this.rows.stackDepth(from);
    for (let i = 0; i < depth; i++) stack.push(this.words.get(this.stackWords.get(start + i)));
    // Steps of this frame from the checkpoint up to (not including) `index`, oldest first.
    const steps: number[] = [];
    for (let j = this.rows.previousInFrame(index); j >= from; j = this.rows.previousInFrame(j)) steps.push(j);
    for (let k = steps.length - 1; k >= 0; k--) this.replayStackStep(stack, steps[k]!);
    return stack;
  }

  /** The memory of step `index`'s frame before the step. */
  memoryAt(index: number): Uint8Array {
    this.checkIndex(index);
    const log = this.frames[this.rows.frame(index)]!;
    const memory = new Uint8Array(this.rows.memorySize(index));
    const checkpoint = lastAtOrBefore(log.memoryCheckpointSteps, index);
    let fromStep = log.info.firstStep;
    if (checkpoint >= 0) {
      fromStep = log.memoryCheckpointSteps[checkpoint]!;
      memory.set(this.bytes.get(log.memoryCheckpointData[checkpoint]!));
    }
    // Writes made by steps in [fromStep, index), in order.
    const writes = log.writes;
    let w = firstStepAtOrAfter(writes, this.writeSteps, fromStep);
    for (; w < writes.length; w++) {
      const entry = writes[w]!;
      if (this.writeSteps.get(entry) >= index) break;
      memory.set(this.bytes.get(this.writeData.get(entry)), this.writeOffsets.get(entry));
    }
    return memory;
  }

  /** Bytes held by the trace (columns, pools and checkpoints). */
  byteSize(): number {
    const columns = [
      this.writeSteps,
      this.writeOffsets,
      this.writeData,
      this.storageSteps,
      this.storageKinds,
      this.storageKeys,
      this.storageValues,
      this.storagePrevious,
      this.stackWords,
    ];
    let total = this.rows.byteSize() + this.words.byteSize() + this.bytes.byteSize();
    for (const column of columns) total += column.byteSize();
    return total;
  }

  private storageAt(entry: number): StorageAccess {
    const access: StorageAccess = {
      kind: STORAGE_KINDS[this.storageKinds.get(entry)]!,
      key: this.words.get(this.storageKeys.get(entry)),
      value: this.words.get(this.storageValues.get(entry)),
    };
    const previous = this.storagePrevious.get(entry);
    if (previous !== NONE) access.previous = this.words.get(previous);
    return access;
  }

  private replayStackStep(stack: bigint[], step: number): void {
    const op = this.rows.op(step);
    if (op >= Op.DUP1 && op <= Op.DUP1 + 15) {
      stack.push(stack[stack.length - (op - Op.DUP1 + 1)]!);
      return;
    }
    if (op >= Op.SWAP1 && op <= Op.SWAP16) {
      const top = stack.length - 1;
      const other = top - (op - Op.SWAP1 + 1);
      const value = stack[top]!;
      stack[top] = stack[other]!;
      stack[other] = value;
      return;
    }
    stack.length -= STACK_IN[op]!;
    const pushed = this.rows.pushed(step);
    if (pushed !== NO_WORD) stack.push(this.words.get(pushed));
  }

  private checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.rows.length) {
      throw new RangeError(`step ${index} is outside the trace (0..${this.rows.length - 1})`);
    }
  }
}

/** Index in a step-sorted column of the entry for `step`, or -1. */
function findByStep(steps: { length: number; get(i: number): number }, step: number): number {
  let low = 0;
  let high = steps.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const value = steps.get(mid);
    if (value === step) return mid;
    if (value < step) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Index of the last element <= value in an ascending array, or -1. */
function lastAtOrBefore(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! <= value) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Position of the first write (by write-table index) whose step is >= step. */
function firstStepAtOrAfter(writes: number[], writeSteps: { get(i: number): number }, step: number): number {
  let low = 0;
  let high = writes.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (writeSteps.get(writes[mid]!) < step) low = mid + 1;
    else high = mid;
  }
  return low;
}
