/**
 * Durable storage: browsers may evict a site's IndexedDB under storage pressure unless the site was
 * granted persistent storage. The UI asks once (navigator.storage.persist exists only in windows, not in
 * workers), shows whether it was granted, and shows how full the quota is.
 */

/** The part of StorageManager used here; each method may be missing (older browsers, workers). */
export interface StorageManagerLike {
  persisted?(): Promise<boolean>;
  persist?(): Promise<boolean>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}

export interface StorageStatus {
  /** False when the browser offers no persistence API here (the UI says so instead of a yes/no). */
  readonly supported: boolean;
  /** True when the browser promised not to evict this site's data. */
  readonly persisted: boolean;
  /** Bytes used and available to this site, when the browser says. */
  readonly usage: number | undefined;
  readonly quota: number | undefined;
}

function defaultStorage(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

export async function storageStatus(storage = defaultStorage()): Promise<StorageStatus> {
  const persisted = (await storage?.persisted?.().catch(() => false)) ?? false;
  const estimate = await storage?.estimate?.().catch(() => undefined);
  return {
    supported: typeof storage?.persisted === 'function',
    persisted,
    usage: estimate?.usage,
    quota: estimate?.quota,
  };
}

/** Asks for persistent storage (the browser may prompt or decide silently) and returns the new status. */
export async function requestPersistentStorage(storage = defaultStorage()): Promise<StorageStatus> {
  if (typeof storage?.persist === 'function') await storage.persist().catch(() => false);
  return storageStatus(storage);
}
