/** Exit codes (spec 3.4; fvm_shared `error/mod.rs`, builtin-actors EVM). */
export const ExitCode = {
  OK: 0,
  SYS_SENDER_INVALID: 1,
  SYS_SENDER_STATE_INVALID: 2,
  SYS_ILLEGAL_INSTRUCTION: 4,
  SYS_INVALID_RECEIVER: 5,
  SYS_INSUFFICIENT_FUNDS: 6,
  SYS_OUT_OF_GAS: 7,
  SYS_ILLEGAL_EXIT_CODE: 9,
  SYS_ASSERTION_FAILED: 10,
  SYS_MISSING_RETURN: 11,
  USR_ILLEGAL_ARGUMENT: 16,
  USR_NOT_FOUND: 17,
  USR_FORBIDDEN: 18,
  USR_INSUFFICIENT_FUNDS: 19,
  USR_ILLEGAL_STATE: 20,
  USR_SERIALIZATION: 21,
  USR_UNHANDLED_MESSAGE: 22,
  USR_UNSPECIFIED: 23,
  USR_ASSERTION_FAILED: 24,
  USR_READ_ONLY: 25,
  USR_NOT_PAYABLE: 26,
  EVM_CONTRACT_REVERTED: 33,
  EVM_CONTRACT_INVALID_INSTRUCTION: 34,
  EVM_CONTRACT_UNDEFINED_INSTRUCTION: 35,
  EVM_CONTRACT_STACK_UNDERFLOW: 36,
  EVM_CONTRACT_STACK_OVERFLOW: 37,
  EVM_CONTRACT_ILLEGAL_MEMORY_ACCESS: 38,
  EVM_CONTRACT_BAD_JUMPDEST: 39,
  EVM_CONTRACT_SELFDESTRUCT_FAILED: 40,
} as const;
export type ExitCode = number;

/** Actors may only exit with codes from here up; lower ones are the system's (spec 3.4). */
export const FIRST_USER_EXIT_CODE = 16;

const exitCodeText: Record<number, string> = {
  0: 'success',
  1: 'the sender is not a valid account',
  2: 'the sender cannot pay: wrong nonce or not enough balance for gas',
  4: 'the actor trapped (illegal instruction, out-of-bounds memory, stack overflow or a panic)',
  5: 'the receiver does not exist or has no entry point',
  6: 'not enough funds for the value transfer',
  7: 'out of gas',
  9: 'the actor exited with a code reserved for the system',
  10: 'a fatal error in the VM (host assertion failed)',
  11: 'the actor returned a block that does not exist',
  16: 'illegal argument',
  17: 'not found',
  18: 'forbidden: the caller may not call this method',
  19: 'insufficient funds',
  20: 'illegal state',
  21: 'the parameters or state could not be decoded',
  22: 'the actor has no such method',
  23: 'unspecified failure',
  24: 'assertion failed in the actor (or it panicked)',
  25: 'state change attempted in a read-only call',
  26: 'the method does not accept value',
  33: 'the contract reverted',
  34: 'the contract hit the INVALID (0xfe) instruction',
  35: 'the contract used an undefined opcode',
  36: 'EVM stack underflow',
  37: 'EVM stack overflow',
  38: 'illegal EVM memory access (offset or size out of range)',
  39: 'jump to an invalid destination',
  40: 'SELFDESTRUCT could not send the balance to the beneficiary',
};

const exitCodeNames: Record<number, string> = Object.fromEntries(
  Object.entries(ExitCode).map(([name, code]) => [code, name]),
);

/** "USR_FORBIDDEN (18): forbidden: …" for the transaction log. */
export function describeExitCode(code: number): { name: string; text: string } {
  const name = exitCodeNames[code] ?? (code >= FIRST_USER_EXIT_CODE ? `USR_${code}` : `SYS_RESERVED_${code}`);
  const text =
    exitCodeText[code] ?? (code >= FIRST_USER_EXIT_CODE ? 'actor-defined failure' : 'reserved system code');
  return { name, text };
}

/** Syscall error numbers (spec 2.2). */
export const ErrorNumber = {
  IllegalArgument: 1,
  IllegalOperation: 2,
  LimitExceeded: 3,
  AssertionFailed: 4,
  InsufficientFunds: 5,
  NotFound: 6,
  InvalidHandle: 7,
  IllegalCid: 8,
  IllegalCodec: 9,
  Serialization: 10,
  Forbidden: 11,
  BufferTooSmall: 12,
  ReadOnly: 13,
} as const;
export type ErrorNumber = (typeof ErrorNumber)[keyof typeof ErrorNumber];

export const errorNumberName = (errno: number): string =>
  Object.entries(ErrorNumber).find(([, value]) => value === errno)?.[0] ?? `Errno${errno}`;
