/// <reference lib="webworker" />
import { expose } from 'comlink';
import soljsonUrl from 'solc/soljson.js?url';
import type { CompilerApi } from './api';
import { bindSoljson, evaluateSoljson, type SolcBinding } from './solc/soljsonBinding';

// soljson must run here, not on the main thread: Chromium refuses synchronous compilation of
// Wasm modules this large outside workers.
let bundledSolc: Promise<SolcBinding> | undefined;

function loadBundledSolc(): Promise<SolcBinding> {
  bundledSolc ??= (async () => {
    const response = await fetch(soljsonUrl);
    if (!response.ok) throw new Error(`Could not load the bundled compiler (HTTP ${response.status}).`);
    return bindSoljson(evaluateSoljson(await response.text()));
  })();
  // A failed load may be retried on the next call.
  bundledSolc.catch(() => {
    bundledSolc = undefined;
  });
  return bundledSolc;
}

const api: CompilerApi = {
  async solcVersion() {
    return (await loadBundledSolc()).version();
  },
};

expose(api);
