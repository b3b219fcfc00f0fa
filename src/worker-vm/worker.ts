/// <reference lib="webworker" />
import { expose } from 'comlink';
import { version } from '../../package.json';
import { SESSION_METHODS, type SessionMethod, type VmApi } from './api';
import { loadFastKeccak } from './crypto/keccak';
import { PlaygroundSession } from './session/session';
import { asResult, toApiError } from './session/sessionErrors';
import { shareApi } from './session/share/shareApi';

// The fast Keccak engine instantiates its Wasm asynchronously; until it is ready noble hashes (same digests).
const keccakReady = loadFastKeccak().catch(() => {});

// One session per worker, created on first use (the genesis takes a moment to build).
let session: PlaygroundSession | undefined;
const current = () => {
  session ??= new PlaygroundSession();
  return session;
};

function sessionMethod(name: SessionMethod) {
  return async (...args: unknown[]) => {
    const result = asResult(() => (current()[name] as (...a: unknown[]) => unknown).apply(current(), args));
    // Workspace operations are async (IndexedDB): their value is awaited, their rejection becomes data.
    if (!result.ok || !(result.value instanceof Promise)) return result;
    try {
      return { ok: true as const, value: await result.value };
    } catch (error) {
      return { ok: false as const, error: toApiError(error) };
    }
  };
}

const api = {
  async info() {
    await keccakReady;
    return {
      version,
      runtime: `Web Worker (${self.navigator.userAgent.includes('Chrome') ? 'Chromium' : 'browser'})`,
    };
  },
  ...Object.fromEntries(SESSION_METHODS.map((name) => [name, sessionMethod(name)])),
  ...shareApi(current),
} as VmApi;

expose(api);
