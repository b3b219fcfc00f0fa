import { compareBytes } from './bytes';
import { sameIpldValue } from './ipldValue';

/** One difference between two versions of a map-like IPLD structure. */
export type MapChange<K, V> =
  | { kind: 'added'; key: K; after: V }
  | { kind: 'removed'; key: K; before: V }
  | { kind: 'changed'; key: K; before: V; after: V };

/** An entry as the diff walks see it. */
export interface KeyedValue<V> {
  key: Uint8Array;
  value: V;
}

/** Changes between two small entry lists (buckets, or a bucket against a small subtree). */
export function diffEntryLists<V>(
  before: readonly KeyedValue<V>[],
  after: readonly KeyedValue<V>[],
  out: MapChange<Uint8Array, V>[],
): void {
  const a = [...before].sort((x, y) => compareBytes(x.key, y.key));
  const b = [...after].sort((x, y) => compareBytes(x.key, y.key));
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    const order = x === undefined ? 1 : y === undefined ? -1 : compareBytes(x.key, y.key);
    if (order < 0) {
      out.push({ kind: 'removed', key: x!.key, before: x!.value });
      i++;
    } else if (order > 0) {
      out.push({ kind: 'added', key: y!.key, after: y!.value });
      j++;
    } else {
      if (!sameIpldValue(x!.value, y!.value)) {
        out.push({ kind: 'changed', key: x!.key, before: x!.value, after: y!.value });
      }
      i++;
      j++;
    }
  }
}

export function sortByKey<V>(changes: MapChange<Uint8Array, V>[]): MapChange<Uint8Array, V>[] {
  return changes.sort((x, y) => compareBytes(x.key, y.key));
}
