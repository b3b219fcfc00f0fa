// IPLD structures: HAMT (state tree / Init address map shape), KAMT (EVM storage shape), AMT (events).

import { keccak_256 } from '@noble/hashes/sha3.js';
import { Amt } from '../src/worker-vm/ipld/amt';
import { MemoryBlockstore } from '../src/worker-vm/ipld/blockstore';
import { CID, cidForBlock } from '../src/worker-vm/ipld/cid';
import { DAG_CBOR, IPLD_RAW } from '../src/worker-vm/ipld/codecs';
import { Hamt } from '../src/worker-vm/ipld/hamt';
import { Kamt } from '../src/worker-vm/ipld/kamt';
import { type BenchRow, type Measurement, measure } from './harness';

const COUNT = 10_000;
const RUNS = { warmup: 1, runs: 5 };

/** ID addresses `00 ‖ leb128(id)` with ids from 2^48: 8-byte keys, like the state tree's. */
function idAddress(id: number): Uint8Array {
  const bytes = [0];
  let rest = id;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Uint8Array.from(bytes);
}

const code = cidForBlock(IPLD_RAW, new TextEncoder().encode('evm actor code'));
/** An ActorState-shaped value: [code, head, sequence, balance bytes, delegated address | null]. */
function actorState(i: number): unknown {
  const head = cidForBlock(DAG_CBOR, Uint8Array.of(i & 0xff, (i >> 8) & 0xff, 7));
  return [code, head, i % 17, Uint8Array.of(0, 0x0d, 0xe0, 0xb6, 0xb3, 0xa7, 0x64, i & 0xff), null];
}

/** Solidity-shaped storage keys: runs of consecutive slots at keccak bases, plus mapping slots. */
function storageKey(i: number): Uint8Array {
  if (i % 2 === 0) return keccak_256(Uint8Array.of(i >> 8, i & 0xff, 1));
  const base = keccak_256(Uint8Array.of((i >> 10) & 0xff, 2));
  base[31] = (base[31]! + (i & 0x3ff)) & 0xff;
  base[30] = (base[30]! + ((i & 0x3ff) >> 8)) & 0xff;
  return base;
}
const word = (i: number) => Uint8Array.of((i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);

/** Median time of `work` alone, with `setup` (untimed) run before each timing. */
function timeOnly<T>(setup: () => T, work: (state: T) => unknown, ops: number): Measurement {
  const times: number[] = [];
  for (let run = 0; run < RUNS.warmup + RUNS.runs; run++) {
    const state = setup();
    const start = performance.now();
    work(state);
    if (run >= RUNS.warmup) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ops };
}

export default async (): Promise<BenchRow[]> => {
  const keys = Array.from({ length: COUNT }, (_, i) => idAddress(2 ** 48 + i * 7919));
  const values = keys.map((_, i) => actorState(i));
  const buildHamt = (store = new MemoryBlockstore()) => {
    const hamt = Hamt.create<unknown>(store, { bitWidth: 5 });
    for (let i = 0; i < COUNT; i++) hamt.set(keys[i]!, values[i]);
    return hamt;
  };
  const hamtStore = new MemoryBlockstore();
  const hamtRoot = buildHamt(hamtStore).flush();
  const warmHamt = Hamt.load<unknown>(hamtStore, hamtRoot, { bitWidth: 5 });
  for (const key of keys) warmHamt.get(key);

  const slots = Array.from({ length: COUNT }, (_, i) => storageKey(i));
  const buildKamt = (store = new MemoryBlockstore()) => {
    const kamt = Kamt.create<Uint8Array>(store);
    for (let i = 0; i < COUNT; i++) kamt.set(slots[i]!, word(i));
    return kamt;
  };
  const kamtStore = new MemoryBlockstore();
  const kamtRoot = buildKamt(kamtStore).flush();
  const warmKamt = Kamt.load<Uint8Array>(kamtStore, kamtRoot);
  for (const slot of slots) warmKamt.get(slot);

  const event = (i: number) => [1000 + (i % 5), [[3, 't1', 0x55, keccak_256(Uint8Array.of(i & 0xff))]]];

  const rows: BenchRow[] = [
    {
      name: `HAMT set, ${COUNT} ID-address keys, actor-state values (bit width 5)`,
      ours: await measure(() => buildHamt(), { ...RUNS, ops: COUNT }),
    },
    {
      name: `HAMT get, ${COUNT} keys, nodes cached`,
      ours: await measure(
        () => {
          for (const key of keys) warmHamt.get(key);
        },
        { ...RUNS, ops: COUNT },
      ),
    },
    {
      name: `HAMT get, ${COUNT} keys, freshly loaded (each node read and checked once)`,
      ours: await measure(
        () => {
          const hamt = Hamt.load<unknown>(hamtStore, hamtRoot, { bitWidth: 5 });
          for (const key of keys) hamt.get(key);
        },
        { ...RUNS, ops: COUNT },
      ),
    },
    {
      name: `HAMT flush of ${COUNT} new keys`,
      ours: timeOnly(
        () => buildHamt(),
        (hamt) => hamt.flush(),
        COUNT,
      ),
      note: 'encodes and hashes every node (blake2b-256) into a memory store',
    },
    {
      name: 'HAMT set one key + flush in a loaded 10k map (the path to the root)',
      ours: timeOnly(
        () => {
          const hamt = Hamt.load<unknown>(hamtStore, hamtRoot, { bitWidth: 5 });
          hamt.get(keys[1234]!);
          return hamt;
        },
        (hamt) => {
          hamt.set(keys[1234]!, actorState(-1));
          hamt.flush();
        },
        1,
      ),
    },
    {
      name: `KAMT set, ${COUNT} 32-byte storage slots (EVM config)`,
      ours: await measure(() => buildKamt(), { ...RUNS, ops: COUNT }),
    },
    {
      name: `KAMT get, ${COUNT} slots, nodes cached`,
      ours: await measure(
        () => {
          for (const slot of slots) warmKamt.get(slot);
        },
        { ...RUNS, ops: COUNT },
      ),
    },
    {
      name: `KAMT flush of ${COUNT} new slots`,
      ours: timeOnly(
        () => buildKamt(),
        (kamt) => kamt.flush(),
        COUNT,
      ),
    },
    {
      name: '1,000 events into an AMT (bit width 5) and flush',
      ours: await measure(
        () => {
          const amt = Amt.create<unknown>(new MemoryBlockstore(), 5);
          for (let i = 0; i < 1000; i++) amt.set(i, event(i));
          return amt.flush();
        },
        { ...RUNS, ops: 1000 },
      ),
    },
  ];
  if (!(hamtRoot instanceof CID)) throw new Error('unreachable');
  return rows;
};
