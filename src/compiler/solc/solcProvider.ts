/**
 * Keeps compilers warm in the worker: the bundled solc is loaded once and kept for the life of the worker;
 * one other release at a time is kept next to it (each instance holds 100+ MB of Wasm memory).
 */
import type { SolcProvider } from '../compile';
import type { VersionStore } from '../versions/versionStore';
import { versionMatches } from './shippedReleases';
import { bindSoljson, evaluateSoljson, type SolcBinding, type SoljsonModule } from './soljsonBinding';

export interface SolcProviderOptions {
  /** The text of the bundled soljson (in the worker: fetched from our own origin). */
  loadBundledText: () => Promise<string>;
  versions: VersionStore;
  /** How soljson text becomes a module; replaceable in tests. */
  evaluate?: (text: string) => SoljsonModule;
}

export interface WorkerSolcProvider extends SolcProvider {
  /** The long version of the bundled solc (loads it). */
  bundledVersion(): Promise<string>;
}

export function createSolcProvider(options: SolcProviderOptions): WorkerSolcProvider {
  const evaluate = options.evaluate ?? evaluateSoljson;
  let bundled: Promise<SolcBinding> | undefined;
  let other: { version: string; binding: Promise<SolcBinding> } | undefined;

  const loadBundled = () => {
    bundled ??= (async () => bindSoljson(evaluate(await options.loadBundledText())))();
    // A failed load is retried on the next call.
    bundled.catch(() => {
      bundled = undefined;
    });
    return bundled;
  };

  return {
    async bundledVersion() {
      return (await loadBundled()).version();
    },

    async get(version) {
      const bundledSolc = await loadBundled();
      if (version === 'bundled' || versionMatches(bundledSolc.version(), version)) return bundledSolc;
      if (other?.version !== version) {
        const binding = (async () => bindSoljson(evaluate(await options.versions.load(version))))();
        other = { version, binding };
        binding.catch(() => {
          if (other?.binding === binding) other = undefined;
        });
      }
      return other.binding;
    },

    discard(version) {
      if (version === 'bundled') bundled = undefined;
      else if (other?.version === version) other = undefined;
      else bundled = undefined;
    },
  };
}
