/**
 * AssemblyScript actors compiled with the `assemblyscript` package's `asc.main`, over a virtual file system:
 * the workspace's files, the FVM SDK as a library folder, outputs kept in memory. The same code runs in the
 * compiler worker (asc and Binaryen load on the first AssemblyScript compile, as their own chunk) and in
 * Node. Options are fixed (`options.ts`); the module is then checked as `Machine.installActor` would.
 */
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
} from '../wat/wasmResult';
import { type AscDiagnostic, AscDiagnosticConverter } from './ascDiagnostics';
import { ascArguments, OUTPUT_WASM, OUTPUT_WAT, SDK_LIB_DIR } from './options';
import type { SdkFiles } from './sdkFiles';

export type Asc = typeof import('assemblyscript/asc');

export interface AssemblyScriptCompiler {
  compile(request: WasmCompileRequest): Promise<WasmCompileResult>;
  /** The SDK's sources by the names diagnostics use (`~lib/fvm/index.ts`), for the editor. */
  sdkSources(): Promise<Record<string, string>>;
  /** `AssemblyScript 0.28.20` (loads the compiler). */
  version(): Promise<string>;
}

export interface AssemblyScriptCompilerOptions {
  loadAsc?: () => Promise<Asc>;
  loadSdk: () => Promise<SdkFiles> | SdkFiles;
}

/** Loads asc (and Binaryen, a large JavaScript module) from the npm package. */
export const loadAsc = (): Promise<Asc> => import('assemblyscript/asc');

/** The prefix asc gives files of library folders and of its standard library. */
const LIBRARY_PREFIX = '~lib/';

export function createAssemblyScriptCompiler(options: AssemblyScriptCompilerOptions): AssemblyScriptCompiler {
  const load = options.loadAsc ?? loadAsc;
  let asc: Promise<Asc> | undefined;
  let sdk: Promise<SdkFiles> | undefined;
  // asc keeps global state while it runs (Binaryen's module, its own statistics): one compile at a time.
  let queue: Promise<unknown> = Promise.resolve();

  const ready = async () => {
    asc ??= load();
    sdk ??= Promise.resolve(options.loadSdk());
    try {
      return { asc: await asc, sdk: await sdk };
    } catch (error) {
      asc = undefined;
      sdk = undefined;
      throw error;
    }
  };

  async function compile(request: WasmCompileRequest): Promise<WasmCompileResult> {
    const timings = { loadCompilerMs: 0, compileMs: 0, checkMs: 0 };
    const base = { language: 'assemblyscript' as const, timings };
    let files: Map<string, string>;
    let entry: string;
    try {
      ({ files, entry } = readWorkspace(request, '.ts'));
    } catch (error) {
      return finishWasmResult({
        ...base,
        compilerVersion: 'AssemblyScript',
        entry: String(request?.entry ?? ''),
        diagnostics: [inputDiagnostic(error)],
      });
    }

    let started = performance.now();
    let tools: Awaited<ReturnType<typeof ready>>;
    try {
      tools = await ready();
    } catch (error) {
      return finishWasmResult({
        ...base,
        compilerVersion: 'AssemblyScript',
        entry,
        diagnostics: [
          serviceDiagnostic('CompilerUnavailable', `AssemblyScript could not be loaded: ${messageOf(error)}`),
        ],
      });
    }
    timings.loadCompilerMs = performance.now() - started;
    const compilerVersion = `AssemblyScript ${tools.asc.version}`;

    started = performance.now();
    const built = await runAsc(tools.asc, tools.sdk, files, entry, request.optimize ?? true);
    timings.compileMs = performance.now() - started;
    if (!built.wasm)
      return finishWasmResult({ ...base, compilerVersion, entry, diagnostics: built.diagnostics });

    started = performance.now();
    const checked = checkCompiledActor(built.wasm, (error) => explain(error, files, entry));
    timings.checkMs = performance.now() - started;
    return finishWasmResult({
      ...base,
      compilerVersion,
      entry,
      wasm: built.wasm,
      ...(built.wat !== undefined ? { wat: built.wat } : {}),
      ...(checked.module ? { module: checked.module } : {}),
      diagnostics: [...built.diagnostics, ...checked.diagnostics],
    });
  }

  return {
    compile(request) {
      const run = queue.then(() => compile(request));
      queue = run.catch(() => {});
      return run;
    },
    async sdkSources() {
      const files = await Promise.resolve(options.loadSdk());
      return Object.fromEntries([...files].map(([path, text]) => [`${LIBRARY_PREFIX}${path}`, text]));
    },
    async version() {
      return `AssemblyScript ${(await ready()).asc.version}`;
    },
  };
}

interface Built {
  wasm?: Uint8Array;
  wat?: string;
  diagnostics: WasmDiagnostic[];
}

async function runAsc(
  asc: Asc,
  sdk: SdkFiles,
  files: Map<string, string>,
  entry: string,
  optimize: boolean,
): Promise<Built> {
  const outputs = new Map<string, Uint8Array | string>();
  const diagnostics: WasmDiagnostic[] = [];
  const converter = new AscDiagnosticConverter(
    (path) => sourceText(asc, sdk, files, path),
    (path) => path.startsWith(LIBRARY_PREFIX),
  );
  const stderr = memoryStream();
  let result: Awaited<ReturnType<Asc['main']>>;
  try {
    result = await asc.main(ascArguments(entry, optimize), {
      stdout: memoryStream(),
      stderr,
      readFile(name, baseDir) {
        // The SDK folder; otherwise the workspace. asc's own configuration files are never read from the
        // workspace: the options are fixed.
        if (baseDir === SDK_LIB_DIR) return sdk.get(name) ?? null;
        const path = joinPath(baseDir, name);
        if (path === 'asconfig.json' || path.startsWith('node_modules/')) return null;
        return files.get(path) ?? null;
      },
      writeFile(name, contents) {
        outputs.set(name.slice(name.lastIndexOf('/') + 1), contents);
      },
      listFiles(dirname, baseDir) {
        if (joinPath(baseDir, dirname) === SDK_LIB_DIR) return [...sdk.keys()];
        return [];
      },
      reportDiagnostic(diagnostic) {
        diagnostics.push(converter.convert(diagnostic as unknown as AscDiagnostic));
      },
    });
  } catch (error) {
    return {
      diagnostics: [
        ...diagnostics,
        serviceDiagnostic('CompilerCrashed', `The AssemblyScript compiler failed: ${messageOf(error)}`),
      ],
    };
  }
  const wasm = outputs.get(OUTPUT_WASM);
  const wat = outputs.get(OUTPUT_WAT);
  if (result.error || !(wasm instanceof Uint8Array)) {
    if (!diagnostics.some((d) => d.severity === 'error')) {
      // Failures that are not diagnostics (Binaryen validation, a crash) only reach stderr.
      const detail = stderr.toString().trim() || result.error?.message || 'no output was produced';
      diagnostics.push(
        serviceDiagnostic('CompilerFailed', `AssemblyScript did not produce a module: ${detail}`),
      );
    }
    return { diagnostics };
  }
  return { wasm, ...(typeof wat === 'string' ? { wat } : {}), diagnostics };
}

/** The text of a file asc names in a diagnostic: the workspace, the SDK, or its standard library. */
function sourceText(asc: Asc, sdk: SdkFiles, files: Map<string, string>, path: string): string | undefined {
  if (!path.startsWith(LIBRARY_PREFIX)) return files.get(path);
  const inLibrary = path.slice(LIBRARY_PREFIX.length);
  return sdk.get(inLibrary) ?? asc.libraryFiles[inLibrary.replace(/\.ts$/, '')];
}

/**
 * Where an FVM problem comes from in AssemblyScript: the `@external` (or bare `declare function`) behind an
 * import, the entry's `invoke`; and what to do about standard-library features that import host functions.
 */
function explain(
  error: WasmModuleError,
  files: Map<string, string>,
  entry: string,
): { location?: DiagnosticLocation; hint?: string } {
  const imported = /^import (\S+?)\.(\S+)$/.exec(error.where ?? '');
  if (imported) {
    const [, module, name] = imported as unknown as [string, string, string];
    const external = new RegExp(
      `@external\\(\\s*(["'])${escapeRegExp(module)}\\1\\s*,\\s*(["'])${escapeRegExp(name)}\\2\\s*\\)`,
    );
    for (const [file, text] of files) {
      const location = find(file, text, external);
      if (location) return { location };
    }
    // A `declare function` without @external is imported from a module named after its file.
    const declaring = files.get(`${module}.ts`);
    const declared =
      declaring && find(`${module}.ts`, declaring, new RegExp(`declare function ${escapeRegExp(name)}\\b`));
    if (declared) {
      return {
        location: declared,
        hint: 'declare syscalls with @external("module", "name"), or use the SDK',
      };
    }
    if (module === 'env') return { hint: envHint(name) };
    return {};
  }
  if (error.problem === 'invalid-invoke' || error.problem === 'missing-invoke') {
    const location = find(entry, files.get(entry) ?? '', /export\s+function\s+invoke\b/);
    return {
      ...(location ? { location } : {}),
      hint: 'an actor exports `function invoke(params: u32): u32`',
    };
  }
  return {};
}

function envHint(name: string): string {
  if (name === 'seed') return 'Math.random needs a host seed; use chainRandomness() from "fvm" instead';
  if (name.startsWith('console.')) return 'console needs a host; use log() from "fvm" instead';
  if (name.startsWith('Date.')) return 'Date needs a host clock; use networkContext().timestamp from "fvm"';
  return 'this standard-library feature needs a JavaScript host, which actors do not have';
}

function find(file: string, text: string, pattern: RegExp): DiagnosticLocation | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  return {
    file,
    range: new SourcePositions(text).rangeFromChars(match.index, match.index + match[0].length),
  };
}

function joinPath(baseDir: string, name: string): string {
  if (baseDir === '' || baseDir === '.') return name;
  return `${baseDir}/${name}`;
}

/** asc's output streams, kept in memory. */
function memoryStream(): { write(chunk: Uint8Array | string): void; toString(): string } {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  return {
    write(chunk) {
      chunks.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    },
    toString: () => chunks.join(''),
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
