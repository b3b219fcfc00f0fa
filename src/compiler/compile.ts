/**
 * The compile pipeline, the same in the worker and in Node:
 *   request (files + settings) -> import graph (every source, loaded before solc runs)
 *   -> standard-JSON input -> solc -> normalized artifacts and diagnostics.
 * Bad input never throws: it comes back as diagnostics, and a compiler that crashes is discarded so the
 * next compile starts from a fresh instance.
 */
import { PlaygroundError } from '../worker-vm/errors';
import { consoleSolFor } from './consoleLog/consoleSol';
import { ImportResolver, serviceError } from './imports/importGraph';
import { normalizeWorkspacePath } from './imports/paths';
import { CONSOLE_SOL_PATH, type LibraryFiles } from './libraries/catalog';
import { normalizeOutput, PRAGMA_MISMATCH, type SolcOutput } from './output/normalizeOutput';
import { normalizeSettings, parseRemapping } from './settings';
import { releaseOf, SHIPPED_RELEASES } from './solc/shippedReleases';
import type { SolcBinding } from './solc/soljsonBinding';
import { type SourceForSolc, standardJsonInput } from './solc/standardJson';
import type { CompileRequest, CompileResult, CompilerVersion, CompileTimings, Diagnostic } from './types';

/** Hands out warm compilers by version. */
export interface SolcProvider {
  /** A ready solc for the version, loading it the first time; rejects with a message a user can act on. */
  get(version: CompilerVersion): Promise<SolcBinding>;
  /** Forgets an instance that crashed, so the next `get` loads a fresh one. */
  discard(version: CompilerVersion): void;
}

export interface Compiler {
  compile(request: CompileRequest): Promise<CompileResult>;
}

export interface CompilerOptions {
  solc: SolcProvider;
  libraries: LibraryFiles;
  /** Tried in order when the default solc refuses a pragma (default: the shipped releases). */
  pragmaFallbacks?: readonly CompilerVersion[];
}

export function createCompiler(options: CompilerOptions): Compiler {
  const resolver = new ImportResolver(options.libraries);

  return {
    async compile(request) {
      const timings: CompileTimings = { loadCompilerMs: 0, resolveImportsMs: 0, solcMs: 0, normalizeMs: 0 };
      const fail = (diagnostics: Diagnostic[], solcVersion?: string) =>
        finish({ contracts: [], sources: [], diagnostics }, timings, solcVersion);

      // 1. Input: canonical paths and checked settings.
      let workspace: Map<string, string>;
      let entries: string[];
      let settings: ReturnType<typeof normalizeSettings>;
      try {
        workspace = workspaceOf(request.files);
        settings = normalizeSettings(request.settings);
        entries = entriesOf(request.entries, workspace);
      } catch (error) {
        return fail([inputError(error)]);
      }
      if (entries.length === 0) {
        return fail([
          {
            severity: 'info',
            origin: 'service',
            type: 'NothingToCompile',
            message: 'There are no Solidity (.sol) files to compile.',
          },
        ]);
      }

      // The default compiler first; if it refuses a version pragma and the user picked no version, the
      // shipped releases (newest first) in its place, as Foundry picks a solc by pragma.
      const requested = request.version ?? 'bundled';
      const job: CompileJob = { options, resolver, request, workspace, entries, settings };
      const first = await compileWith(job, requested);
      if (requested !== 'bundled' || !refusesPragma(first)) return first;
      for (const fallback of options.pragmaFallbacks ?? SHIPPED_RELEASES) {
        const retry = await compileWith(job, fallback);
        if (retry.solcVersion === undefined || refusesPragma(retry)) continue;
        retry.diagnostics.unshift(pragmaFallbackNote(first, retry.solcVersion, retry.ok));
        return retry;
      }
      return first;
    },
  };
}

/** What one compile request needs, checked: the pipeline below runs it with one compiler version. */
interface CompileJob {
  readonly options: CompilerOptions;
  readonly resolver: ImportResolver;
  readonly request: CompileRequest;
  readonly workspace: Map<string, string>;
  readonly entries: string[];
  readonly settings: ReturnType<typeof normalizeSettings>;
}

/** Steps 2-5 with one solc version: load it, resolve every import, run solc, normalize its output. */
async function compileWith(job: CompileJob, version: CompilerVersion): Promise<CompileResult> {
  const { options, resolver, request, workspace, entries, settings } = job;
  const timings: CompileTimings = { loadCompilerMs: 0, resolveImportsMs: 0, solcMs: 0, normalizeMs: 0 };
  const fail = (diagnostics: Diagnostic[], solcVersion?: string) =>
    finish({ contracts: [], sources: [], diagnostics }, timings, solcVersion);
  // 2. A warm compiler (first: the generated console.sol depends on its version).
  let started = performance.now();
  let solc: SolcBinding;
  try {
    solc = await options.solc.get(version);
  } catch (error) {
    return fail([serviceError('CompilerUnavailable', messageOf(error))]);
  }
  timings.loadCompilerMs = performance.now() - started;
  const solcVersion = solc.version();

  // 3. Every source, before solc runs.
  started = performance.now();
  const remappings = settings.remappings.map(parseRemapping);
  const generated = (name: string) => (name === CONSOLE_SOL_PATH ? consoleSolFor(solcVersion) : undefined);
  let graph: Awaited<ReturnType<ImportResolver['resolve']>>;
  try {
    graph = await resolver.resolve(workspace, entries, remappings, generated);
  } catch (error) {
    return fail(
      [serviceError('LibraryUnavailable', `Could not read a library file: ${messageOf(error)}`)],
      solcVersion,
    );
  }
  timings.resolveImportsMs = performance.now() - started;
  if (graph.diagnostics.some((d) => d.severity === 'error')) return fail(graph.diagnostics, solcVersion);

  // 4. solc.
  const contents = new Map<string, SourceForSolc>();
  for (const [name, source] of graph.sources) {
    const ast =
      source.origin === 'workspace' || (request.libraryAsts === true && source.origin === 'library');
    contents.set(name, { content: source.content, ast });
  }
  started = performance.now();
  let outputText: string;
  try {
    outputText = solc.compileStandardJson(JSON.stringify(standardJsonInput(contents, settings)));
  } catch (error) {
    options.solc.discard(version);
    return fail([crashDiagnostic(error)], solcVersion);
  }
  timings.solcMs = performance.now() - started;

  // 5. Artifacts and diagnostics.
  started = performance.now();
  let output: SolcOutput;
  try {
    output = JSON.parse(outputText) as SolcOutput;
  } catch {
    options.solc.discard(version);
    return fail(
      [
        serviceError(
          'CompilerCrashed',
          'The compiler returned output that is not JSON; it has been restarted.',
        ),
      ],
      solcVersion,
    );
  }
  const normalized = normalizeOutput(output, graph.sources);
  explainEvmVersion(normalized.diagnostics, settings.evmVersion, solcVersion);
  timings.normalizeMs = performance.now() - started;
  normalized.diagnostics.unshift(...graph.diagnostics);
  return finish(normalized, timings, solcVersion);
}

function finish(
  output: Pick<CompileResult, 'contracts' | 'sources' | 'diagnostics'>,
  timings: CompileTimings,
  solcVersion: string | undefined,
): CompileResult {
  let errorCount = 0;
  let warningCount = 0;
  for (const d of output.diagnostics) {
    if (d.severity === 'error') errorCount++;
    else if (d.severity === 'warning') warningCount++;
  }
  const result: CompileResult = { ok: errorCount === 0, ...output, errorCount, warningCount, timings };
  if (solcVersion !== undefined) result.solcVersion = solcVersion;
  return result;
}

const refusesPragma = (result: CompileResult) =>
  result.diagnostics.some((d) => d.severity === 'error' && d.code === PRAGMA_MISMATCH);

/** Says that another compiler than the default ran, and why (the file whose pragma the default refused). */
function pragmaFallbackNote(refused: CompileResult, usedVersion: string, compiled: boolean): Diagnostic {
  const files = [
    ...new Set(
      refused.diagnostics.filter((d) => d.code === PRAGMA_MISMATCH).map((d) => d.location?.file ?? '?'),
    ),
  ];
  const why = `the default solc ${releaseOf(refused.solcVersion) ?? ''} refuses the version pragma of ${files.map((f) => `"${f}"`).join(', ')}`;
  return {
    severity: 'info',
    origin: 'service',
    type: 'CompilerChosenByPragma',
    message: compiled
      ? `Compiled with solc ${releaseOf(usedVersion)}, which ships with the playground: ${why}. Pick a version in the compiler settings to choose yourself.`
      : `Tried solc ${releaseOf(usedVersion)}, which ships with the playground, because ${why}; it did not compile either: see its errors.`,
  };
}

/**
 * solc answers an EVM version newer than it knows with a bare "Invalid EVM version requested." and no
 * place: say which version and which compiler, and what to do.
 */
function explainEvmVersion(
  diagnostics: Diagnostic[],
  evmVersion: string | undefined,
  solcVersion: string | undefined,
): void {
  for (const [i, d] of diagnostics.entries()) {
    if (d.severity !== 'error' || !/Invalid EVM version requested/i.test(d.message)) continue;
    diagnostics[i] = {
      ...d,
      message: `${d.message} solc ${releaseOf(solcVersion) ?? ''} does not know the EVM version "${evmVersion ?? '?'}" chosen in the compiler settings: choose an earlier one, or a newer compiler.`,
    };
  }
}

function workspaceOf(files: CompileRequest['files']): Map<string, string> {
  if (typeof files !== 'object' || files === null)
    throw new PlaygroundError('InvalidInput', 'must map paths to file contents', 'files');
  const workspace = new Map<string, string>();
  for (const [path, content] of Object.entries(files)) {
    if (typeof content !== 'string')
      throw new PlaygroundError('InvalidInput', `the content of "${path}" is not text`, 'files');
    const name = normalizeWorkspacePath(path);
    if (workspace.has(name)) throw new PlaygroundError('InvalidInput', `"${path}" appears twice`, 'files');
    workspace.set(name, content);
  }
  return workspace;
}

function entriesOf(requested: string[] | undefined, workspace: Map<string, string>): string[] {
  if (requested === undefined) return [...workspace.keys()].filter((name) => name.endsWith('.sol'));
  return requested.map((path) => {
    const name = normalizeWorkspacePath(path);
    if (!workspace.has(name))
      throw new PlaygroundError('InvalidInput', `"${path}" is not a workspace file`, 'entries');
    return name;
  });
}

function inputError(error: unknown): Diagnostic {
  if (error instanceof PlaygroundError) {
    return { severity: 'error', origin: 'service', type: error.kind, message: error.message };
  }
  return serviceError('InvalidInput', messageOf(error));
}

function crashDiagnostic(error: unknown): Diagnostic {
  const text = messageOf(error);
  // Emscripten's and V8's wordings when Wasm memory cannot grow.
  const outOfMemory =
    /out of memory|\bOOM\b|Cannot enlarge memory|could not allocate|allocation failed/i.test(text);
  const message = outOfMemory
    ? `The compiler ran out of memory (${text}). It has been restarted; try fewer or smaller files.`
    : `The compiler crashed (${text}). It has been restarted; if this happens again, the input may trigger a compiler bug.`;
  return serviceError(outOfMemory ? 'CompilerOutOfMemory' : 'CompilerCrashed', message);
}

export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
