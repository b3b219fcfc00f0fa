import type { UseStore } from 'idb-keyval';
import type { Address } from '../../worker-vm/address';
import type { Message } from '../../worker-vm/executor/message';
import type { Machine } from '../../worker-vm/machine/machine';
import type { KvStore } from '../kv/kvStore';

/**
 * Helpers for the storage tests (plain code, no Node APIs): messages to apply, unique database names,
 * and a key-value store whose writes fail on purpose, to play a crash or a full disk.
 */

let counter = 0;
/** A database name no other test uses (fake-indexeddb is one global per test file). */
export const uniqueName = (label: string): string => `test/${label}/${++counter}`;

/** A value transfer from genesis account `from` to `to`, with the sender's next nonce and real fees. */
export function transfer(machine: Machine, to: Address, value: bigint, from = 0): Message {
  const sender = machine.accounts[from]!.address;
  return {
    version: 0,
    from: sender,
    to,
    sequence: machine.nonceOf(sender),
    value,
    gasLimit: 10_000_000,
    gasFeeCap: 300n,
    gasPremium: 100n,
    method: 0,
    params: new Uint8Array(0),
  };
}

/** What a faulty store does with one put of a write transaction. */
export type PutFault = 'throw' | 'quota' | 'abort' | 'skip' | undefined;

/**
 * A store whose write transactions consult `fault(key, n)` before the n-th put (n from 0): 'throw' fails
 * the put (the writer dies mid-commit), 'quota' fails it as a full disk does, 'abort' aborts the
 * transaction as a closed tab does, 'skip' silently drops the put (a storage that is not atomic).
 */
export function faultyKv(kv: KvStore, fault: (key: IDBValidKey, n: number) => PutFault): KvStore {
  const use: UseStore = (mode, callback) =>
    kv.use(mode, (store) => {
      if (mode !== 'readwrite') return callback(store);
      let n = 0;
      const proxy = new Proxy(store, {
        get(target, property) {
          if (property === 'put') {
            return (value: unknown, key: IDBValidKey) => {
              const what = fault(key, n++);
              if (what === 'throw') throw new Error('the writer was killed half-way through the commit');
              if (what === 'quota')
                throw new DOMException('quota exceeded (simulated)', 'QuotaExceededError');
              if (what === 'abort') {
                target.transaction.abort();
                throw new DOMException('the tab was closed (simulated)', 'AbortError');
              }
              if (what === 'skip') return undefined;
              return target.put(value, key);
            };
          }
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      return callback(proxy);
    });
  return { name: kv.name, use, close: () => kv.close() };
}
