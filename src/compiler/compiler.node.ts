/**
 * The compiler in Node, for the headless scenario runner, tests and benchmarks: the solc bundled in the
 * npm `solc` package (and the shipped releases from their npm aliases) and the library sources in
 * node_modules. Other releases are not downloaded here.
 */
import {
  type AssemblyScriptCompiler,
  createAssemblyScriptCompiler,
} from './assemblyscript/compileAssemblyScript';
import { nodeSdkFiles } from './assemblyscript/sdkFiles.node.js';
import { type Compiler, createCompiler, type SolcProvider } from './compile';
import { nodeLibraryFiles } from './libraries/nodeLibraries.node.js';
import {
  forgetSoljsonInNode,
  loadBundledSolcInNode,
  loadShippedSolcInNode,
} from './solc/loadSoljson.node.js';
import { SHIPPED_RELEASES, shippedRelease, versionMatches } from './solc/shippedReleases';
import type { SolcBinding } from './solc/soljsonBinding';
import { createWatCompiler, type WatCompiler } from './wat/compileWat';

export function nodeSolcProvider(): SolcProvider {
  let bundled: SolcBinding | undefined;
  const shipped = new Map<string, SolcBinding>();
  return {
    async get(version) {
      bundled ??= loadBundledSolcInNode();
      if (version === 'bundled' || versionMatches(bundled.version(), version)) return bundled;
      const longVersion = shippedRelease(version);
      if (!longVersion) {
        throw new Error(
          `Only the shipped solc releases (${[bundled.version(), ...SHIPPED_RELEASES].join(', ')}) are available in Node; ${version} was requested.`,
        );
      }
      let binding = shipped.get(longVersion);
      if (!binding) {
        binding = loadShippedSolcInNode(longVersion);
        shipped.set(longVersion, binding);
      }
      return binding;
    },
    discard(version) {
      // The next use loads a fresh instance: require()'s cached module would keep the crashed memory.
      const longVersion = version === 'bundled' ? undefined : shippedRelease(version);
      if (longVersion) shipped.delete(longVersion);
      else bundled = undefined;
      forgetSoljsonInNode(longVersion);
    },
  };
}

export function createNodeCompiler(): Compiler {
  return createCompiler({ solc: nodeSolcProvider(), libraries: nodeLibraryFiles() });
}

/** AssemblyScript actors in Node, with the SDK read from src/compiler/assemblyscript/sdk. */
export function createNodeAssemblyScriptCompiler(): AssemblyScriptCompiler {
  return createAssemblyScriptCompiler({ loadSdk: nodeSdkFiles });
}

/** WebAssembly text actors in Node. */
export function createNodeWatCompiler(): WatCompiler {
  return createWatCompiler();
}
