import { promisifyRequest, type UseStore } from 'idb-keyval';
import { writeAtomically } from '../atomicWrite';
import { toStorageError } from './storageErrors';

/** The one object store every playground database has (as idb-keyval's stores do). */
export const OBJECT_STORE = 'kv';

/**
 * A key-value database in IndexedDB. `use` has idb-keyval's `UseStore` shape, so idb-keyval's helpers
 * (`get`, `set`, `entries`) work on it. Unlike idb-keyval's `createStore`, the connection can be closed
 * and closes itself when another tab (or we) delete or upgrade the database, so `deleteKv` never
 * hangs on a connection this module opened.
 */
export interface KvStore {
  readonly name: string;
  readonly use: UseStore;
  close(): void;
}

/** Where databases come from: the global `indexedDB`, or a fake in tests. */
export type KvFactory = IDBFactory;

export function defaultFactory(): KvFactory {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available in this context');
  return indexedDB;
}

export function openKv(name: string, factory: KvFactory = defaultFactory()): KvStore {
  let connection: Promise<IDBDatabase> | undefined;
  const connect = (): Promise<IDBDatabase> => {
    if (connection) return connection;
    const request = factory.open(name);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(OBJECT_STORE))
        request.result.createObjectStore(OBJECT_STORE);
    };
    const opened = promisifyRequest(request);
    connection = opened;
    opened.then(
      (db) => {
        const forget = () => {
          if (connection === opened) connection = undefined;
        };
        db.onversionchange = () => {
          db.close();
          forget();
        };
        db.onclose = forget;
      },
      () => {
        if (connection === opened) connection = undefined;
      },
    );
    return opened;
  };
  const use: UseStore = (mode, callback) =>
    connect().then((db) => callback(db.transaction(OBJECT_STORE, mode).objectStore(OBJECT_STORE)));
  return {
    name,
    use,
    close() {
      const current = connection;
      connection = undefined;
      current?.then(
        (db) => db.close(),
        () => undefined,
      );
    },
  };
}

/** Deletes a database. Connections opened by `openKv` close themselves when this asks them to. */
export function deleteKv(name: string, factory: KvFactory = defaultFactory()): Promise<void> {
  return promisifyRequest(factory.deleteDatabase(name)).then(() => undefined);
}

/**
 * Bytes that own their whole buffer. IndexedDB stores a typed array by cloning its entire ArrayBuffer, so
 * a view into something larger (a block inside an imported file, bytecode inside EVM memory) would store
 * all of it: copy such views before writing.
 */
export function ownBuffer(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** The keys starting with `prefix`, as an IndexedDB key range (string keys sort by code unit). */
export function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`, false, false);
}

export interface KeyedValues {
  readonly keys: string[];
  readonly values: unknown[];
}

/**
 * Reads, in ONE readonly transaction (a consistent snapshot), the values of `singles` and every entry
 * under each of `prefixes`, in key order.
 */
export function readSnapshot(
  kv: KvStore,
  singles: readonly string[],
  prefixes: readonly string[],
): Promise<{ singles: Map<string, unknown>; prefixes: Map<string, KeyedValues> }> {
  return kv.use('readonly', async (store) => {
    const singleValues = singles.map((key) => promisifyRequest(store.get(key)));
    const ranged = prefixes.map((prefix) => {
      const range = prefixRange(prefix);
      return Promise.all([promisifyRequest(store.getAllKeys(range)), promisifyRequest(store.getAll(range))]);
    });
    const [values, ranges] = await Promise.all([Promise.all(singleValues), Promise.all(ranged)]);
    const singlesOut = new Map<string, unknown>();
    singles.forEach((key, i) => {
      if (values[i] !== undefined) singlesOut.set(key, values[i]);
    });
    const prefixesOut = new Map<string, KeyedValues>();
    prefixes.forEach((prefix, i) => {
      const [keys, items] = ranges[i]!;
      prefixesOut.set(prefix, { keys: keys.map(String), values: items });
    });
    return { singles: singlesOut, prefixes: prefixesOut };
  });
}

/** Only the keys under a prefix (cheap: values are not read). */
export function readKeys(kv: KvStore, prefix: string): Promise<string[]> {
  return kv.use('readonly', (store) =>
    promisifyRequest(store.getAllKeys(prefixRange(prefix))).then((keys) => keys.map(String)),
  );
}

/** Values of the given keys, in one transaction; missing keys give undefined. */
export function readMany(kv: KvStore, keys: readonly string[]): Promise<unknown[]> {
  return kv.use('readonly', (store) => Promise.all(keys.map((key) => promisifyRequest(store.get(key)))));
}

/** Every entry of the database (for duplicating a workspace). */
export function readAll(kv: KvStore): Promise<Array<[IDBValidKey, unknown]>> {
  return kv.use('readonly', async (store) => {
    const [keys, values] = await Promise.all([
      promisifyRequest(store.getAllKeys()),
      promisifyRequest(store.getAll()),
    ]);
    return keys.map((key, i) => [key, values[i]] as [IDBValidKey, unknown]);
  });
}

/**
 * Writes puts and deletes in one transaction (all or nothing) and turns a full quota into a typed,
 * readable error. `what` names the write in that message ("saving message 12").
 */
export async function commit(
  kv: KvStore,
  puts: ReadonlyArray<readonly [IDBValidKey, unknown]>,
  deletes: ReadonlyArray<IDBValidKey | IDBKeyRange> = [],
  what = 'saving',
): Promise<void> {
  try {
    await writeAtomically(kv.use, puts, deletes);
  } catch (error) {
    throw toStorageError(error, what);
  }
}
