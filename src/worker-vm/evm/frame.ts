import type { CodeInfo } from './code';
import type { GasSchedule } from './gas';
import type { EvmHost } from './host';
import type { OpcodeSet } from './opcodes';
import { STACK_LIMIT } from './opcodes';
import type { StepTrace } from './trace/stepTrace';
import type { EvmErrorKind, EvmMessage } from './types';

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** Frame status while running and after: 0 running, then how it ended. */
export const Status = { Running: 0, Stop: 1, Return: 2, Revert: 3, Error: 4 } as const;

/** Default memory cap: the FVM's 512 MiB per Wasm instance (spec 6.8), which bounds the interpreter's memory. */
export const DEFAULT_MAX_MEMORY = 512 * 1024 * 1024;

export interface FrameConfig {
  host: EvmHost;
  opcodes: OpcodeSet;
  gas: GasSchedule;
  maxMemory: number;
  trace: StepTrace | null;
}

/**
 * The state of one executing frame. Hosts see it in every callback: `message` says whose frame it is,
 * `gasLeft` is the budget they may read and adjust, `traceFrameId` links the frame to a step trace.
 * Everything else is the interpreter's working state (public for the instruction handlers, not an API).
 */
export class EvmFrame {
  readonly message: EvmMessage;
  readonly host: EvmHost;
  readonly code: Uint8Array;
  readonly codeInfo: CodeInfo;
  readonly gasSchedule: GasSchedule;
  readonly opcodes: OpcodeSet;
  readonly maxMemory: number;

  /** Remaining budget, in the host's unit. Infinity when unmetered. */
  gasLeft: number;

  pc = 0;
  /** Stack slots 0..sp-1 are live; the array never grows (STACK_LIMIT slots allocated once). */
  readonly stack: bigint[];
  sp = 0;

  memory: Uint8Array;
  memoryView: DataView;
  /** Logical memory size (MSIZE): always a multiple of 32. Bytes beyond it are zero. */
  memorySize = 0;

  returnData: Uint8Array = EMPTY_BYTES;

  status: number = Status.Running;
  error: EvmErrorKind | undefined = undefined;
  output: Uint8Array = EMPTY_BYTES;

  /** Set by memoryRegion(): the checked region, valid until the next call. Avoids allocating a pair. */
  regionOffset = 0;
  regionSize = 0;

  /** Step tracing (null when off). */
  readonly trace: StepTrace | null;
  /** This frame's id in the step trace, -1 when not traced. */
  traceFrameId = -1;
  /** The step being recorded for this frame (the trace's index), -1 when not traced. */
  traceStep = -1;
  /** Memory written by the current step, recorded only when tracing. */
  writeOffset = 0;
  writeSize = 0;

  constructor(message: EvmMessage, codeInfo: CodeInfo, gasLeft: number, config: FrameConfig) {
    this.message = message;
    this.host = config.host;
    this.codeInfo = codeInfo;
    this.code = codeInfo.code;
    this.gasSchedule = config.gas;
    this.opcodes = config.opcodes;
    this.maxMemory = config.maxMemory;
    this.gasLeft = gasLeft;
    this.trace = config.trace;
    this.stack = new Array<bigint>(STACK_LIMIT).fill(0n);
    this.memory = EMPTY_BYTES;
    this.memoryView = new DataView(this.memory.buffer);
  }

  /** Ends the frame with an error. */
  fail(kind: EvmErrorKind): void {
    this.status = Status.Error;
    this.error = kind;
  }

  /** Charges an extra amount (host-side charges use `gasLeft` directly); false when out of gas. */
  charge(amount: number): boolean {
    this.gasLeft -= amount;
    if (this.gasLeft < 0) {
      this.fail('OutOfGas');
      return false;
    }
    return true;
  }

  /** The live stack, bottom first (for tests and traces). */
  stackItems(): bigint[] {
    return this.stack.slice(0, this.sp);
  }

  /** A copy of the live memory. */
  memoryBytes(): Uint8Array {
    return this.memory.slice(0, this.memorySize);
  }
}
