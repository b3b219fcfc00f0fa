import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBlockstore, putDagCbor } from './blockstore';
import { compareBytes, toHex } from './bytes';
import { CID, decodeDagCbor } from './cid';
import type { MapChange } from './diff';
import { diffKamt, Kamt, type KamtOptions } from './kamt';
import { kamtFixtures, keyFromNumber } from './kamtFixtures.testdata';
import { TrackingBlockstore } from './trackingBlockstore';

const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((byte) => Number.parseInt(byte, 16)));
const EVM: KamtOptions = { bitWidth: 5, minDataDepth: 0, maxArrayWidth: 1 };

describe('KAMT replays the fvm_ipld_kamt 0.4.6 fixtures byte for byte', () => {
  for (const fixture of kamtFixtures) {
    it(`${fixture.name}: same root CID`, () => {
      const store = new MemoryBlockstore();
      const kamt = Kamt.create<number>(store, fixture.options);
      const model = new Map<string, number>();
      for (const op of fixture.ops) {
        if (op.op === 'set') {
          kamt.set(op.key, op.value);
          model.set(toHex(op.key), op.value);
        } else {
          kamt.delete(op.key);
          model.delete(toHex(op.key));
        }
      }
      const root = kamt.flush();
      expect(root.toString()).toBe(fixture.root);
      const reloaded = Kamt.load<number>(store, root, fixture.options);
      const entries = [...reloaded.entries()].map(([key, value]) => [toHex(key), value]);
      expect(entries).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)));
    });
  }

  it('the blocks themselves match the fixture bytes', () => {
    const store = new MemoryBlockstore();
    const single = Kamt.create<number>(store, EVM);
    single.set(keyFromNumber(1), 42);
    expect(toHex(store.get(single.flush())!)).toBe('82410181a1617681824101182a');

    // Keys 0x10 and 0x11 differ in the very last bit: one link skips 250 bits (50 chunks of 5) to a
    // node indexed by the final 1-bit chunk.
    const split = Kamt.create<number>(store, EVM);
    split.set(keyFromNumber(0x10), 1);
    split.set(keyFromNumber(0x11), 2);
    const root = split.flush();
    const rootHex = toHex(store.get(root)!);
    expect(rootHex.startsWith('82410181a1616c83d82a5827000171a0e40220')).toBe(true);
    expect(rootHex.endsWith(`18fa5820${'00'.repeat(30)}0200`)).toBe(true);
    const [, [pointer]] = decodeDagCbor<[Uint8Array, [{ l: [CID, number, Uint8Array] }]]>(store.get(root)!);
    const child = pointer.l[0];
    expect(toHex(store.get(child)!)).toBe('82410382a161768182411001a161768182411102');
  });

  it('EVM slot 0 = 1 is the entry [h"", h"01"] = 82 40 41 01 (spec 7.8b)', () => {
    const store = new MemoryBlockstore();
    const kamt = Kamt.create<Uint8Array>(store, EVM);
    kamt.set(new Uint8Array(32), new Uint8Array([1]));
    // [bitfield 0x01, [{"v": [[h'', h'01']]}]]
    expect(toHex(store.get(kamt.flush())!)).toBe('82410181a161768182404101');
  });
});

describe('KAMT behaviour', () => {
  it('extensions split when a key diverges part-way, and join again when it is deleted', () => {
    const store = new MemoryBlockstore();
    const kamt = Kamt.create<number>(store, EVM);
    kamt.set(keyFromNumber(0x10), 1);
    kamt.set(keyFromNumber(0x11), 2);
    const twoKeys = kamt.flush();
    kamt.set(keyFromNumber(0x1000), 3);
    expect(kamt.get(keyFromNumber(0x1000))).toBe(3);
    expect(kamt.get(keyFromNumber(0x11))).toBe(2);
    expect(kamt.flush().equals(twoKeys)).toBe(false);
    expect(kamt.delete(keyFromNumber(0x1000))).toBe(3);
    expect(kamt.flush().equals(twoKeys)).toBe(true);
  });

  it('a key off an extension is absent, and reading it still loads the linked node (as Rust does)', () => {
    const memory = new MemoryBlockstore();
    const building = Kamt.create<number>(memory, EVM);
    building.set(keyFromNumber(0x10), 1);
    building.set(keyFromNumber(0x11), 2);
    const root = building.flush();
    const store = new TrackingBlockstore(memory);
    const kamt = Kamt.load<number>(store, root, EVM);
    expect(store.reads).toBe(1);
    expect(kamt.get(keyFromNumber(0x1000))).toBeUndefined();
    expect(store.reads).toBe(2);
    // delete compares the extension first and reads nothing for a key off it
    const fresh = Kamt.load<number>(store, root, EVM);
    store.reset();
    expect(fresh.delete(keyFromNumber(0x1000))).toBeUndefined();
    expect(store.reads).toBe(0);
  });

  it('set returns the previous value, an equal value leaves the root unwritten', () => {
    const store = new TrackingBlockstore(new MemoryBlockstore());
    const kamt = Kamt.create<number>(store, EVM);
    for (let i = 0; i < 50; i++) kamt.set(keyFromNumber(i), i);
    const root = kamt.flush();
    const writes = store.writes;
    expect(kamt.set(keyFromNumber(7), 7)).toBe(7);
    expect(kamt.flush().equals(root)).toBe(true);
    expect(store.writes).toBe(writes);
    expect(kamt.set(keyFromNumber(7), 8)).toBe(7);
    expect(kamt.flush().equals(root)).toBe(false);
  });

  it('flush after one change in a loaded tree writes exactly the nodes on the path', () => {
    const memory = new MemoryBlockstore();
    const building = Kamt.create<number>(memory, EVM);
    for (let i = 0; i < 200; i++) building.set(keyFromNumber(i * 7), i);
    const root = building.flush();
    const store = new TrackingBlockstore(memory);
    const kamt = Kamt.load<number>(store, root, EVM);
    store.reset();
    expect(kamt.get(keyFromNumber(700))).toBe(100);
    const pathBelowRoot = store.reads;
    expect(pathBelowRoot).toBeGreaterThan(0);
    store.reset();
    kamt.set(keyFromNumber(700), -1);
    kamt.flush();
    expect(store.stats()).toMatchObject({ reads: 0, writes: pathBelowRoot + 1 });
  });

  it('rejects keys of the wrong length and unencodable values, leaving the map unchanged', () => {
    const kamt = Kamt.create<unknown>(new MemoryBlockstore(), EVM);
    kamt.set(keyFromNumber(1), 1);
    const root = kamt.flush();
    expect(() => kamt.set(new Uint8Array(31), 1)).toThrow(expect.objectContaining({ kind: 'InvalidInput' }));
    expect(() => kamt.get(new Uint8Array(33))).toThrow(/32-byte/);
    expect(() => kamt.set(keyFromNumber(2), undefined)).toThrow(/not encodable/);
    expect(kamt.flush().equals(root)).toBe(true);
    expect(() => Kamt.create(new MemoryBlockstore(), { bitWidth: 0 })).toThrow(/bit width/);
    expect(() => Kamt.create(new MemoryBlockstore(), { keyEncoding: 'hex' as 'fixed' })).toThrow(
      /key encoding/,
    );
  });

  it('fixed key encoding writes full-length keys', () => {
    const store = new MemoryBlockstore();
    const kamt = Kamt.create<number>(store, { ...EVM, keyBytes: 4, keyEncoding: 'fixed' });
    kamt.set(new Uint8Array([0, 0, 0, 1]), 5);
    expect(toHex(store.get(kamt.flush())!)).toBe('82410181a16176818244000000010' + '5');
  });
});

describe('KAMT load validation', () => {
  const expectMalformed = (build: (store: MemoryBlockstore) => CID, message: RegExp, options = EVM) => {
    const store = new MemoryBlockstore();
    const run = () => [...Kamt.load<unknown>(store, build(store), options).entries()];
    expect(run).toThrow(
      expect.objectContaining({ kind: 'MalformedData', message: expect.stringMatching(message) }),
    );
  };
  const node = (bitfield: number[], pointers: unknown[]) => [new Uint8Array(bitfield), pointers];
  const leaf = (s: MemoryBlockstore) =>
    putDagCbor(s, node([3], [{ v: [[new Uint8Array([0x10]), 1]] }, { v: [[new Uint8Array([0x11]), 2]] }]));

  it('rejects wrong shapes and pointer kinds', () => {
    expectMalformed((s) => putDagCbor(s, [new Uint8Array(0)]), /2-element array/);
    expectMalformed((s) => putDagCbor(s, node([1], [[[new Uint8Array([1]), 1]]])), /one-entry map/);
    expectMalformed((s) => putDagCbor(s, node([1], [{ x: [] }])), /unknown pointer kind "x"/);
    expectMalformed((s) => putDagCbor(s, node([1], [{ v: [], l: [] }])), /one-entry map/);
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [1, 2] }])),
      /\[cid, extension bits, extension path\]/,
    );
  });

  it('rejects bitfield / pointer disagreements and empty nodes below the root', () => {
    expectMalformed((s) => putDagCbor(s, node([3], [{ v: [[new Uint8Array([1]), 1]] }])), /bitfield marks 2/);
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [putDagCbor(s, node([], [])), 0, new Uint8Array(0)] }])),
      /only the root/,
    );
  });

  it('rejects bad buckets', () => {
    expectMalformed((s) => putDagCbor(s, node([1], [{ v: [] }])), /empty bucket/);
    expectMalformed(
      (s) =>
        putDagCbor(
          s,
          node(
            [1],
            [
              {
                v: [
                  [new Uint8Array([1]), 1],
                  [new Uint8Array([2]), 2],
                ],
              },
            ],
          ),
        ),
      /exceeds the limit of 1/,
    );
    expectMalformed(
      (s) =>
        putDagCbor(
          s,
          node(
            [1],
            [
              {
                v: [
                  [new Uint8Array([2]), 1],
                  [new Uint8Array([1]), 2],
                ],
              },
            ],
          ),
        ),
      /unsorted/,
      { ...EVM, maxArrayWidth: 3 },
    );
    // Sorted as byte strings but not as numbers: 0x0100 > 0x02.
    expectMalformed(
      (s) =>
        putDagCbor(
          s,
          node(
            [1],
            [
              {
                v: [
                  [new Uint8Array([1, 0]), 1],
                  [new Uint8Array([2]), 2],
                ],
              },
            ],
          ),
        ),
      /unsorted/,
      { ...EVM, maxArrayWidth: 3 },
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ v: [[new Uint8Array(33), 1]] }])),
      /longer than 32 bytes/,
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ v: [[new Uint8Array([1]), 1]] }])),
      /minimum data depth/,
      {
        ...EVM,
        minDataDepth: 1,
      },
    );
  });

  it('rejects bad links and extensions', () => {
    const raw = CID.parse('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [raw, 0, new Uint8Array(0)] }])),
      /must be DAG-CBOR/,
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [leaf(s), 3, new Uint8Array([0])] }])),
      /whole number of 5-bit/,
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [leaf(s), 255, new Uint8Array(32)] }])),
      /runs past the end/,
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [leaf(s), 10, new Uint8Array(1)] }])),
      /does not hold exactly 10 bits/,
    );
    expectMalformed(
      (s) => putDagCbor(s, node([1], [{ l: [leaf(s), 10, new Uint8Array([0, 0x01])] }])),
      /bits set after its end/,
    );
  });
});

// A small pool of keys that share prefixes of many lengths (three bytes far apart each take one of
// three values, so keys agree up to byte 3, 17 or 31), plus small slot numbers and unrelated random
// keys: extensions get split and joined, buckets fill and empty.
const keyArbitrary = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 }),
    ),
  }.arbitrary.map(([a, b, c]) => {
    const key = new Uint8Array(32).fill(0x3c);
    key[3] = [0, 0x40, 0x41][a]!;
    key[17] = [0, 0x40, 0x41][b]!;
    key[31] = [0, 0x40, 0x41][c]!;
    return key;
  }),
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 8 }).map(keyFromNumber) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 32, maxLength: 32 }) },
);
const kamtOperation = fc.oneof(
  fc.record({ op: fc.constant('set' as const), key: keyArbitrary, value: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant('delete' as const), key: keyArbitrary }),
);
const configs: KamtOptions[] = [
  EVM,
  { bitWidth: 3, minDataDepth: 0, maxArrayWidth: 2 },
  { bitWidth: 4, minDataDepth: 2, maxArrayWidth: 3 },
  { bitWidth: 8, minDataDepth: 0, maxArrayWidth: 3 },
];

describe('KAMT properties', () => {
  it('any sequence of sets and deletes gives the root of its final contents; reload gives them back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...configs),
        fc.array(kamtOperation, { minLength: 30, maxLength: 150 }),
        (options, ops) => {
          const store = new MemoryBlockstore();
          const kamt = Kamt.create<number>(store, options);
          const model = new Map<string, number>();
          ops.forEach((op, i) => {
            const id = toHex(op.key);
            if (op.op === 'set') {
              expect(kamt.set(op.key, op.value)).toBe(model.get(id));
              model.set(id, op.value);
              expect(kamt.get(op.key)).toBe(op.value);
            } else {
              expect(kamt.delete(op.key)).toBe(model.get(id));
              model.delete(id);
              expect(kamt.has(op.key)).toBe(false);
            }
            if (i % 23 === 0) kamt.flush();
          });
          const fresh = Kamt.create<number>(store, options);
          for (const [id, value] of [...model].reverse()) fresh.set(hex(id), value);
          const root = kamt.flush();
          expect(root.toString()).toBe(fresh.flush().toString());
          const entries = [...Kamt.load<number>(store, root, options).entries()].map(([k, v]) => [
            toHex(k),
            v,
          ]);
          expect(entries).toEqual([...model].sort(([a], [b]) => (a < b ? -1 : 1)));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('diff(before, after) is the difference of the contents, in key order', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...configs),
        fc.array(kamtOperation, { minLength: 20, maxLength: 100 }),
        fc.array(kamtOperation, { minLength: 1, maxLength: 30 }),
        (options, first, second) => {
          const store = new MemoryBlockstore();
          const kamt = Kamt.create<number>(store, options);
          const apply = (ops: typeof first, model: Map<string, number>) => {
            for (const op of ops) {
              if (op.op === 'set') {
                kamt.set(op.key, op.value);
                model.set(toHex(op.key), op.value);
              } else {
                kamt.delete(op.key);
                model.delete(toHex(op.key));
              }
            }
          };
          const beforeModel = new Map<string, number>();
          apply(first, beforeModel);
          const before = kamt.flush();
          const afterModel = new Map(beforeModel);
          apply(second, afterModel);
          const after = kamt.flush();
          expect(diffKamt<number>(store, before, after, options)).toEqual(modelDiff(beforeModel, afterModel));
          expect(diffKamt<number>(store, after, before, options)).toEqual(modelDiff(afterModel, beforeModel));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });
});

function modelDiff(before: Map<string, number>, after: Map<string, number>): MapChange<Uint8Array, number>[] {
  const changes: MapChange<Uint8Array, number>[] = [];
  for (const [id, value] of before) {
    if (!after.has(id)) changes.push({ kind: 'removed', key: hex(id), before: value });
    else if (after.get(id) !== value)
      changes.push({ kind: 'changed', key: hex(id), before: value, after: after.get(id)! });
  }
  for (const [id, value] of after)
    if (!before.has(id)) changes.push({ kind: 'added', key: hex(id), after: value });
  return changes.sort((a, b) => compareBytes(a.key, b.key));
}

describe('KAMT diff', () => {
  it('reads only what changed, even when an insert splits an extension near the root', () => {
    const memory = new MemoryBlockstore();
    const kamt = Kamt.create<number>(memory, EVM);
    // Solidity-like: a long run of consecutive slots at a hashed base shares a 200+-bit prefix.
    const base = new Uint8Array(32).fill(0xab);
    for (let i = 0; i < 2000; i++) {
      const key = base.slice();
      key[30] = i >> 8;
      key[31] = i & 0xff;
      kamt.set(key, i);
    }
    const before = kamt.flush();
    kamt.set(keyFromNumber(5), 5); // diverges from the long extension at the root
    const after = kamt.flush();
    const store = new TrackingBlockstore(memory);
    expect(diffKamt<number>(store, before, after, EVM)).toEqual([
      { kind: 'added', key: keyFromNumber(5), after: 5 },
    ]);
    expect(store.reads).toBeLessThanOrEqual(4);
  });
});
