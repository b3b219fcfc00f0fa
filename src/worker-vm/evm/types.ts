/**
 * The values that cross the boundary between the EVM core and whoever runs it (a host, a test, the UI).
 * 256-bit words are `bigint`s in [0, 2^256); addresses are `bigint`s in [0, 2^160).
 */

/** How an execution ended. `stop` and `return` are successes; `revert` keeps its output; `error` has none. */
export type EvmStatus = 'stop' | 'return' | 'revert' | 'error';

/**
 * Why an execution ended with `status: 'error'`. The FEVM host maps these to exit codes (spec 10.3):
 * StackUnderflow 36, StackOverflow 37, BadJumpDestination 39, InvalidInstruction 34, UndefinedInstruction 35,
 * IllegalMemoryAccess 38, StaticModeViolation 25 (USR_READ_ONLY), OutOfGas 7 (SYS_OUT_OF_GAS),
 * MemoryLimitExceeded 4 (the Wasm interpreter failing to grow its memory, spec 6.8).
 */
export type EvmErrorKind =
  | 'StackUnderflow'
  | 'StackOverflow'
  | 'BadJumpDestination'
  | 'InvalidInstruction'
  | 'UndefinedInstruction'
  | 'IllegalMemoryAccess'
  | 'StaticModeViolation'
  | 'OutOfGas'
  | 'MemoryLimitExceeded';

export interface EvmResult {
  status: EvmStatus;
  /** RETURN or REVERT data; empty for `stop` and `error`. */
  output: Uint8Array;
  error?: EvmErrorKind;
  /** The budget left when the frame ended (in the host's unit; `Infinity` when unmetered). */
  gasLeft: number;
  /** Where the frame stopped: the pc of the last instruction executed (or the end of the code). */
  pc: number;
}

/** The frame-level inputs of one execution: what CALL/CREATE would set up in Ethereum. */
export interface EvmMessage {
  /** ADDRESS: the account whose storage and balance this frame uses. */
  address: bigint;
  /** CALLER. */
  caller: bigint;
  /** CALLVALUE. */
  value: bigint;
  /** CALLDATA (empty for initcode). */
  input: Uint8Array;
  /** Read-only context (STATICCALL, or FEVM read-only sends): state changes fail with StaticModeViolation. */
  isStatic: boolean;
  /** Call depth, 0 for the outermost frame; informational for the core (the host enforces limits). */
  depth: number;
}

export const isSuccess = (result: EvmResult): boolean =>
  result.status === 'stop' || result.status === 'return';
