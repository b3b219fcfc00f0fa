import { shippedRelease } from '../solc/shippedReleases';
import type { VersionStore } from './versionStore';

/**
 * The version store with the releases that ship with the app (solc/shippedReleases.ts) in front: those
 * load from our own origin, never from the network or the download cache.
 */
export function withShippedReleases(
  store: VersionStore,
  loadShipped: (longVersion: string) => Promise<string>,
): VersionStore {
  return {
    listing: (bundledVersion) => store.listing(bundledVersion),
    load(version) {
      const longVersion = shippedRelease(version);
      return longVersion ? loadShipped(longVersion) : store.load(version);
    },
  };
}
