/**
 * Where downloaded compilers are kept so a second visit downloads nothing. In the browser this is Cache
 * Storage (it holds multi-megabyte responses well and is reachable from workers); tests use memory.
 */

export interface CachedSoljson {
  text: string;
  /** The published sha256 it was verified against when downloaded, checked again when loaded. */
  sha256: string;
}

export interface SoljsonCache {
  get(longVersion: string): Promise<CachedSoljson | undefined>;
  put(longVersion: string, entry: CachedSoljson): Promise<void>;
  /** Long versions held. */
  list(): Promise<string[]>;
  delete(longVersion: string): Promise<void>;
}

const CACHE_NAME = 'fvm-playground-solc-v1';
// Cache Storage keys are URLs; these never go to the network.
const keyOf = (longVersion: string) => `https://solc-cache.invalid/${encodeURIComponent(longVersion)}`;
const SHA_HEADER = 'x-solc-sha256';

export function cacheStorageSoljsonCache(storage: CacheStorage = caches): SoljsonCache {
  const open = () => storage.open(CACHE_NAME);
  return {
    async get(longVersion) {
      const response = await (await open()).match(keyOf(longVersion));
      if (!response) return undefined;
      return { text: await response.text(), sha256: response.headers.get(SHA_HEADER) ?? '' };
    },
    async put(longVersion, entry) {
      const response = new Response(entry.text, {
        headers: { 'content-type': 'text/javascript', [SHA_HEADER]: entry.sha256 },
      });
      await (await open()).put(keyOf(longVersion), response);
    },
    async list() {
      const keys = await (await open()).keys();
      return keys.map((request) => decodeURIComponent(new URL(request.url).pathname.slice(1)));
    },
    async delete(longVersion) {
      await (await open()).delete(keyOf(longVersion));
    },
  };
}

export function memorySoljsonCache(): SoljsonCache {
  const entries = new Map<string, CachedSoljson>();
  return {
    get: async (longVersion) => entries.get(longVersion),
    put: async (longVersion, entry) => {
      entries.set(longVersion, entry);
    },
    list: async () => [...entries.keys()],
    delete: async (longVersion) => {
      entries.delete(longVersion);
    },
  };
}
