/**
 * The official list of solc builds (`list.json` on the Solidity binaries site). We use the `wasm/` folder:
 * its files are soljson builds with the Wasm embedded, which evaluate in a worker like the bundled one.
 */
import { malformed } from '../../worker-vm/errors';
import type { SolcRelease } from '../types';

export const BINARIES_BASE_URL = 'https://binaries.soliditylang.org/wasm/';
export const RELEASE_LIST_URL = `${BINARIES_BASE_URL}list.json`;

/** The oldest release the playground can drive: solidity_compile took its current arguments in 0.6.0. */
const OLDEST_SUPPORTED: [number, number, number] = [0, 6, 0];

interface ListBuild {
  path?: unknown;
  version?: unknown;
  longVersion?: unknown;
  prerelease?: unknown;
  sha256?: unknown;
  keccak256?: unknown;
}

const isDigest = (value: unknown): value is string =>
  typeof value === 'string' && /^0x[0-9a-f]{64}$/i.test(value);
// A file name under wasm/, never a path that could leave it.
const isFileName = (value: unknown): value is string =>
  typeof value === 'string' && /^soljson-[\w.+-]+\.js$/.test(value);

export function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The releases in a list.json that the playground supports, newest first. Throws MalformedData. */
export function parseReleaseList(json: unknown): SolcRelease[] {
  const list = json as { builds?: unknown; releases?: unknown };
  if (!list || !Array.isArray(list.builds) || typeof list.releases !== 'object' || list.releases === null) {
    throw malformed('the release list has no builds or releases', 'list.json');
  }
  const releasePaths = new Set(Object.values(list.releases as Record<string, unknown>));
  const releases: SolcRelease[] = [];
  for (const build of list.builds as ListBuild[]) {
    if (!releasePaths.has(build.path) || build.prerelease) continue;
    if (typeof build.version !== 'string' || typeof build.longVersion !== 'string') continue;
    if (!isFileName(build.path) || !isDigest(build.sha256) || !isDigest(build.keccak256)) continue;
    const parsed = parseVersion(build.version);
    if (!parsed || compareVersions(parsed, OLDEST_SUPPORTED) < 0) continue;
    releases.push({
      version: build.version,
      longVersion: build.longVersion,
      path: build.path,
      sha256: build.sha256.toLowerCase(),
      keccak256: build.keccak256.toLowerCase(),
    });
  }
  releases.sort((a, b) => compareVersions(parseVersion(b.version)!, parseVersion(a.version)!));
  return releases;
}

/** Finds a release by `0.8.26` or `0.8.26+commit.8a97fa7a`. */
export function findRelease(releases: SolcRelease[], wanted: string): SolcRelease | undefined {
  return releases.find((r) => r.longVersion === wanted || r.version === wanted);
}
