/// <reference lib="webworker" />
import { expose } from 'comlink';
import soljsonUrl from 'solc/soljson.js?url';
import type { CompilerApi } from './api';
import type { AssemblyScriptCompiler } from './assemblyscript/compileAssemblyScript';
import { createCompiler } from './compile';
import { bundledLibraryFiles } from './libraries/bundledLibraries';
import { createSolcProvider } from './solc/solcProvider';
import { cacheStorageSoljsonCache, memorySoljsonCache } from './versions/soljsonCache';
import { createVersionStore } from './versions/versionStore';
import type { WatCompiler } from './wat/compileWat';

// soljson must run here, not on the main thread: Chromium refuses synchronous compilation of Wasm
// modules this large outside workers. All compile work happens here, so the UI never waits on it.

async function loadBundledText(): Promise<string> {
  const response = await fetch(soljsonUrl);
  if (!response.ok) throw new Error(`Could not load the bundled compiler (HTTP ${response.status}).`);
  return response.text();
}

// Cache Storage exists only in secure contexts (https, localhost); elsewhere downloads last one session.
const cache = typeof caches !== 'undefined' ? cacheStorageSoljsonCache(caches) : memorySoljsonCache();
const versions = createVersionStore({ cache });
const solc = createSolcProvider({ loadBundledText, versions });
const compiler = createCompiler({ solc, libraries: bundledLibraryFiles() });

// The Wasm-actor compilers are their own chunks (asc with Binaryen is several MB): they load on first use.
let assemblyScript: Promise<AssemblyScriptCompiler> | undefined;
const assemblyScriptCompiler = () =>
  (assemblyScript ??= import('./assemblyscript/compileAssemblyScript').then(
    (m) =>
      m.createAssemblyScriptCompiler({
        loadSdk: () => import('./assemblyscript/sdkFiles').then((sdk) => sdk.bundledSdkFiles()),
      }),
    (error) => {
      assemblyScript = undefined;
      throw error;
    },
  ));
let wat: Promise<WatCompiler> | undefined;
const watCompiler = () =>
  (wat ??= import('./wat/compileWat').then(
    (m) => m.createWatCompiler(),
    (error) => {
      wat = undefined;
      throw error;
    },
  ));

const api: CompilerApi = {
  solcVersion: () => solc.bundledVersion(),
  compile: (request) => compiler.compile(request),
  async versions() {
    return versions.listing(await solc.bundledVersion());
  },
  async prepareVersion(version) {
    return (await solc.get(version)).version();
  },
  compileAssemblyScript: async (request) => (await assemblyScriptCompiler()).compile(request),
  compileWat: async (request) => (await watCompiler()).compile(request),
  assemblyScriptSdk: async () => (await assemblyScriptCompiler()).sdkSources(),
};

expose(api);
