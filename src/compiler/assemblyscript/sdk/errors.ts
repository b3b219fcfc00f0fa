// Ending an invocation: exit codes (spec 3.4), error numbers (spec 2.2), exit and abort, and the handler the
// compiler routes AssemblyScript's own `abort` (failed assertions, index out of range, ...) to.
import { vm_exit } from "./sys";

/** Exit codes. 1..15 are the system's: an actor exiting with one of them gets SYS_ILLEGAL_EXIT_CODE (9). */
export namespace ExitCode {
  export const OK: u32 = 0;
  export const USR_ILLEGAL_ARGUMENT: u32 = 16;
  export const USR_NOT_FOUND: u32 = 17;
  export const USR_FORBIDDEN: u32 = 18;
  export const USR_INSUFFICIENT_FUNDS: u32 = 19;
  export const USR_ILLEGAL_STATE: u32 = 20;
  export const USR_SERIALIZATION: u32 = 21;
  export const USR_UNHANDLED_MESSAGE: u32 = 22;
  export const USR_UNSPECIFIED: u32 = 23;
  export const USR_ASSERTION_FAILED: u32 = 24;
  export const USR_READ_ONLY: u32 = 25;
  export const USR_NOT_PAYABLE: u32 = 26;
  /** The EVM actor's exit code for a reverted contract call (the return data holds the revert data). */
  export const EVM_CONTRACT_REVERTED: u32 = 33;
}

/** Syscall error numbers (spec 2.2). */
export namespace ErrorNumber {
  export const OK: u32 = 0;
  export const IllegalArgument: u32 = 1;
  export const IllegalOperation: u32 = 2;
  export const LimitExceeded: u32 = 3;
  export const AssertionFailed: u32 = 4;
  export const InsufficientFunds: u32 = 5;
  export const NotFound: u32 = 6;
  export const InvalidHandle: u32 = 7;
  export const IllegalCid: u32 = 8;
  export const IllegalCodec: u32 = 9;
  export const Serialization: u32 = 10;
  export const Forbidden: u32 = 11;
  export const BufferTooSmall: u32 = 12;
  export const ReadOnly: u32 = 13;
}

const ERROR_NAMES: string[] = [
  "OK",
  "IllegalArgument",
  "IllegalOperation",
  "LimitExceeded",
  "AssertionFailed",
  "InsufficientFunds",
  "NotFound",
  "InvalidHandle",
  "IllegalCid",
  "IllegalCodec",
  "Serialization",
  "Forbidden",
  "BufferTooSmall",
  "ReadOnly",
];

/** `NotFound (6)`: an error number's name, for messages. */
export function errorName(errno: u32): string {
  const name = errno < <u32>ERROR_NAMES.length ? ERROR_NAMES[errno] : "unknown error";
  return name + " (" + errno.toString() + ")";
}

/**
 * Ends the invocation. `code` 0 returns successfully with the block `blockId` (0 = no return value); a code
 * of 16 or more is a failure the caller sees, with `blockId` as its return data. The message is kept in the
 * trace (the backtrace of a failed message).
 */
export function exit(code: u32, message: string = "", blockId: u32 = 0): void {
  const text = String.UTF8.encode(message);
  vm_exit(code, blockId, changetype<usize>(text), <u32>text.byteLength);
  unreachable();
}

/** Fails the invocation with a user exit code (16 or more) and a message. Never returns. */
export function abort(code: u32, message: string): void {
  exit(code, message, 0);
}

/** Aborts with USR_ASSERTION_FAILED unless `condition` holds. */
export function require(condition: bool, message: string): void {
  if (!condition) exit(ExitCode.USR_ASSERTION_FAILED, message, 0);
}

/**
 * Stops on a syscall error the actor does not expect, as a Rust actor's panic does: USR_ASSERTION_FAILED
 * with the syscall and the error's name.
 */
export function check(errno: u32, syscall: string): void {
  if (errno != 0) exit(ExitCode.USR_ASSERTION_FAILED, syscall + " failed: " + errorName(errno), 0);
}

/**
 * AssemblyScript's `abort` (a failed `assert`, an index out of range, an allocation too large, ...) ends
 * the invocation with USR_ASSERTION_FAILED and the place it happened. The compiler is told to use it
 * (`--use abort=~lib/fvm/errors/abortHandler`), so modules need no `env.abort` import.
 */
export function abortHandler(message: string | null, fileName: string | null, line: u32, column: u32): void {
  let text = "assertion failed";
  if (message !== null) text = message;
  if (fileName !== null) text += " (" + fileName + ":" + line.toString() + ":" + column.toString() + ")";
  exit(ExitCode.USR_ASSERTION_FAILED, text, 0);
}
