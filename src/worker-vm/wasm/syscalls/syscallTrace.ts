import type { CallManager } from '../../kernel/callManager';
import { ActorExit } from '../../kernel/errors';
import { findSyscall } from './signatures';

type Imports = Record<string, Record<string, (...args: never) => number>>;

/** How much of a syscall's result the trace keeps (the largest fixed result, a public key, is 65 bytes). */
const RESULT_BYTES_KEPT = 64;

/**
 * Wraps every syscall so that it records `Syscall` / `SyscallReturn` events around itself (the debugger's
 * syscall trace for Wasm actors). Only used when step traces are recorded, i.e. in the replays the IDE
 * runs for its debugger, so applying messages pays nothing for it. The wrapper adds no charges: the
 * framing inside (wasm_exec, OnSyscall, the call's own charges) is unchanged and lands between the events.
 */
export function traceSyscalls(
  callManager: CallManager,
  memory: WebAssembly.Memory,
  imports: Imports,
): Imports {
  const traced: Imports = {};
  for (const [module, functions] of Object.entries(imports)) {
    const wrapped: Record<string, (...args: never) => number> = {};
    for (const [name, fn] of Object.entries(functions)) {
      const signature = findSyscall(module, name);
      const resultSize = signature?.kind === 'value' ? signature.resultSize : 0;
      wrapped[name] = ((...args: Array<number | bigint>) => {
        callManager.record({
          kind: 'Syscall',
          module,
          name,
          args: args.map((arg) => (typeof arg === 'number' ? arg >>> 0 : BigInt.asUintN(64, arg))),
        });
        let errno: number;
        try {
          errno = (fn as (...a: Array<number | bigint>) => number)(...args);
        } catch (error) {
          callManager.record({
            kind: 'SyscallReturn',
            errno: null,
            result: undefined,
            unwound: unwoundBy(error),
          });
          throw error;
        }
        let result: Uint8Array | undefined;
        if (errno === 0 && resultSize > 0) {
          const at = (args[0] as number) >>> 0;
          const end = Math.min(at + Math.min(resultSize, RESULT_BYTES_KEPT), memory.buffer.byteLength);
          result = new Uint8Array(memory.buffer.slice(at, end));
        }
        callManager.record({ kind: 'SyscallReturn', errno, result, unwound: undefined });
        return errno;
      }) as (...args: never) => number;
    }
    traced[module] = wrapped;
  }
  return traced;
}

function unwoundBy(error: unknown): string {
  if (error instanceof ActorExit) return `exit ${error.exitCode}${error.message ? `: ${error.message}` : ''}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
