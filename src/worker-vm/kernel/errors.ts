import type { Block } from './blocks';
import { type ErrorNumber, errorNumberName } from './codes';

/**
 * A syscall failed with an error number (spec 2.2). Actors see the number; the call manager turns one
 * that escapes a top-level call into a receipt exit code (spec 5.4).
 */
export class SyscallError extends Error {
  constructor(
    readonly errno: ErrorNumber,
    message: string,
  ) {
    super(`${errorNumberName(errno)}: ${message}`);
    this.name = 'SyscallError';
  }
}

/** An actor ended its invocation early (`vm.exit`, or an actor error in a native actor) (spec 3.5). */
export class ActorExit extends Error {
  constructor(
    readonly exitCode: number,
    readonly returnBlock: Block | undefined,
    message: string,
    /**
     * The host ended the invocation (a Wasm trap, a failed instantiation, a missing entry point): its system
     * exit code (SYS_ILLEGAL_INSTRUCTION, SYS_INVALID_RECEIVER) stands, where an actor's own exit with a
     * system code becomes SYS_ILLEGAL_EXIT_CODE.
     */
    readonly byHost = false,
  ) {
    super(message);
    this.name = 'ActorExit';
  }
}

/**
 * Something that should be impossible happened in the host (missing state, a broken invariant). The
 * message fails with SYS_ASSERTION_FAILED and uses all its gas (spec 3.5 item 5).
 */
export class FatalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FatalError';
  }
}
