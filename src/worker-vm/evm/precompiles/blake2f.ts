import type { Precompile } from './types';

/**
 * 0x09 (EIP-152): the BLAKE2b compression function F with a caller-chosen number of rounds. Input is
 * exactly 213 bytes: rounds (u32 big-endian) ‖ h (8 × u64 little-endian) ‖ m (16 × u64 LE) ‖ t (2 × u64 LE)
 * ‖ f (the final-block flag, 0 or 1); anything else fails. Output: the new h, 64 bytes little-endian.
 *
 * 64-bit words are held as (low, high) pairs of 32-bit halves, so a round is plain int arithmetic with no
 * bigint and no allocation: a million rounds run in well under a second.
 */
export const blake2f: Precompile = (input) => {
  if (input.length !== BLAKE2F_INPUT_LENGTH) return null;
  const flag = input[212]!;
  if (flag !== 0 && flag !== 1) return null;
  const rounds = blake2fRounds(input);
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const h = new Uint32Array(16);
  const m = new Uint32Array(32);
  for (let i = 0; i < 16; i++) h[i] = view.getUint32(4 + 4 * i, true);
  for (let i = 0; i < 32; i++) m[i] = view.getUint32(68 + 4 * i, true);
  const t = new Uint32Array(4);
  for (let i = 0; i < 4; i++) t[i] = view.getUint32(196 + 4 * i, true);
  compress(h, m, t, flag === 1, rounds);
  const out = new Uint8Array(64);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) outView.setUint32(4 * i, h[i]!, true);
  return out;
};

export const BLAKE2F_INPUT_LENGTH = 213;

/** The rounds field of a blake2f input (for cost estimates; 0 when the input is too short). */
export const blake2fRounds = (input: Uint8Array): number =>
  input.length < 4 ? 0 : ((input[0]! << 24) | (input[1]! << 16) | (input[2]! << 8) | input[3]!) >>> 0;

/** BLAKE2b's initialisation vector, as (low, high) halves. */
// biome-ignore format: a table of constants
const IV = Uint32Array.of(
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
);

/** The message word schedule (RFC 7693 §2.7); round i uses row i mod 10. */
// biome-ignore format: a table of constants
const SIGMA = Uint8Array.of(
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
  7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
  2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
  13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
  10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
);

/** The working vector: 16 words as 32 halves, reused across calls (F is not re-entrant). */
const v = new Uint32Array(32);

/** F(h, m, t, f) with `rounds` rounds, updating h in place (RFC 7693 §3.2). */
export function compress(
  h: Uint32Array,
  m: Uint32Array,
  t: Uint32Array,
  last: boolean,
  rounds: number,
): void {
  v.set(h, 0);
  v.set(IV, 16);
  v[24]! ^= t[0]!;
  v[25]! ^= t[1]!;
  v[26]! ^= t[2]!;
  v[27]! ^= t[3]!;
  if (last) {
    v[28] = ~v[28]!;
    v[29] = ~v[29]!;
  }
  for (let round = 0; round < rounds; round++) {
    const s = (round % 10) * 16;
    mix(0, 4, 8, 12, SIGMA[s]!, SIGMA[s + 1]!, m);
    mix(1, 5, 9, 13, SIGMA[s + 2]!, SIGMA[s + 3]!, m);
    mix(2, 6, 10, 14, SIGMA[s + 4]!, SIGMA[s + 5]!, m);
    mix(3, 7, 11, 15, SIGMA[s + 6]!, SIGMA[s + 7]!, m);
    mix(0, 5, 10, 15, SIGMA[s + 8]!, SIGMA[s + 9]!, m);
    mix(1, 6, 11, 12, SIGMA[s + 10]!, SIGMA[s + 11]!, m);
    mix(2, 7, 8, 13, SIGMA[s + 12]!, SIGMA[s + 13]!, m);
    mix(3, 4, 9, 14, SIGMA[s + 14]!, SIGMA[s + 15]!, m);
  }
  for (let i = 0; i < 16; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 16]!;
}

/** The mixing function G on words a, b, c, d with message words x, y (indices into m). */
function mix(a: number, b: number, c: number, d: number, x: number, y: number, m: Uint32Array): void {
  const A = 2 * a;
  const B = 2 * b;
  const C = 2 * c;
  const D = 2 * d;
  // a = a + b + m[x]
  add64(A, B);
  addMessage(A, m, 2 * x);
  // d = (d ^ a) >>> 32: swap the halves.
  let lo = v[D]! ^ v[A]!;
  let hi = v[D + 1]! ^ v[A + 1]!;
  v[D] = hi;
  v[D + 1] = lo;
  // c = c + d; b = (b ^ c) >>> 24
  add64(C, D);
  lo = v[B]! ^ v[C]!;
  hi = v[B + 1]! ^ v[C + 1]!;
  v[B] = (lo >>> 24) | (hi << 8);
  v[B + 1] = (hi >>> 24) | (lo << 8);
  // a = a + b + m[y]; d = (d ^ a) >>> 16
  add64(A, B);
  addMessage(A, m, 2 * y);
  lo = v[D]! ^ v[A]!;
  hi = v[D + 1]! ^ v[A + 1]!;
  v[D] = (lo >>> 16) | (hi << 16);
  v[D + 1] = (hi >>> 16) | (lo << 16);
  // c = c + d; b = (b ^ c) >>> 63, i.e. rotate left by one
  add64(C, D);
  lo = v[B]! ^ v[C]!;
  hi = v[B + 1]! ^ v[C + 1]!;
  v[B] = (lo << 1) | (hi >>> 31);
  v[B + 1] = (hi << 1) | (lo >>> 31);
}

/** v[i] += v[j] (64-bit, wrapping). */
function add64(i: number, j: number): void {
  const lo = v[i]! + v[j]!;
  v[i + 1] = v[i + 1]! + v[j + 1]! + (lo > 0xffffffff ? 1 : 0);
  v[i] = lo;
}

/** v[i] += m[k] (64-bit, wrapping). */
function addMessage(i: number, m: Uint32Array, k: number): void {
  const lo = v[i]! + m[k]!;
  v[i + 1] = v[i + 1]! + m[k + 1]! + (lo > 0xffffffff ? 1 : 0);
  v[i] = lo;
}
