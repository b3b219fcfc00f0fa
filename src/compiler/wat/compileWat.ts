/**
 * WebAssembly text to an actor module with wabt (the npm `wabt` package, Emscripten-built), in the compiler
 * worker and in Node. wabt is loaded on the first WAT compile only.
 */
import wabtPackage from 'wabt/package.json';
import type { WasmModuleError } from '../../worker-vm/wasm/moduleError';
import { SourcePositions } from '../output/positions';
import type { DiagnosticLocation } from '../types';
import {
  checkCompiledActor,
  finishWasmResult,
  inputDiagnostic,
  readWorkspace,
  serviceDiagnostic,
  type WasmCompileRequest,
  type WasmCompileResult,
  type WasmDiagnostic,
} from './wasmResult';
import { parseWabtErrors } from './watDiagnostics';

type WabtFactory = typeof import('wabt');
export type Wabt = Awaited<ReturnType<WabtFactory>>;

export const WABT_VERSION = `wabt ${wabtPackage.version}`;

/**
 * The Wasm proposals the FVM enables (spec 6.8: bulk memory on; SIMD, multi-value, tail calls, threads,
 * reference types and the rest off), so that wabt points at a disabled instruction in the text rather than
 * the FVM refusing the binary without a position. Sign extension, saturating float-to-int and mutable
 * globals are part of the FVM's Wasm.
 */
export const FVM_WAT_FEATURES = {
  mutable_globals: true,
  sat_float_to_int: true,
  sign_extension: true,
  bulk_memory: true,
  simd: false,
  relaxed_simd: false,
  threads: false,
  multi_value: false,
  tail_call: false,
  reference_types: false,
  function_references: false,
  gc: false,
  exceptions: false,
  memory64: false,
  extended_const: false,
} as const;

export interface WatCompiler {
  compile(request: WasmCompileRequest): Promise<WasmCompileResult>;
}

/** Loads wabt from the npm package (bundled by Vite into its own chunk in the worker). */
export async function loadWabt(): Promise<Wabt> {
  const factory = (await import('wabt')).default;
  return factory();
}

export function createWatCompiler(load: () => Promise<Wabt> = loadWabt): WatCompiler {
  let wabt: Promise<Wabt> | undefined;

  return {
    async compile(request) {
      const timings = { loadCompilerMs: 0, compileMs: 0, checkMs: 0 };
      const base = { language: 'wat' as const, compilerVersion: WABT_VERSION, timings };
      let files: Map<string, string>;
      let entry: string;
      try {
        ({ files, entry } = readWorkspace(request, '.wat'));
      } catch (error) {
        return finishWasmResult({
          ...base,
          entry: String(request?.entry ?? ''),
          diagnostics: [inputDiagnostic(error)],
        });
      }
      const source = files.get(entry)!;

      let started = performance.now();
      let tools: Wabt;
      try {
        wabt ??= load();
        tools = await wabt;
      } catch (error) {
        wabt = undefined;
        return finishWasmResult({
          ...base,
          entry,
          diagnostics: [
            serviceDiagnostic('CompilerUnavailable', `wabt could not be loaded: ${messageOf(error)}`),
          ],
        });
      }
      timings.loadCompilerMs = performance.now() - started;

      started = performance.now();
      const assembled = assemble(tools, entry, source);
      timings.compileMs = performance.now() - started;
      if (!assembled.wasm) return finishWasmResult({ ...base, entry, diagnostics: assembled.diagnostics });

      started = performance.now();
      const checked = checkCompiledActor(assembled.wasm, (error) => ({
        location: locateInWat(error, entry, source),
      }));
      timings.checkMs = performance.now() - started;
      return finishWasmResult({
        ...base,
        entry,
        wasm: assembled.wasm,
        wat: assembled.wat,
        ...(checked.module ? { module: checked.module } : {}),
        diagnostics: checked.diagnostics,
      });
    },
  };
}

function assemble(
  wabt: Wabt,
  file: string,
  source: string,
): { wasm?: Uint8Array; wat?: string; diagnostics: WasmDiagnostic[] } {
  let module: ReturnType<Wabt['parseWat']> | undefined;
  try {
    // As UTF-8 bytes: given a string, the binding keeps one byte per UTF-16 unit, which garbles non-ASCII
    // text in data strings and shifts columns.
    module = wabt.parseWat(file, new TextEncoder().encode(source), FVM_WAT_FEATURES);
    module.resolveNames();
    module.validate();
    const wasm = new Uint8Array(module.toBinary({}).buffer);
    return { wasm, wat: disassemble(wabt, wasm), diagnostics: [] };
  } catch (error) {
    return { diagnostics: parseWabtErrors(messageOf(error), file, source) };
  } finally {
    module?.destroy();
  }
}

/** The module as wabt prints it (indices resolved, one instruction per line). */
function disassemble(wabt: Wabt, wasm: Uint8Array): string | undefined {
  const module = wabt.readWasm(wasm, { readDebugNames: true, ...FVM_WAT_FEATURES });
  try {
    return module.toText({ foldExprs: false, inlineExport: false });
  } finally {
    module.destroy();
  }
}

/** Points an FVM problem at the import or export it is about, when the text names it plainly. */
function locateInWat(error: WasmModuleError, file: string, source: string): DiagnosticLocation | undefined {
  let pattern: RegExp | undefined;
  const imported = /^import (\S+)\.(\S+)$/.exec(error.where ?? '');
  if (imported)
    pattern = new RegExp(`\\(import\\s+"${escapeRegExp(imported[1]!)}"\\s+"${escapeRegExp(imported[2]!)}"`);
  else if (error.problem === 'invalid-invoke' || error.problem === 'missing-invoke')
    pattern = /\(export\s+"invoke"/;
  else if (error.problem === 'missing-memory' || error.problem === 'too-large') pattern = /\(memory\b/;
  const match = pattern?.exec(source);
  if (!match) return undefined;
  const positions = new SourcePositions(source);
  return { file, range: positions.rangeFromChars(match.index, match.index + match[0].length) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
