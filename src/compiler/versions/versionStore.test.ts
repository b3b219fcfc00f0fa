import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { describe, expect, it } from 'vitest';
import { findRelease, parseReleaseList } from './releaseList';
import { memorySoljsonCache } from './soljsonCache';
import { createVersionStore } from './versionStore';

const hex = (bytes: Uint8Array) => `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
const BASE = 'https://binaries.example/wasm/';
const GOOD_TEXT = 'var Module = { fake: "soljson 0.8.26" };';
const GOOD = new TextEncoder().encode(GOOD_TEXT);

function build(version: string, commit: string, bytes: Uint8Array, overrides: Record<string, unknown> = {}) {
  return {
    path: `soljson-v${version}+commit.${commit}.js`,
    version,
    build: `commit.${commit}`,
    longVersion: `${version}+commit.${commit}`,
    sha256: hex(sha256(bytes)),
    keccak256: hex(keccak_256(bytes)),
    urls: [],
    ...overrides,
  };
}

const LIST = {
  builds: [
    build('0.5.17', 'd19bba13', GOOD),
    build('0.8.26', '8a97fa7a', GOOD),
    build('0.8.25', 'b61c2a91', GOOD, { sha256: `0x${'00'.repeat(32)}` }),
    build('0.8.27-nightly.2024.5.1', 'abcdef12', GOOD, { prerelease: 'nightly.2024.5.1' }),
    build('0.8.24', 'e11b9ed9', GOOD, { path: '../../evil.js' }),
  ],
  releases: {
    '0.5.17': 'soljson-v0.5.17+commit.d19bba13.js',
    '0.8.26': 'soljson-v0.8.26+commit.8a97fa7a.js',
    '0.8.25': 'soljson-v0.8.25+commit.b61c2a91.js',
    '0.8.24': '../../evil.js',
  },
  latestRelease: '0.8.26',
};

/** A fetch that serves the fake list and files, counts requests, and can be switched offline. */
function fakeNetwork() {
  const requests: string[] = [];
  const state = { offline: false };
  const fetchFn = (async (input: RequestInfo | URL) => {
    const url = String(input);
    requests.push(url);
    if (state.offline) throw new TypeError('Failed to fetch');
    if (url === `${BASE}list.json`) return Response.json(LIST);
    if (url.startsWith(BASE)) return new Response(GOOD);
    return new Response('not found', { status: 404 });
  }) as typeof fetch;
  return { fetchFn, requests, state };
}

describe('the release list', () => {
  it('keeps supported releases with a file name and digests, newest first', () => {
    const releases = parseReleaseList(LIST);
    expect(releases.map((r) => r.version)).toEqual(['0.8.26', '0.8.25']);
    expect(findRelease(releases, '0.8.26')?.longVersion).toBe('0.8.26+commit.8a97fa7a');
    expect(findRelease(releases, '0.8.26+commit.8a97fa7a')?.path).toBe('soljson-v0.8.26+commit.8a97fa7a.js');
  });

  it('refuses a document that is not a release list', () => {
    expect(() => parseReleaseList({ hello: 1 })).toThrow(/no builds or releases/);
    expect(() => parseReleaseList(null)).toThrow(/no builds or releases/);
  });
});

describe('the version store', () => {
  it('downloads a release, verifies it, caches it, and loads it from the cache the second time', async () => {
    const net = fakeNetwork();
    const cache = memorySoljsonCache();
    const store = createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE });
    expect(await store.load('0.8.26')).toBe(GOOD_TEXT);
    expect(net.requests).toEqual([`${BASE}list.json`, `${BASE}soljson-v0.8.26+commit.8a97fa7a.js`]);
    expect(await cache.list()).toEqual(['0.8.26+commit.8a97fa7a']);

    // A new session (new store, same cache), offline: nothing is downloaded.
    net.state.offline = true;
    net.requests.length = 0;
    const again = createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE });
    expect(await again.load('0.8.26+commit.8a97fa7a')).toBe(GOOD_TEXT);
    expect(net.requests).toEqual([]);
  });

  it('refuses a download whose checksum differs from the published one, and does not cache it', async () => {
    const net = fakeNetwork();
    const cache = memorySoljsonCache();
    const store = createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE });
    await expect(store.load('0.8.25')).rejects.toThrow(/does not match its published checksum/);
    expect(await cache.list()).toEqual([]);
  });

  it('says clearly that an uncached version needs the network', async () => {
    const net = fakeNetwork();
    net.state.offline = true;
    const store = createVersionStore({ cache: memorySoljsonCache(), fetch: net.fetchFn, baseUrl: BASE });
    await expect(store.load('0.8.26')).rejects.toThrow(
      /solc 0\.8\.26 is not in this browser's cache and cannot be downloaded now: .*Failed to fetch.*bundled compiler always works offline/,
    );
    // Back online, the same store retries rather than remembering the failure.
    net.state.offline = false;
    expect(await store.load('0.8.26')).toBe(GOOD_TEXT);
  });

  it('refuses versions that are not supported releases', async () => {
    const store = createVersionStore({
      cache: memorySoljsonCache(),
      fetch: fakeNetwork().fetchFn,
      baseUrl: BASE,
    });
    await expect(store.load('0.5.17')).rejects.toThrow(/not an official release the playground supports/);
    await expect(store.load('9.9.9')).rejects.toThrow(/not an official release/);
  });

  it('downloads again when a cached copy no longer matches its checksum', async () => {
    const net = fakeNetwork();
    const cache = memorySoljsonCache();
    await cache.put('0.8.26+commit.8a97fa7a', { text: 'tampered', sha256: hex(sha256(GOOD)) });
    const store = createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE });
    expect(await store.load('0.8.26')).toBe(GOOD_TEXT);
    expect(net.requests).toContain(`${BASE}soljson-v0.8.26+commit.8a97fa7a.js`);
  });

  it('lists releases when online and only the cached ones when offline', async () => {
    const net = fakeNetwork();
    const cache = memorySoljsonCache();
    await cache.put('0.8.20+commit.a1b79de6', {
      text: 'x',
      sha256: hex(sha256(new TextEncoder().encode('x'))),
    });
    const online = await createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE }).listing(
      '0.8.37+commit.f401782d',
    );
    expect(online.releases.map((r) => r.version)).toEqual(['0.8.26', '0.8.25']);
    expect(online.cached).toEqual(['0.8.20+commit.a1b79de6']);
    expect(online.listError).toBeUndefined();
    net.state.offline = true;
    const offline = await createVersionStore({ cache, fetch: net.fetchFn, baseUrl: BASE }).listing(
      '0.8.37+commit.f401782d',
    );
    expect(offline).toMatchObject({
      bundled: '0.8.37+commit.f401782d',
      releases: [],
      cached: ['0.8.20+commit.a1b79de6'],
    });
    expect(offline.listError).toMatch(/could not be fetched/);
  });
});
