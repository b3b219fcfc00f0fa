import { describe, expect, it } from 'vitest';
import type { VersionStore } from '../versions/versionStore';
import { versionMatches } from './shippedReleases';
import { createSolcProvider } from './solcProvider';
import type { SoljsonModule } from './soljsonBinding';

/** A stand-in for an evaluated soljson whose version is the text it was made from. */
function fakeModule(version: string): SoljsonModule {
  return {
    _solidity_compile: () => 0,
    _solidity_reset: () => 0,
    cwrap: (name: string) => (name === 'solidity_version' ? () => version : () => '{}'),
  };
}

function setup() {
  const loads: string[] = [];
  const versions: VersionStore = {
    listing: async () => ({ bundled: '', releases: [], cached: [] }),
    load: async (version) => {
      loads.push(version);
      if (version === '0.8.1') throw new Error('offline');
      return `${version}+commit.00000000`;
    },
  };
  let bundledLoads = 0;
  const provider = createSolcProvider({
    loadBundledText: async () => {
      bundledLoads++;
      return '0.8.37+commit.f401782d';
    },
    versions,
    evaluate: fakeModule,
  });
  return { provider, loads, bundledLoads: () => bundledLoads };
}

describe('the solc provider', () => {
  it('loads the bundled compiler once and keeps it warm', async () => {
    const { provider, bundledLoads, loads } = setup();
    const first = await provider.get('bundled');
    expect(await provider.get('bundled')).toBe(first);
    expect(await provider.get('0.8.37')).toBe(first);
    expect(await provider.bundledVersion()).toBe('0.8.37+commit.f401782d');
    expect(bundledLoads()).toBe(1);
    expect(loads).toEqual([]);
  });

  it('loads another release once, keeps one at a time, and reloads after a discard', async () => {
    const { provider, loads } = setup();
    const a = await provider.get('0.8.20');
    expect(a.version()).toBe('0.8.20+commit.00000000');
    expect(await provider.get('0.8.20')).toBe(a);
    await provider.get('0.8.21');
    await provider.get('0.8.20');
    expect(loads).toEqual(['0.8.20', '0.8.21', '0.8.20']);
    provider.discard('0.8.20');
    await provider.get('0.8.20');
    expect(loads).toHaveLength(4);
  });

  it('passes load failures on, and retries next time', async () => {
    const { provider, loads } = setup();
    await expect(provider.get('0.8.1')).rejects.toThrow('offline');
    await expect(provider.get('0.8.1')).rejects.toThrow('offline');
    expect(loads).toEqual(['0.8.1', '0.8.1']);
  });

  it('matches short and long version names', () => {
    expect(versionMatches('0.8.37+commit.f401782d.Emscripten.clang', '0.8.37')).toBe(true);
    expect(versionMatches('0.8.37+commit.f401782d.Emscripten.clang', '0.8.37+commit.f401782d')).toBe(true);
    expect(versionMatches('0.8.37+commit.f401782d.Emscripten.clang', '0.8.3')).toBe(false);
  });
});
