import { create } from 'zustand';
import { compilerService, onCompilerRestart } from '../../compiler/client';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../compiler/settings';
import type { CompileResult, CompilerSettings, SourceFiles, VersionListing } from '../../compiler/types';
import { useConsole } from '../state/consoleLog';

/** The compiler choices a user makes, kept across visits. */
export interface CompilerPreferences {
  settings: CompilerSettings;
  /** 'bundled' or a release's long version. */
  version: string;
  autoCompile: boolean;
}

export type CompileStatus = 'idle' | 'compiling' | 'done';

export type VersionsState =
  | { status: 'unloaded' }
  | { status: 'loading' }
  | { status: 'loaded'; listing: VersionListing };

interface CompileStore extends CompilerPreferences {
  status: CompileStatus;
  result: CompileResult | undefined;
  /** Wall time of the last finished compile, as the UI saw it (worker round trip included). */
  lastDurationMs: number | undefined;
  versions: VersionsState;
  /** A download or load of a chosen version in progress, or its failure. */
  versionNote: { kind: 'busy' | 'error'; text: string } | undefined;
  setSettings(settings: CompilerSettings): void;
  setAutoCompile(on: boolean): void;
  chooseVersion(version: string): Promise<void>;
  loadVersions(): Promise<void>;
  compile(files: SourceFiles): Promise<void>;
}

const STORAGE_KEY = 'fvm-playground.compiler';

function loadPreferences(): CompilerPreferences {
  const fallback: CompilerPreferences = {
    settings: DEFAULT_SETTINGS,
    version: 'bundled',
    autoCompile: false,
  };
  try {
    const stored = JSON.parse(
      globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'null',
    ) as Partial<CompilerPreferences> | null;
    if (!stored) return fallback;
    return {
      settings: normalizeSettings(stored.settings),
      version: typeof stored.version === 'string' ? stored.version : 'bundled',
      autoCompile: stored.autoCompile === true,
    };
  } catch {
    // Unreadable or outdated preferences: start from the defaults.
    return fallback;
  }
}

function savePreferences({ settings, version, autoCompile }: CompilerPreferences): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify({ settings, version, autoCompile }));
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

function summary(result: CompileResult, ms: number): string {
  const own = result.contracts.filter((c) => !c.fromLibrary).length;
  const counts = `${result.errorCount} error${result.errorCount === 1 ? '' : 's'}, ${result.warningCount} warning${result.warningCount === 1 ? '' : 's'}`;
  const compiler = result.solcVersion
    ? ` with solc ${result.solcVersion.replace(/\.Emscripten.*$/, '')}`
    : '';
  return result.ok
    ? `Compiled ${own} contract${own === 1 ? '' : 's'} in ${Math.round(ms)} ms${compiler} (${counts})`
    : `Compilation failed${compiler} (${counts})`;
}

export const useCompileStore = create<CompileStore>((set, get) => ({
  ...loadPreferences(),
  status: 'idle',
  result: undefined,
  lastDurationMs: undefined,
  versions: { status: 'unloaded' },
  versionNote: undefined,

  setSettings(settings) {
    set({ settings });
    savePreferences(get());
  },

  setAutoCompile(autoCompile) {
    set({ autoCompile });
    savePreferences(get());
  },

  async chooseVersion(version) {
    set({ version, versionNote: undefined });
    savePreferences(get());
    if (version === 'bundled') return;
    // Download (or load from the cache) now, so problems show before the next compile.
    set({ versionNote: { kind: 'busy', text: `Loading solc ${version}…` } });
    try {
      const loaded = await compilerService().call((api) => api.prepareVersion(version));
      if (get().version === version) set({ versionNote: undefined });
      useConsole.getState().log('info', `solc ${loaded} is ready`);
    } catch (error) {
      if (get().version === version) set({ versionNote: { kind: 'error', text: describe(error) } });
      useConsole.getState().log('error', `solc ${version}: ${describe(error)}`);
    }
  },

  async loadVersions() {
    if (get().versions.status === 'loading') return;
    set({ versions: { status: 'loading' } });
    try {
      const listing = await compilerService().call((api) => api.versions());
      set({ versions: { status: 'loaded', listing } });
    } catch (error) {
      set({ versions: { status: 'unloaded' }, versionNote: { kind: 'error', text: describe(error) } });
    }
  },

  async compile(files) {
    const { settings, version } = get();
    set({ status: 'compiling' });
    const started = performance.now();
    const outcome = await compilerService().compile({ files, settings, version });
    // A newer request took over; it will set the state when it ends.
    if (outcome.status === 'superseded') return;
    const ms = performance.now() - started;
    set({ status: 'done', result: outcome.result, lastDurationMs: ms });
    useConsole.getState().log(outcome.result.ok ? 'info' : 'error', summary(outcome.result, ms));
  },
}));

// A worker that died or hung was replaced; say so where the user looks for what happened.
onCompilerRestart((reason) => {
  if (reason !== 'disposed') useConsole.getState().log('error', `Compiler worker restarted: ${reason}`);
});
