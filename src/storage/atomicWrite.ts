import { promisifyRequest, type UseStore } from 'idb-keyval';

/**
 * Writes all entries in one IndexedDB transaction, or none: if any put fails (an uncloneable value, the
 * quota), the transaction is aborted, so the entries queued before it are not committed either.
 * (idb-keyval's `setMany` leaves earlier puts queued when a later one throws.)
 */
export function writeAtomically(
  db: UseStore,
  entries: ReadonlyArray<readonly [IDBValidKey, unknown]>,
): Promise<void> {
  return db('readwrite', (store) => {
    try {
      for (const [key, value] of entries) store.put(value, key);
    } catch (error) {
      store.transaction.abort();
      throw error;
    }
    return promisifyRequest(store.transaction);
  });
}
