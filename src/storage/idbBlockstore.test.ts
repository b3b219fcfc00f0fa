import 'fake-indexeddb/auto';
import { get } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { cidForBlock, encodeDagCbor } from '../worker-vm/ipld/cid';
import { DAG_CBOR } from '../worker-vm/ipld/codecs';
import { IdbBlockstore } from './idbBlockstore';

const blockOf = (value: unknown) => {
  const bytes = encodeDagCbor(value);
  return [cidForBlock(DAG_CBOR, bytes), bytes] as const;
};

describe('IdbBlockstore', () => {
  it('keeps blocks in memory, saves them with flush, and loads them on open', async () => {
    const store = await IdbBlockstore.open('blocks-roundtrip');
    const [cid, bytes] = blockOf({ hello: 'world' });
    store.put(cid, bytes);
    expect(store.get(cid)).toEqual(bytes);
    expect(store.unsaved).toBe(1);

    const before = await IdbBlockstore.open('blocks-roundtrip');
    expect(before.has(cid)).toBe(false);

    await store.flush([['head', 'h1']]);
    expect(store.unsaved).toBe(0);
    const reopened = await IdbBlockstore.open('blocks-roundtrip');
    expect(reopened.get(cid)).toEqual(bytes);
    expect(await get('head', reopened.db)).toBe('h1');
  });

  it('keeps blocks buffered when a flush fails, and writes nothing of that batch', async () => {
    const store = await IdbBlockstore.open('blocks-failure');
    const [cid, bytes] = blockOf([1, 2, 3]);
    store.put(cid, bytes);
    // A value IndexedDB cannot clone makes the whole transaction fail.
    await expect(store.flush([['bad', () => 0]])).rejects.toThrow();
    expect(store.unsaved).toBe(1);
    expect((await IdbBlockstore.open('blocks-failure')).has(cid)).toBe(false);
    await store.flush();
    expect((await IdbBlockstore.open('blocks-failure')).has(cid)).toBe(true);
  });
});
