/// <reference lib="webworker" />
import { expose } from 'comlink';
import soljsonUrl from 'solc/soljson.js?url';
import soljson0817Url from 'solc-0.8.17/soljson.js?url';
import type { CompilerApi } from './api';
import type { AssemblyScriptCompiler } from './assemblyscript/compileAssemblyScript';
import { createCompiler } from './compile';
import { bundledLibraryFiles } from './libraries/bundledLibraries';
import { createSolcProvider } from './solc/solcProvider';
import { withShippedReleases } from './versions/shippedVersions';
import { cacheStorageSoljsonCache, memorySoljsonCache } from './versions/soljsonCache';
import { createVersionStore } from './versions/versionStore';
import type { WatCompiler } from './wat/compileWat';

// soljson must run here, not on the main thread: Chromium refuses synchronous compilation of Wasm
// modules this large outside workers. All compile work happens here, so the UI never waits on it.

async function fetchSoljson(url: string, what: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${what} (HTTP ${response.status}).`);
  return response.text();
}
const loadBundledText = () => fetchSoljson(soljsonUrl, 'the bundled compiler');

/** The soljson of each release in SHIPPED_RELEASES, emitted by Vite beside the default one. */
const SHIPPED_URLS: Record<string, string> = { '0.8.17+commit.8df45f5f': soljson0817Url };
const loadShipped = (longVersion: string) => {
  const url = SHIPPED_URLS[longVersion];
  if (!url)
    return Promise.reject(new Error(`solc ${longVersion} is listed as shipped but is not in the build`));
  return fetchSoljson(url, `the bundled solc ${longVersion}`);
};

// Cache Storage exists only in secure contexts (https, localhost); elsewhere downloads last one session.
const cache = typeof caches !== 'undefined' ? cacheStorageSoljsonCache(caches) : memorySoljsonCache();
const versions = withShippedReleases(createVersionStore({ cache }), loadShipped);
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
