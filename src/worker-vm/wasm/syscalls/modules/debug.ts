import { ErrorNumber } from '../../../kernel/codes';
import { SyscallError } from '../../../kernel/errors';
import { emptyCall, type SyscallContext, valueCall, writeI32Result } from '../framing';
import { RESULT_SIZE } from '../signatures';

/** Artifact names: at most this many bytes (ref-fvm `debug.store_artifact`). */
export const MAX_ARTIFACT_NAME_LENGTH = 256;

/** Module `debug` (spec 2.4): only active when the machine's `actorDebugging` flag is on. */
export function debugImports(ctx: SyscallContext) {
  const { kernel, memory } = ctx;
  return {
    /** 0 when debugging is enabled, -1 when not. */
    enabled: valueCall(ctx, RESULT_SIZE.u32, writeI32Result, () => (kernel.debugEnabled() ? 0 : -1)),

    /** Appends a Log event to the trace; a no-op (not even reading memory) when debugging is off. */
    log: emptyCall(ctx, (offset: number, length: number) => {
      if (!kernel.debugEnabled()) return;
      kernel.log(memory.readUtf8(offset, length, 'the log message'));
    }),

    /**
     * ref-fvm writes the artifact to a directory on the node; the browser has none, so the name and data
     * are validated as there and the artifact is dropped.
     */
    store_artifact: emptyCall(
      ctx,
      (nameOffset: number, nameLength: number, dataOffset: number, dataLength: number) => {
        if (!kernel.debugEnabled()) return;
        const name = memory.readUtf8(nameOffset, nameLength, 'the artifact name');
        memory.checkBounds(dataOffset, dataLength);
        const problem =
          name.length === 0
            ? 'is empty'
            : nameLength >>> 0 > MAX_ARTIFACT_NAME_LENGTH
              ? `is longer than ${MAX_ARTIFACT_NAME_LENGTH} bytes`
              : name.startsWith('.')
                ? 'starts with "."'
                : /[/\\]/.test(name)
                  ? 'contains a path separator'
                  : undefined;
        if (problem) throw new SyscallError(ErrorNumber.IllegalArgument, `the artifact name ${problem}`);
      },
    ),
  };
}
