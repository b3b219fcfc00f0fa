import asc from 'assemblyscript/asc';

/** Compiles an AssemblyScript source to Wasm (optimised, stub runtime, no imports). */
export async function compileAssemblyScript(
  source: string,
  options: Record<string, unknown> = {},
): Promise<Uint8Array> {
  const { binary, error, stderr } = await asc.compileString(source, {
    optimizeLevel: 3,
    shrinkLevel: 0,
    runtime: 'stub',
    noAssert: true,
    exportTable: true,
    initialMemory: 2,
    ...options,
  });
  if (error || !binary)
    throw new Error(`AssemblyScript failed: ${error?.message ?? ''}\n${stderr.toString()}`);
  return binary;
}

/** A few hundred lines of AssemblyScript exercising loops, calls, memory and arithmetic. */
export const SAMPLE_AS = `
const N: i32 = 4096;

function xorshift(x: u32): u32 {
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return x;
}

/** Fills memory with pseudo-random words and sorts them (insertion sort, deliberately quadratic). */
export function sortRandom(count: i32, seed: u32): u32 {
  const base: usize = 1024;
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = xorshift(x);
    store<u32>(base + (<usize>i << 2), x);
  }
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

/** A hash-like mixing loop over memory (FNV-1a on bytes, then rounds of mixing). */
export function mixRounds(rounds: i32): u32 {
  const base: usize = 1024;
  let h: u32 = 2166136261;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < N; i++) {
      h ^= load<u8>(base + <usize>i);
      h *= 16777619;
      store<u8>(base + <usize>i, <u8>(h >> 24));
    }
  }
  return h;
}

export function fib(n: i32): i64 {
  let a: i64 = 0, b: i64 = 1;
  for (let i = 0; i < n; i++) { const t = a + b; a = b; b = t; }
  return a;
}

function collatz(n: u64): i32 {
  let steps = 0;
  while (n != 1) { n = (n & 1) ? 3 * n + 1 : n >> 1; steps++; }
  return steps;
}

export function longestCollatz(limit: i32): i32 {
  let best = 0, arg = 0;
  for (let i = 1; i < limit; i++) {
    const s = collatz(<u64>i);
    if (s > best) { best = s; arg = i; }
  }
  return arg;
}

export function invoke(params: i32): i32 {
  switch (params) {
    case 0: return <i32>fib(10);
    case 1: return longestCollatz(100);
    case 2: return <i32>sortRandom(64, 7);
    default: return <i32>mixRounds(1);
  }
}
`;
