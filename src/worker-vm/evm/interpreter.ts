import { analyzeCode, type CodeInfo } from './code';
import { DEFAULT_MAX_MEMORY, EMPTY_BYTES, EvmFrame, Status } from './frame';
import { FREE_GAS, type GasSchedule } from './gas';
import type { EvmHost } from './host';
import { type InstructionTable, instructionTable } from './instructions/table';
import { FEVM_OPCODES, type OpcodeSet, STACK_LIMIT } from './opcodes';
import type { StepTrace } from './trace/stepTrace';
import type { EvmErrorKind, EvmMessage, EvmResult, EvmStatus } from './types';

export interface ExecuteOptions {
  host: EvmHost;
  message: EvmMessage;
  /** The code to run; pass a cached `CodeInfo` to skip jump-destination analysis. */
  code: Uint8Array | CodeInfo;
  /** Budget in the host's unit (default: unlimited). */
  gas?: number;
  /** Per-opcode and per-unit costs (default: everything free). */
  gasSchedule?: GasSchedule;
  /** Which bytes are instructions (default: the FEVM set). */
  opcodes?: OpcodeSet;
  /** Memory cap in bytes; growing past it fails with MemoryLimitExceeded (default 512 MiB, spec 6.8). */
  maxMemory?: number;
  /** Record a step trace into this (default: off). */
  trace?: StepTrace | null;
}

/**
 * Runs one frame to completion. Re-entrant: nested frames run inside the host's `call`/`create` through
 * another `execute`, and no state is shared between frames. Synchronous, and never throws for anything
 * the bytecode does (exceptions from the host propagate unchanged).
 */
export function execute(options: ExecuteOptions): EvmResult {
  // Calls runFrame's body directly: nested frames recurse through here, so every JS frame per EVM
  // call level counts against the stack (1024 levels must fit in a default Node/worker stack).
  const frame = createFrame(options);
  const table = instructionTable(frame.opcodes);
  const trace = frame.trace;
  if (trace === null) {
    runPlain(frame, table);
    return resultOf(frame);
  }
  trace.beginFrame(frame);
  runTraced(frame, table, trace);
  const result = resultOf(frame);
  trace.endFrame(frame, result);
  return result;
}

export function createFrame(options: ExecuteOptions): EvmFrame {
  const code = options.code;
  const codeInfo = code instanceof Uint8Array ? analyzeCode(code) : code;
  return new EvmFrame(options.message, codeInfo, options.gas ?? Number.POSITIVE_INFINITY, {
    host: options.host,
    opcodes: options.opcodes ?? FEVM_OPCODES,
    gas: options.gasSchedule ?? FREE_GAS,
    maxMemory: options.maxMemory ?? DEFAULT_MAX_MEMORY,
    trace: options.trace ?? null,
  });
}

/** Runs a frame made by `createFrame` (tests use this to inspect the stack and memory afterwards). */
export function runFrame(frame: EvmFrame): EvmResult {
  const table = instructionTable(frame.opcodes);
  const trace = frame.trace;
  if (trace === null) {
    runPlain(frame, table);
  } else {
    trace.beginFrame(frame);
    runTraced(frame, table, trace);
  }
  const result = resultOf(frame);
  if (trace !== null) trace.endFrame(frame, result);
  return result;
}

/** The hot loop: fetch, check stack bounds, charge, dispatch. Kept free of tracing and allocation. */
function runPlain(f: EvmFrame, table: InstructionTable): void {
  const code = f.code;
  const length = code.length;
  const { handlers, stackIn, stackGrowth } = table;
  const costs = f.gasSchedule.opcodeCost;
  for (;;) {
    const pc = f.pc;
    if (pc >= length) {
      f.status = Status.Stop;
      return;
    }
    const op = code[pc]!;
    const sp = f.sp;
    if (sp < stackIn[op]!) {
      halt(f, pc, 'StackUnderflow');
      return;
    }
    if (sp + stackGrowth[op]! > STACK_LIMIT) {
      halt(f, pc, 'StackOverflow');
      return;
    }
    const gasLeft = f.gasLeft - costs[op]!;
    f.gasLeft = gasLeft;
    if (gasLeft < 0) {
      halt(f, pc, 'OutOfGas');
      return;
    }
    f.pc = pc + 1;
    handlers[op]!(f);
    if (f.status !== Status.Running) {
      f.pc = pc;
      return;
    }
  }
}

/** The same loop with the step trace told before and after every instruction. */
function runTraced(f: EvmFrame, table: InstructionTable, trace: StepTrace): void {
  const code = f.code;
  const length = code.length;
  const { handlers, stackIn, stackGrowth } = table;
  const costs = f.gasSchedule.opcodeCost;
  for (;;) {
    const pc = f.pc;
    if (pc >= length) {
      f.status = Status.Stop;
      return;
    }
    const op = code[pc]!;
    trace.beforeStep(f, pc, op);
    const sp = f.sp;
    if (sp < stackIn[op]!) halt(f, pc, 'StackUnderflow');
    else if (sp + stackGrowth[op]! > STACK_LIMIT) halt(f, pc, 'StackOverflow');
    else {
      f.gasLeft -= costs[op]!;
      if (f.gasLeft < 0) halt(f, pc, 'OutOfGas');
      else {
        f.pc = pc + 1;
        handlers[op]!(f);
      }
    }
    trace.afterStep(f, op, stackGrowth[op]! + stackIn[op]!);
    if (f.status !== Status.Running) {
      f.pc = pc;
      return;
    }
  }
}

function halt(f: EvmFrame, pc: number, kind: EvmErrorKind): void {
  f.fail(kind);
  f.pc = pc;
}

const STATUS_NAMES: Record<number, EvmStatus> = {
  [Status.Stop]: 'stop',
  [Status.Return]: 'return',
  [Status.Revert]: 'revert',
  [Status.Error]: 'error',
};

function resultOf(f: EvmFrame): EvmResult {
  const status = STATUS_NAMES[f.status] ?? 'error';
  const result: EvmResult = {
    status,
    output: status === 'error' ? EMPTY_BYTES : f.output,
    gasLeft: f.gasLeft,
    pc: f.pc,
  };
  if (f.error !== undefined) result.error = f.error;
  return result;
}
