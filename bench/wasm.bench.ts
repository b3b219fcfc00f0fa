// Wasm instrumentation: execution overhead of ref-fvm's gas + stack metering, and instrumentation time.

import { setFlagsFromString } from 'node:v8';
import type { Message } from '../src/worker-vm/executor/message';
import { Machine } from '../src/worker-vm/machine/machine';
import { instrumentModule } from '../src/worker-vm/wasm/instrumentModule';
import { createActor } from '../src/worker-vm/wasm/testing/actors.node.js';
import { compileAssemblyScript } from '../src/worker-vm/wasm/testing/assemblyscript.node.js';
import { wat } from '../src/worker-vm/wasm/testing/wat.node.js';
import { type BenchRow, measure } from './harness';

/** A compute-heavy actor: insertion sort of pseudo-random words plus a byte-mixing hash loop. */
const COMPUTE = `
function xorshift(x: u32): u32 { x ^= x << 13; x ^= x >> 17; x ^= x << 5; return x; }
function sortRandom(count: i32, seed: u32): u32 {
  const base: usize = 1024;
  let x = seed;
  for (let i = 0; i < count; i++) { x = xorshift(x); store<u32>(base + (<usize>i << 2), x); }
  for (let i = 1; i < count; i++) {
    const v = load<u32>(base + (<usize>i << 2));
    let j = i - 1;
    while (j >= 0 && load<u32>(base + (<usize>j << 2)) > v) {
      store<u32>(base + (<usize>(j + 1) << 2), load<u32>(base + (<usize>j << 2)));
      j--;
    }
    store<u32>(base + (<usize>(j + 1) << 2), v);
  }
  let check: u32 = 0;
  for (let i = 0; i < count; i++) check = check * 31 + load<u32>(base + (<usize>i << 2));
  return check;
}
function mix(rounds: i32): u32 {
  let h: u32 = 2166136261;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 4096; i++) {
      h ^= load<u8>(1024 + <usize>i);
      h *= 16777619;
      store<u8>(1024 + <usize>i, <u8>(h >> 24));
    }
  }
  return h;
}
export function invoke(n: i32): i32 { return <i32>(sortRandom(n, 7) ^ mix(n / 10)); }
`;

/**
 * The same work as an FVM actor: `invoke(params)` ignores its params block, computes with n = 3000 and
 * returns no block (0). The result goes to a global so the work cannot be optimised away.
 */
const COMPUTE_ACTOR = COMPUTE.replace(
  'export function invoke(n: i32): i32 { return <i32>(sortRandom(n, 7) ^ mix(n / 10)); }',
  `let sink: u32 = 0;
export function compute(n: i32): i32 { return <i32>(sortRandom(n, 7) ^ mix(n / 10)); }
export function invoke(params: i32): i32 { sink = <u32>compute(3000); return 0; }`,
);

/** A generated module of many functions mixing loops, branches, calls, memory and i64 math. */
function bigModuleText(functions: number): string {
  const parts = ['(module (memory (export "memory") 4) (table 16 funcref)'];
  for (let f = 0; f < functions; f++) {
    const callee = f > 0 ? `(call $f${f - 1} (i32.and (local.get 0) (i32.const 3)))` : '(i32.const 1)';
    const chunk = Array.from(
      { length: 6 },
      (_, k) => `
      (local.set 1 (i32.add (local.get 1) (i32.load offset=${k * 4} (i32.and (local.get 0) (i32.const 1020)))))
      (local.set 2 (i64.xor (i64.mul (local.get 2) (i64.const ${f * 7 + k + 3})) (i64.extend_i32_u (local.get 1))))
      (i32.store offset=${k * 8} (i32.const 64) (i32.wrap_i64 (local.get 2)))
      (if (i32.and (local.get 1) (i32.const ${1 << k})) (then (local.set 1 (i32.rotl (local.get 1) (i32.const 5)))))`,
    ).join('');
    parts.push(`(func $f${f} (param i32) (result i32) (local i32 i64)
      (block $exit (loop $top
        (br_if $exit (i32.eqz (local.get 0)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        ${chunk}
        (block $a (block $b (block $c (br_table $a $b $c (i32.and (local.get 1) (i32.const 3))))
          (local.set 1 (i32.add (local.get 1) ${callee})))
          (memory.fill (i32.const 256) (i32.const 0) (i32.and (local.get 1) (i32.const 63))))
        (br $top)))
      (i32.add (local.get 1) (i32.wrap_i64 (local.get 2))))`);
  }
  parts.push(`(func (export "invoke") (param i32) (result i32) (call $f${functions - 1} (local.get 0))))`);
  return parts.join('\n');
}

export default async function bench(): Promise<BenchRow[]> {
  // Steady-state code only: with lazy tier-up the optimising compile runs on background threads, which
  // this shared machine starves, so the same module may be timed in the baseline tier one run and
  // optimised the next. Without Liftoff every module is compiled by TurboFan up front.
  setFlagsFromString('--no-liftoff');
  try {
    return await measureAll();
  } finally {
    setFlagsFromString('--liftoff');
  }
}

async function measureAll(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];

  // Execution: the same program plain and instrumented, in one run. The engine runs the inlined-charge
  // form (InstrumentedModuleCache); the reference form (a call per metered block) is shown too.
  const plainBytes = await compileAssemblyScript(COMPUTE);
  const n = 3000;
  const plain = new WebAssembly.Instance(new WebAssembly.Module(plainBytes as Uint8Array<ArrayBuffer>));
  const runPlain = plain.exports.invoke as (n: number) => number;
  const plainTime = await measure(() => runPlain(n), { warmup: 3, runs: 9 });
  const expected = runPlain(n);
  for (const inlineGasCharges of [true, false]) {
    const { bytes } = instrumentModule(plainBytes, { inlineGasCharges });
    const gas = new WebAssembly.Global({ value: 'i64', mutable: true }, 0n);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), {
      gas: { gas_counter: gas },
    });
    const run = instance.exports.invoke as (n: number) => number;
    let used = 0n;
    const time = await measure(
      () => {
        gas.value = 10n ** 15n;
        if (run(n) !== expected) throw new Error('instrumented result differs');
        used = 10n ** 15n - (gas.value as bigint);
      },
      { warmup: 3, runs: 9 },
    );
    rows.push({
      name: `execute sort(${n}) + hash, instrumented (${inlineGasCharges ? 'inlined charges, as executed' : 'reference bytes: call per block'})`,
      ours: time,
      peer: { ...plainTime, label: 'uninstrumented' },
      note: `overhead ${(time.ms / plainTime.ms).toFixed(2)}x; ${(used / 1000n).toLocaleString('en-US')} gas per run`,
      ...(inlineGasCharges ? { goal: 'overhead < 1.5x' } : {}),
    });
  }

  // The same computation as an actor invoked by a message: instrumented module, a fresh instance and
  // syscall import object per invocation, the message's inclusion and receipt, the state flush.
  const actorBytes = await compileAssemblyScript(COMPUTE_ACTOR, { use: ['abort='] });
  const machine = Machine.create();
  const { code } = machine.installActor(actorBytes);
  const { address } = createActor(machine, code);
  const from = machine.accounts[0]!.address;
  const plainActor = new WebAssembly.Instance(new WebAssembly.Module(actorBytes as Uint8Array<ArrayBuffer>));
  const plainInvoke = plainActor.exports.invoke as (params: number) => number;
  const plainActorTime = await measure(() => plainInvoke(1), { warmup: 3, runs: 9 });
  let messageGas = 0;
  const messageTime = await measure(
    () => {
      const message: Message = {
        version: 0,
        from,
        to: address,
        sequence: machine.nonceOf(from),
        value: 0n,
        gasLimit: 10_000_000_000,
        gasFeeCap: 0n,
        gasPremium: 0n,
        method: 2,
        params: new Uint8Array(0),
      };
      const applied = machine.applyMessage(message);
      if (applied.result.receipt.exitCode !== 0) throw new Error(`exit ${applied.result.receipt.exitCode}`);
      messageGas = applied.result.receipt.gasUsed;
    },
    { warmup: 3, runs: 9 },
  );
  rows.push({
    name: `compute actor sort(${n}) + hash invoked through Machine.applyMessage (instrumented, traced)`,
    ours: messageTime,
    peer: { ...plainActorTime, label: 'the same module called directly, uninstrumented' },
    note: `overhead ${(messageTime.ms / plainActorTime.ms).toFixed(2)}x; ${messageGas.toLocaleString('en-US')} gas per message`,
  });

  // Instrumentation time for a module of about a megabyte.
  const big = await wat(bigModuleText(2600));
  let outSize = 0;
  const instrumentTime = await measure(
    () => {
      outSize = instrumentModule(big).bytes.length;
    },
    { warmup: 1, runs: 5, ops: big.length },
  );
  rows.push({
    name: `instrument a ${(big.length / 1e6).toFixed(2)} MB module (validate + stack limiter + gas metering)`,
    ours: instrumentTime,
    note: `rate counts input bytes; output ${(outSize / 1e6).toFixed(2)} MB`,
  });
  const validateTime = await measure(() => WebAssembly.validate(big as Uint8Array<ArrayBuffer>), {
    warmup: 1,
    runs: 5,
  });
  rows.push({
    name: '  for scale: WebAssembly.validate of the same module (part of the above)',
    ours: validateTime,
  });
  return rows;
}
