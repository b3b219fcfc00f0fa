/**
 * The compiler in Node, for the headless scenario runner, tests and benchmarks: the solc bundled in the
 * npm `solc` package and the library sources in node_modules. Only the bundled version is available here.
 */
import {
  type AssemblyScriptCompiler,
  createAssemblyScriptCompiler,
} from './assemblyscript/compileAssemblyScript';
import { nodeSdkFiles } from './assemblyscript/sdkFiles.node.js';
import { type Compiler, createCompiler, type SolcProvider } from './compile';
import { nodeLibraryFiles } from './libraries/nodeLibraries.node.js';
import { loadBundledSolcInNode } from './solc/loadSoljson.node.js';
import type { SolcBinding } from './solc/soljsonBinding';
import { createWatCompiler, type WatCompiler } from './wat/compileWat';

export function nodeSolcProvider(): SolcProvider {
  let bundled: SolcBinding | undefined;
  return {
    async get(version) {
      bundled ??= loadBundledSolcInNode();
      if (version !== 'bundled' && !bundled.version().startsWith(version)) {
        throw new Error(
          `Only the bundled solc (${bundled.version()}) is available in Node; ${version} was requested.`,
        );
      }
      return bundled;
    },
    discard() {
      // Rebinds on next use. require() caches the soljson module itself, so in Node a crash that
      // corrupted its memory persists until the process restarts (the worker reloads it from scratch).
      bundled = undefined;
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
