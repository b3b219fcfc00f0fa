import type { EvmErrorKind } from '../../evm';
import { ExitCode } from '../../kernel/codes';

/** How an interpreter error ends the EVM actor's invocation (spec 3.4, 10.3). */
export const EVM_ERROR_EXIT_CODES: Record<Exclude<EvmErrorKind, 'OutOfGas'>, number> = {
  StackUnderflow: ExitCode.EVM_CONTRACT_STACK_UNDERFLOW,
  StackOverflow: ExitCode.EVM_CONTRACT_STACK_OVERFLOW,
  BadJumpDestination: ExitCode.EVM_CONTRACT_BAD_JUMPDEST,
  InvalidInstruction: ExitCode.EVM_CONTRACT_INVALID_INSTRUCTION,
  UndefinedInstruction: ExitCode.EVM_CONTRACT_UNDEFINED_INSTRUCTION,
  IllegalMemoryAccess: ExitCode.EVM_CONTRACT_ILLEGAL_MEMORY_ACCESS,
  StaticModeViolation: ExitCode.USR_READ_ONLY,
  // The real interpreter failing to grow its Wasm memory traps: SYS_ILLEGAL_INSTRUCTION (spec 6.8).
  MemoryLimitExceeded: ExitCode.SYS_ILLEGAL_INSTRUCTION,
};
