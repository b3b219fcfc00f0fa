/**
 * The operation plans of go-kamt-ipld's cross-implementation fixtures (fixtures/generator/src/main.rs
 * in filecoin-project/go-kamt-ipld), rebuilt here from their description, with the root CIDs that
 * fvm_ipld_kamt 0.4.6 produced for them. Keys are 32 bytes; values are u64.
 */
import type { KamtOptions } from './kamtNode';

export type FixtureOp = { op: 'set'; key: Uint8Array; value: number } | { op: 'delete'; key: Uint8Array };

export interface KamtFixture {
  name: string;
  options: KamtOptions;
  ops: FixtureOp[];
  root: string;
}

const MASK64 = (1n << 64n) - 1n;

/** xorshift64* as the generator defines it, so the same keys come out. */
class Rng {
  constructor(private state: bigint) {}

  next(): bigint {
    let x = this.state;
    x ^= x >> 12n;
    x ^= (x << 25n) & MASK64;
    x ^= x >> 27n;
    this.state = x;
    return (x * 0x2545f4914f6cdd1dn) & MASK64;
  }

  key(): Uint8Array {
    const key = new Uint8Array(32);
    const view = new DataView(key.buffer);
    for (let i = 0; i < 4; i++) view.setBigUint64(i * 8, this.next());
    return key;
  }
}

export function keyFromNumber(n: number): Uint8Array {
  const key = new Uint8Array(32);
  new DataView(key.buffer).setBigUint64(24, BigInt(n));
  return key;
}

function keyAdd(base: Uint8Array, offset: number): Uint8Array {
  const key = base.slice();
  let carry = offset;
  for (let i = 31; i >= 0 && carry > 0; i--) {
    const sum = key[i]! + (carry & 0xff);
    key[i] = sum & 0xff;
    carry = Math.floor(carry / 256) + (sum >> 8);
  }
  return key;
}

const evm: KamtOptions = { bitWidth: 5, minDataDepth: 0, maxArrayWidth: 1 };
const set = (key: Uint8Array, value: number): FixtureOp => ({ op: 'set', key, value });
const remove = (key: Uint8Array): FixtureOp => ({ op: 'delete', key });
const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

export const kamtFixtures: KamtFixture[] = [
  {
    name: 'evm-empty',
    options: evm,
    ops: [],
    root: 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay',
  },
  {
    name: 'evm-single',
    options: evm,
    ops: [set(keyFromNumber(1), 42)],
    root: 'bafy2bzacedfqf47yqz5zgen7jjubzhqekzhimxoptsnr2p3vdid2pqiazr6z4',
  },
  {
    name: 'evm-zero-key',
    options: evm,
    ops: [set(new Uint8Array(32), 1), set(keyFromNumber(1), 2)],
    root: 'bafy2bzacecifswygv5tlmclpneyqj6xi4k6ypysd6uqchnmvt5vi2rassmiug',
  },
  {
    name: 'evm-deep-split',
    options: evm,
    ops: [set(keyFromNumber(0x10), 1), set(keyFromNumber(0x11), 2)],
    root: 'bafy2bzacebtd35gkxxzvbzsbzsgbaq3obvwm24q6tknnuzsuvqt3ngixk7rrc',
  },
  {
    name: 'evm-sequential',
    options: evm,
    ops: range(0, 200).map((i) => set(keyFromNumber(i), i * 7)),
    root: 'bafy2bzacedlijqp3lel2kh26bkh4mdxkdzo4j4vyu4u5rq4m2gqbp6iwhq3ik',
  },
  {
    name: 'evm-churn',
    options: evm,
    ops: [
      ...range(0, 150).map((i) => set(keyFromNumber(i), i)),
      ...range(0, 150, 3).map((i) => remove(keyFromNumber(i))),
      ...range(0, 150, 5).map((i) => set(keyFromNumber(i), i + 1000)),
    ],
    root: 'bafy2bzaceas5ktbn5wqannfys5vvag7zols26g4f5yvwxppvpk4kpfecpk7ky',
  },
  {
    name: 'evm-random',
    options: evm,
    ops: (() => {
      const rng = new Rng(0xdeadbeefn);
      return range(0, 100).map((i) => set(rng.key(), i));
    })(),
    root: 'bafy2bzaceapzwverjftujdedbkvhm6xjws3uii2kawbsteh7mbp7ntn6gknjg',
  },
  {
    name: 'evm-solidity-clusters',
    options: evm,
    ops: (() => {
      const rng = new Rng(0xcafen);
      const ops: FixtureOp[] = [];
      for (let cluster = 0; cluster < 8; cluster++) {
        const base = rng.key();
        for (let offset = 0; offset < 20; offset++) ops.push(set(keyAdd(base, offset), offset));
      }
      return ops;
    })(),
    root: 'bafy2bzacea4e7krd3qf3lv54wuweapdwu5jci6txzk3sjuwvwkqtgdwxiuxw2',
  },
  {
    name: 'defaults-random',
    options: { bitWidth: 8, minDataDepth: 0, maxArrayWidth: 3 },
    ops: (() => {
      let rng = new Rng(0x1234n);
      const ops = range(0, 120).map((i) => set(rng.key(), i));
      rng = new Rng(0x1234n);
      for (let i = 0; i < 120; i++) {
        const key = rng.key();
        if (i % 4 === 0) ops.push(remove(key));
      }
      return ops;
    })(),
    root: 'bafy2bzacednbce4iu5i2zph6wpcncp4yym4u2y6q6qv7ivywp4b4eltmpmoss',
  },
  {
    name: 'bw4-mindata1',
    options: { bitWidth: 4, minDataDepth: 1, maxArrayWidth: 3 },
    ops: (() => {
      const rng = new Rng(0x5555n);
      const ops = range(0, 60).map((i) => (i % 2 === 0 ? set(keyFromNumber(i), i) : set(rng.key(), i)));
      for (const i of range(0, 60, 4)) ops.push(remove(keyFromNumber(i)));
      return ops;
    })(),
    root: 'bafy2bzacedfksumlvzhxnkda5ksbtkjdm5q2ylno5vkwh2fakb74jjhxjw6s2',
  },
  {
    name: 'bw2-bucket1',
    options: { bitWidth: 2, minDataDepth: 0, maxArrayWidth: 1 },
    ops: range(0, 40).map((i) => set(keyFromNumber(i), i * 3)),
    root: 'bafy2bzaceddxyfpgskdll3qf2hn6drlwobqxkiqbcj36aquuz434uv7ngcjes',
  },
];
