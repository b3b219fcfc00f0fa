/**
 * Other solc releases: listed from the official list when online, downloaded once, verified against the
 * published sha256 and keccak-256, and cached so later visits (and offline ones) need no network.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { malformed, notFound } from '../../worker-vm/errors';
import type { SolcRelease, VersionListing } from '../types';
import { BINARIES_BASE_URL, findRelease, parseReleaseList, RELEASE_LIST_URL } from './releaseList';
import type { SoljsonCache } from './soljsonCache';

export interface VersionStore {
  /** What can be picked: the bundled version, the official releases (when reachable), the cached ones. */
  listing(bundledVersion: string): Promise<VersionListing>;
  /** The soljson text of a release, from the cache or downloaded and verified. */
  load(version: string): Promise<string>;
}

export interface VersionStoreOptions {
  cache: SoljsonCache;
  fetch?: typeof fetch;
  baseUrl?: string;
}

const toHex = (bytes: Uint8Array) => {
  let hex = '0x';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
};

export function createVersionStore(options: VersionStoreOptions): VersionStore {
  const { cache } = options;
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const baseUrl = options.baseUrl ?? BINARIES_BASE_URL;
  const listUrl = options.baseUrl ? `${baseUrl}list.json` : RELEASE_LIST_URL;
  let releases: Promise<SolcRelease[]> | undefined;

  const fetchReleases = (): Promise<SolcRelease[]> => {
    releases ??= (async () => {
      let response: Response;
      try {
        response = await fetchFn(listUrl);
      } catch (error) {
        throw notFound(`the list of solc releases could not be fetched (${describe(error)})`);
      }
      if (!response.ok) throw notFound(`the list of solc releases answered HTTP ${response.status}`);
      return parseReleaseList(await response.json());
    })();
    // A failure (offline) is retried on the next call rather than remembered.
    releases.catch(() => {
      releases = undefined;
    });
    return releases;
  };

  /** A cached build of the version, by long version or by `0.8.26`. */
  const fromCache = async (version: string) => {
    const cachedVersions = await cache.list();
    const longVersion = cachedVersions.find((v) => v === version || v.startsWith(`${version}+`));
    if (!longVersion) return undefined;
    const entry = await cache.get(longVersion);
    if (!entry) return undefined;
    // A cache entry that no longer hashes to what was verified is dropped and downloaded again.
    if (toHex(sha256(new TextEncoder().encode(entry.text))) !== entry.sha256) {
      await cache.delete(longVersion);
      return undefined;
    }
    return entry.text;
  };

  return {
    async listing(bundledVersion) {
      const cached = await cache.list().catch(() => [] as string[]);
      try {
        return { bundled: bundledVersion, releases: await fetchReleases(), cached };
      } catch (error) {
        return { bundled: bundledVersion, releases: [], cached, listError: describe(error) };
      }
    },

    async load(version) {
      const cachedText = await fromCache(version);
      if (cachedText !== undefined) return cachedText;

      let list: SolcRelease[];
      try {
        list = await fetchReleases();
      } catch (error) {
        throw notFound(
          `solc ${version} is not in this browser's cache and cannot be downloaded now: ${describe(error)}. ` +
            'Are you offline? The bundled compiler always works offline.',
        );
      }
      const release = findRelease(list, version);
      if (!release)
        throw notFound(
          `solc ${version} is not an official release the playground supports (0.6.0 or newer).`,
        );

      let bytes: Uint8Array;
      try {
        const response = await fetchFn(`${baseUrl}${release.path}`);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw notFound(`solc ${release.longVersion} could not be downloaded (${describe(error)}).`);
      }
      const actualSha = toHex(sha256(bytes));
      const actualKeccak = toHex(keccak_256(bytes));
      if (actualSha !== release.sha256 || actualKeccak !== release.keccak256) {
        throw malformed(
          `the download of solc ${release.longVersion} does not match its published checksum ` +
            `(sha256 ${release.sha256}, got ${actualSha}); it was neither used nor cached.`,
        );
      }
      const text = new TextDecoder().decode(bytes);
      // The compiler is usable even if the cache is full or unavailable (private windows).
      await cache.put(release.longVersion, { text, sha256: actualSha }).catch(() => {});
      return text;
    },
  };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
