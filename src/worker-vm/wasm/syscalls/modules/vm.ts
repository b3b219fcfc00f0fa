import { ExitCode, FIRST_USER_EXIT_CODE } from '../../../kernel/codes';
import { ActorExit, FatalError, SyscallError } from '../../../kernel/errors';
import { writeMessageContext } from '../abi';
import type { ActorMemory } from '../actorMemory';
import { emptyCall, type SyscallContext, valueCall } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Exit messages longer than this keep their first and last half (spec 2.4 `vm.exit`). */
export const MAX_EXIT_MESSAGE_BYTES = 1024;

/** Module `vm` (spec 2.4): ending an invocation, and the message context. */
export function vmImports(ctx: SyscallContext) {
  return {
    /**
     * `exit(code, blk, msg_off, msg_len)` never returns: code 0 is a successful return of `blk`, 1..15 are
     * the system's (SYS_ILLEGAL_EXIT_CODE), ≥ 16 a failure carrying `blk`. A handle that names no block
     * fails the whole message (SYS_MISSING_RETURN is fatal, spec 3.5 item 2).
     */
    exit: emptyCall(ctx, (code: number, blk: number, messageOffset: number, messageLength: number) => {
      let exitCode = code >>> 0;
      let message = exitMessage(ctx.memory, messageOffset, messageLength);
      if (exitCode !== ExitCode.OK && exitCode < FIRST_USER_EXIT_CODE) {
        message = `actor aborted with system exit code ${exitCode}: ${message}`;
        exitCode = ExitCode.SYS_ILLEGAL_EXIT_CODE;
      }
      const handle = blk >>> 0;
      let block: ReturnType<typeof ctx.kernel.blocks.get> | undefined;
      if (handle !== 0) {
        try {
          block = ctx.kernel.blocks.get(handle);
        } catch (error) {
          if (!(error instanceof SyscallError)) throw error;
          throw new FatalError(`SYS_MISSING_RETURN: the exit data block ${handle} does not exist`);
        }
      }
      throw new ActorExit(exitCode, block, message);
    }),

    message_context: valueCall(ctx, RESULT_SIZE.messageContext, writeMessageContext, () =>
      ctx.kernel.messageContext(),
    ),
  };
}

/**
 * The exit message: "actor aborted" when empty, UTF-8 decoded lossily, long ones cut to their first and
 * last 512 bytes; a bad pointer does not fail the exit, it only replaces the message.
 */
function exitMessage(memory: ActorMemory, offset: number, length: number): string {
  const len = length >>> 0;
  if (len === 0) return 'actor aborted';
  let bytes: Uint8Array;
  try {
    bytes = memory.slice(offset, len);
  } catch (error) {
    return `failed to read the exit message: ${(error as Error).message}`;
  }
  if (bytes.length <= MAX_EXIT_MESSAGE_BYTES) return lossy.decode(bytes);
  const half = MAX_EXIT_MESSAGE_BYTES / 2;
  return `${lossy.decode(bytes.subarray(0, half))}...${lossy.decode(bytes.subarray(bytes.length - half))}`;
}

const lossy = new TextDecoder('utf-8');
