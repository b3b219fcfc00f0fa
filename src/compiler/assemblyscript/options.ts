/**
 * The AssemblyScript compiler's options, fixed to what an FVM actor needs (docs/wasm-actors.md):
 *
 * - `--runtime stub`: a bump allocator that never frees and no garbage collector. Every invocation runs in
 *   a fresh instance whose memory is dropped when it ends, so freeing would only cost gas; the GC runtimes
 *   (`incremental`, `minimal`) add code, a shadow stack and work at every allocation.
 * - No `--enable`: SIMD, threads, reference types, GC and the other proposals the FVM turns off stay off;
 *   the default set (sign extension, saturating float-to-int, bulk memory, mutable globals) is what the
 *   FVM's Wasm has.
 * - The memory is exported as `memory` (the default) and not imported; no table export (ref-fvm charges
 *   `wasm_table_init` only for a table exported as `table`), no exported runtime, no bindings.
 * - `--use abort=…` and `--use trace=…` route AssemblyScript's `abort` (failed assertions, index out of
 *   range, ...) to `vm.exit` with USR_ASSERTION_FAILED and `trace()` to `debug.log`, so modules import
 *   nothing but syscalls. (`Math.random` would import `env.seed`: the FVM refuses it.)
 * - `-O3` by default (`-O0` when `optimize` is false: bigger, slower, easier to read).
 */

/** The virtual folder the SDK is served from as a library (`--lib`): `import ... from "fvm"`. */
export const SDK_LIB_DIR = '.fvm-sdk';

/** AssemblyScript's name for the SDK's entry (library files are named `~lib/<path in the folder>`). */
export const SDK_MODULE = '~lib/fvm/index';

/** Names of the compiler's outputs in the virtual file system. */
export const OUTPUT_WASM = 'actor.wasm';
export const OUTPUT_WAT = 'actor.wat';

/** The `asc` command line for one entry file. */
export function ascArguments(entry: string, optimize: boolean): string[] {
  return [
    entry,
    '--outFile',
    OUTPUT_WASM,
    '--textFile',
    OUTPUT_WAT,
    '--lib',
    SDK_LIB_DIR,
    '--runtime',
    'stub',
    '--optimizeLevel',
    optimize ? '3' : '0',
    '--shrinkLevel',
    '0',
    '--use',
    'abort=~lib/fvm/errors/abortHandler',
    '--use',
    'trace=~lib/fvm/debug/traceHandler',
    '--noColors',
  ];
}
