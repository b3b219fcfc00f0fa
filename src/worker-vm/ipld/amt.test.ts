import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Amt, diffAmt, MAX_INDEX } from './amt';
import { MemoryBlockstore, putDagCbor } from './blockstore';
import { toHex } from './bytes';
import { type CID, cidForBlock } from './cid';
import { DAG_CBOR } from './codecs';
import type { MapChange } from './diff';
import { TrackingBlockstore } from './trackingBlockstore';

const utf8 = (text: string) => new TextEncoder().encode(text);
const stats = (store: TrackingBlockstore) => {
  const { reads: r, writes: w, bytesRead: br, bytesWritten: bw } = store.stats();
  return { r, w, br, bw };
};

// Root CIDs and block traffic pinned by ref-fvm's ipld/amt/tests/amt_tests.rs (fvm_ipld_amt 0.7,
// default bit width 3). Values there are byte strings unless noted.
describe('AMT matches the CIDs and block traffic pinned by the Rust tests', () => {
  it('basic_get_set', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    amt.set(2, utf8('foo'));
    expect(amt.get(2)).toEqual(utf8('foo'));
    expect(amt.count()).toBe(1);
    const cid = amt.flush();
    expect(Amt.load<Uint8Array>(store, cid).get(2)).toEqual(utf8('foo'));
    expect(amt.flush().toString()).toBe('bafy2bzacedv5uu5za6oqtnozjvju5lhbgaybayzhw4txiojw7hd47ktgbv5wc');
    expect(stats(store)).toEqual({ r: 1, w: 1, br: 13, bw: 13 });
  });

  it('out_of_range: indices up to 2^64 − 2, height 21', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    amt.set(MAX_INDEX, utf8('what is up'));
    expect(amt.height()).toBe(21);
    expect(() => amt.set(MAX_INDEX + 1n, utf8('what is up'))).toThrow(
      expect.objectContaining({ kind: 'InvalidInput' }),
    );
    amt.set(MAX_INDEX - 1n, utf8('what is up'));
    expect(amt.height()).toBe(21);
    expect(amt.flush().toString()).toBe('bafy2bzacecl3zuubhdvkojg6uhbu4mebaehx554q6algfjitqiivvnrqprkxo');
    expect(stats(store)).toEqual({ r: 0, w: 22, br: 0, bw: 1039 });
  });

  it('expand', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    amt.set(2, utf8('foo'));
    amt.set(11, utf8('bar'));
    amt.set(79, utf8('baz'));
    const cid = amt.flush();
    const loaded = Amt.load<Uint8Array>(store, cid);
    expect(loaded.get(2)).toEqual(utf8('foo'));
    expect(loaded.get(11)).toEqual(utf8('bar'));
    expect(loaded.get(79)).toEqual(utf8('baz'));
    expect(cid.toString()).toBe('bafy2bzacecughjbclx3lbqwibrwc6pe7nttlc3qewedsrayghsvh5j5lpofiq');
    expect(stats(store)).toEqual({ r: 6, w: 6, br: 261, bw: 261 });
  });

  it('bulk_insert', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    for (let i = 0; i < 5000; i++) amt.set(i, utf8('foo foo bar'));
    for (let i = 0; i < 5000; i++) expect(amt.get(i)).toEqual(utf8('foo foo bar'));
    expect(amt.count()).toBe(5000);
    const cid = amt.flush();
    const loaded = Amt.load<Uint8Array>(store, cid);
    for (let i = 0; i < 5000; i++) expect(loaded.get(i)).toEqual(utf8('foo foo bar'));
    expect(cid.toString()).toBe('bafy2bzacecfquuqzqzlox25aynodzw2qhxijdzfvno6tibyes3kb6nd3f7uxa');
    expect(stats(store)).toEqual({ r: 717, w: 717, br: 94379, bw: 94379 });
  });

  it('flush_read: flushed nodes stay cached', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    for (let i = 0; i < 100; i++) amt.set(i, utf8('foo foo bar'));
    amt.flush();
    for (let i = 0; i < 100; i++) expect(amt.get(i)).toEqual(utf8('foo foo bar'));
    expect(stats(store)).toEqual({ r: 0, w: 16, br: 0, bw: 1930 });
  });

  it('delete', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    for (const i of [0, 1, 2, 3]) amt.set(i, utf8('cat'));
    expect(amt.count()).toBe(4);
    amt.delete(1);
    expect(amt.get(1)).toBeUndefined();
    expect(amt.count()).toBe(3);
    for (const i of [0, 2, 3]) amt.delete(i);
    expect(amt.count()).toBe(0);
    amt.set(23, utf8('dog'));
    amt.set(24, utf8('dog'));
    amt.delete(23);
    expect(amt.count()).toBe(1);
    const cid = amt.flush();
    expect(Amt.load(store, cid).count()).toBe(1);
    const fresh = Amt.create<Uint8Array>(store);
    fresh.set(24, utf8('dog'));
    expect(fresh.flush().equals(cid)).toBe(true);
    expect(cid.toString()).toBe('bafy2bzacebnnxpurpb3zqqr22i7ch4uruz6hgykn3ryzoo4hh3ox2m2kufsvg');
    expect(stats(store)).toEqual({ r: 1, w: 4, br: 52, bw: 122 });
  });

  it('delete_fail_check: deleting absent indices changes nothing', () => {
    const amt = Amt.create<string>(new MemoryBlockstore());
    amt.set(1, 'one');
    amt.set(9, 'nine');
    expect(amt.height()).toBe(1);
    expect(amt.delete(10)).toBeUndefined();
    expect(amt.delete(0)).toBeUndefined();
    expect(amt.count()).toBe(2);
    expect(amt.get(1)).toBe('one');
    expect(amt.get(9)).toBe('nine');
  });

  it('delete_first_entry', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    amt.set(0, utf8('cat'));
    amt.set(27, utf8('cat'));
    expect(amt.height()).toBe(1);
    amt.delete(27);
    expect(amt.get(0)).toEqual(utf8('cat'));
    const cid = amt.flush();
    const loaded = Amt.load(store, cid);
    expect([loaded.count(), loaded.height()]).toEqual([1, 0]);
    expect(cid.toString()).toBe('bafy2bzacecmxrjeri2ojuy3riae2mpbnztx2hqggqgkcrxao2nwpga77j2vqe');
    expect(stats(store)).toEqual({ r: 1, w: 1, br: 13, bw: 13 });
  });

  it('delete_reduce_height', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    amt.set(1, utf8('thing'));
    const c1 = amt.flush();
    amt.set(37, utf8('other'));
    expect(amt.height()).toBe(1);
    const c2 = amt.flush();
    const loaded = Amt.load<Uint8Array>(store, c2);
    expect([loaded.count(), loaded.height()]).toEqual([2, 1]);
    expect(loaded.delete(37)).toEqual(utf8('other'));
    expect([loaded.count(), loaded.height()]).toEqual([1, 0]);
    expect(loaded.flush().equals(c1)).toBe(true);
    expect(c1.toString()).toBe('bafy2bzacebmkyah6kppbszluix3g332hntzx6wfdcqcr5hjdsaxri5jhgrdmo');
    expect(stats(store)).toEqual({ r: 3, w: 5, br: 117, bw: 147 });
  });

  it('for_each', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    const indexes: number[] = [];
    for (let i = 0; i < 10000; i++) if ((i + 1) % 3 === 0) indexes.push(i);
    for (const i of indexes) amt.set(i, utf8('value'));
    for (const i of indexes) expect(amt.get(i)).toEqual(utf8('value'));
    expect(amt.count()).toBe(indexes.length);
    expect([...amt.entries()]).toHaveLength(indexes.length);
    const cid = amt.flush();
    const loaded = Amt.load<Uint8Array>(store, cid);
    expect(loaded.count()).toBe(indexes.length);
    expect([...loaded.entries()].map(([i]) => Number(i))).toEqual(indexes);
    expect([...loaded.entries()]).toHaveLength(indexes.length);
    expect(cid.toString()).toBe('bafy2bzaceanqxtbsuyhqgxubiq6vshtbhktmzp2if4g6kxzttxmzkdxmtipcm');
    expect(stats(store)).toEqual({ r: 1431, w: 1431, br: 88649, bw: 88649 });
  });

  it('delete_bug_test: the empty AMT, and setting then deleting a far index restores it', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<Uint8Array>(store);
    const empty = amt.flush();
    amt.set(100_000, utf8('foo'));
    amt.delete(100_000);
    expect(amt.flush().equals(empty)).toBe(true);
    expect(empty.toString()).toBe('bafy2bzacedijw74yui7otvo63nfl3hdq2vdzuy7wx2tnptwed6zml4vvz7wee');
    expect(stats(store)).toEqual({ r: 0, w: 2, br: 0, bw: 18 });
  });
});

describe('AMT encoding', () => {
  it('an empty AMT of bit width 3 is [3, 0, 0, [h"00", [], []]]', () => {
    const store = new MemoryBlockstore();
    expect(toHex(store.get(Amt.create(store).flush())!)).toBe('840300008341008080');
  });

  it('an events AMT of one StampedEvent (bit width 5): [5, 0, 1, [h"01000000", [], [event]]]', () => {
    const store = new MemoryBlockstore();
    const amt = Amt.create<unknown>(store, { bitWidth: 5 });
    // StampedEvent [emitter 1001, [[flags 3, key "t1", codec 0x55, 32 raw bytes]]]
    const event = [1001, [[3, 't1', 0x55, new Uint8Array(32).fill(0x11)]]];
    amt.set(0, event);
    const cid = amt.flush();
    const eventHex = `821903e9818403627431185558${'20'}${'11'.repeat(32)}`;
    const expected = `8405000183440100000080${'81'}${eventHex}`;
    expect(toHex(store.get(cid)!)).toBe(expected);
    expect(cid.equals(cidForBlock(DAG_CBOR, Uint8Array.from(Buffer.from(expected, 'hex'))))).toBe(true);
    expect(Amt.create(store, 5).bitWidth()).toBe(5);
  });

  it('rejects bad indices, values and bit widths with typed errors', () => {
    const amt = Amt.create<unknown>(new MemoryBlockstore());
    amt.set(1, 'x');
    const root = amt.flush();
    expect(() => amt.set(-1, 'x')).toThrow(expect.objectContaining({ kind: 'InvalidInput' }));
    expect(() => amt.get(1.5)).toThrow(/non-negative integer/);
    expect(() => amt.get(-1n)).toThrow(/out of range/);
    expect(() => amt.set(2, undefined)).toThrow(/not encodable/);
    expect(amt.flush().equals(root)).toBe(true);
    expect(() => Amt.create(new MemoryBlockstore(), 0)).toThrow(/bit width/);
    expect(() => Amt.create(new MemoryBlockstore(), { bitWidth: 17 })).toThrow(/bit width/);
  });

  it('setting an equal value still rewrites the path, as in Rust', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const amt = Amt.create<number>(store);
    for (let i = 0; i < 100; i++) amt.set(i, i);
    const root = amt.flush();
    store.reset();
    amt.set(50, 50);
    expect(amt.flush().equals(root)).toBe(true);
    expect(store.writes).toBe(amt.height() + 1);
  });
});

describe('AMT load validation', () => {
  const expectMalformed = (build: (store: MemoryBlockstore) => CID, message: RegExp) => {
    const store = new MemoryBlockstore();
    const run = () => [...Amt.load<unknown>(store, build(store)).entries()];
    expect(run).toThrow(
      expect.objectContaining({ kind: 'MalformedData', message: expect.stringMatching(message) }),
    );
  };
  const leafBits = (bits: number[]) => new Uint8Array(bits);

  it('rejects wrong shapes', () => {
    expectMalformed((s) => putDagCbor(s, [3, 0, 0]), /4-element array/);
    expectMalformed((s) => putDagCbor(s, [0, 0, 0, [leafBits([0]), [], []]]), /bit width/);
    expectMalformed((s) => putDagCbor(s, [3, 65, 0, [leafBits([0]), [], []]]), /height/);
    expectMalformed((s) => putDagCbor(s, [3, 0, 0, [leafBits([0]), []]]), /3-element array/);
  });

  it('rejects bitmaps of the wrong length or with too many bits', () => {
    expectMalformed(
      (s) => putDagCbor(s, [5, 0, 1, [leafBits([1]), [], ['x']]]),
      /bitmap of 1 bytes where bit width 5 needs 4/,
    );
    expectMalformed((s) => putDagCbor(s, [2, 0, 1, [leafBits([0x10]), [], ['x']]]), /beyond the 4 slots/);
    expectMalformed(
      (s) => putDagCbor(s, [3, 0, 1, [leafBits([3]), [], ['x']]]),
      /marks 2 slots but the node holds 1/,
    );
  });

  it('rejects links in leaves, values in internal nodes, and both at once', () => {
    const child = (s: MemoryBlockstore) => putDagCbor(s, [leafBits([1]), [], ['x']]);
    expectMalformed(
      (s) => putDagCbor(s, [3, 0, 1, [leafBits([1]), [child(s)], []]]),
      /leaf \(height 0\) holds links/,
    );
    expectMalformed(
      (s) => putDagCbor(s, [3, 1, 1, [leafBits([1]), [], ['x']]]),
      /internal node \(height 1\) holds values/,
    );
    expectMalformed(
      (s) => putDagCbor(s, [3, 1, 1, [leafBits([1]), [child(s)], ['x']]]),
      /both links and values/,
    );
    expectMalformed((s) => {
      const emptyChild = putDagCbor(s, [leafBits([0]), [], []]);
      return putDagCbor(s, [3, 1, 1, [leafBits([1]), [emptyChild], []]]);
    }, /only the root node may be empty/);
  });

  it('rejects counts that disagree with the root', () => {
    expectMalformed((s) => putDagCbor(s, [3, 0, 0, [leafBits([1]), [], ['x']]]), /count 0 disagrees/);
    expectMalformed((s) => putDagCbor(s, [3, 0, 2, [leafBits([0]), [], []]]), /count 2 disagrees/);
    expectMalformed((s) => putDagCbor(s, [3, 0, 9, [leafBits([1]), [], ['x']]]), /exceeds the capacity/);
    expectMalformed((s) => putDagCbor(s, [3, 2, 0, [leafBits([0]), [], []]]), /empty AMT must have height 0/);
  });
});

const amtOperation = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    index: fc.integer({ min: 0, max: 300 }),
    value: fc.integer({ min: 0, max: 3 }),
  }),
  fc.record({ op: fc.constant('delete' as const), index: fc.integer({ min: 0, max: 300 }) }),
  fc.record({ op: fc.constant('set' as const), index: fc.integer({ min: 0, max: 3 }), value: fc.integer() }),
);

describe('AMT properties', () => {
  it('any sequence of sets and deletes gives the root of its final contents; reload gives them back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3),
        fc.array(amtOperation, { minLength: 20, maxLength: 150 }),
        (bitWidth, ops) => {
          const store = new MemoryBlockstore();
          const amt = Amt.create<number>(store, bitWidth);
          const model = new Map<number, number>();
          ops.forEach((op, i) => {
            if (op.op === 'set') {
              expect(amt.set(op.index, op.value)).toBe(model.get(op.index));
              model.set(op.index, op.value);
              expect(amt.get(op.index)).toBe(op.value);
            } else {
              expect(amt.delete(op.index)).toBe(model.get(op.index));
              model.delete(op.index);
            }
            expect(amt.count()).toBe(model.size);
            if (i % 13 === 0) amt.flush();
          });
          const fresh = Amt.create<number>(store, bitWidth);
          for (const [index, value] of [...model].reverse()) fresh.set(index, value);
          const root = amt.flush();
          expect(root.toString()).toBe(fresh.flush().toString());
          const sorted = [...model].sort(([a], [b]) => a - b);
          expect([...Amt.load<number>(store, root).entries()].map(([i, v]) => [Number(i), v])).toEqual(
            sorted,
          );
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('diff(before, after) is the difference of the contents, in index order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 2, 3),
        fc.array(amtOperation, { minLength: 10, maxLength: 100 }),
        fc.array(amtOperation, { minLength: 1, maxLength: 40 }),
        (bitWidth, first, second) => {
          const store = new MemoryBlockstore();
          const amt = Amt.create<number>(store, bitWidth);
          const apply = (ops: typeof first, model: Map<number, number>) => {
            for (const op of ops) {
              if (op.op === 'set') {
                amt.set(op.index, op.value);
                model.set(op.index, op.value);
              } else {
                amt.delete(op.index);
                model.delete(op.index);
              }
            }
          };
          const beforeModel = new Map<number, number>();
          apply(first, beforeModel);
          const before = amt.flush();
          const afterModel = new Map(beforeModel);
          apply(second, afterModel);
          const after = amt.flush();
          expect(diffAmt<number>(store, before, after)).toEqual(modelDiff(beforeModel, afterModel));
          expect(diffAmt<number>(store, after, before)).toEqual(modelDiff(afterModel, beforeModel));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

function modelDiff(before: Map<number, number>, after: Map<number, number>): MapChange<bigint, number>[] {
  const changes: MapChange<bigint, number>[] = [];
  for (const [index, value] of before) {
    if (!after.has(index)) changes.push({ kind: 'removed', key: BigInt(index), before: value });
    else if (after.get(index) !== value) {
      changes.push({ kind: 'changed', key: BigInt(index), before: value, after: after.get(index)! });
    }
  }
  for (const [index, value] of after)
    if (!before.has(index)) changes.push({ kind: 'added', key: BigInt(index), after: value });
  return changes.sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe('AMT diff', () => {
  it('reads only the changed path, also across a change of height', () => {
    const memory = new MemoryBlockstore();
    const amt = Amt.create<number>(memory, 3);
    for (let i = 0; i < 3000; i++) amt.set(i, i);
    const before = amt.flush();
    amt.set(1234, -1);
    const changed = amt.flush();
    const store = new TrackingBlockstore(memory);
    expect(diffAmt<number>(store, before, changed)).toEqual([
      { kind: 'changed', key: 1234n, before: 1234, after: -1 },
    ]);
    expect(store.reads).toBe(2 * (amt.height() + 1));

    amt.set(100_000, 7); // two levels taller
    const taller = amt.flush();
    store.reset();
    expect(diffAmt<number>(store, changed, taller)).toEqual([{ kind: 'added', key: 100_000n, after: 7 }]);
    expect(store.reads).toBeLessThanOrEqual(2 + 2 + 6);
  });
});
