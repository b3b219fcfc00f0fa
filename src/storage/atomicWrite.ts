import { promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * Writes all entries (and deletes all keys or key ranges in `deletes`) in one IndexedDB transaction, or
 * none: if any operation fails (an uncloneable value, the quota), the transaction is aborted, so the
 * operations queued before it are not committed either. (idb-keyval's `setMany` leaves earlier puts
 * queued when a later one throws.) Deletes run first, so a key both deleted and written ends up written.
 */
export function writeAtomically(
  db: UseStore,
  entries: ReadonlyArray<readonly [IDBValidKey, unknown]>,
  deletes: ReadonlyArray<IDBValidKey | IDBKeyRange> = [],
): Promise<void> {
  return db('readwrite', (store) => {
    try {
      for (const key of deletes) store.delete(key);
      for (const [key, value] of entries) store.put(value, key);
    } catch (error) {
      try {
        store.transaction.abort();
      } catch {
        // Already aborted (a closed tab, the browser): nothing of it was committed either way.
      }
      throw error;
    }
    return promisifyRequest(store.transaction);
  });
}
