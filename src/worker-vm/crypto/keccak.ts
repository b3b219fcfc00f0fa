import { keccakP } from '@noble/hashes/sha3.js';

/**
 * Keccak-256 (Ethereum's, with the original Keccak padding 0x01…0x80, not SHA-3's 0x06) for hot paths.
 *
 * @noble/hashes' one-shot `keccak_256` builds a hasher per call (a 200-byte state, its u32 view, option
 * checks), which costs about a quarter of a 64-byte hash. Here the sponge owns one preallocated state and
 * calls noble's permutation (`keccakP`) on it directly, so a hash allocates nothing: the digest goes into
 * the caller's buffer, or straight into a bigint for the EVM's stack.
 *
 * The state is 25 lanes as 50 u32 words in noble's layout: state byte i is byte (i & 3), little-endian,
 * of word i >> 2. Input bytes are combined into words arithmetically, so this is endian-independent.
 * Not re-entrant, and it needs not be: keccakP calls no user code.
 */

/** Bytes absorbed per permutation: 1600 - 2 × 256 bits = 136 bytes = 34 words. */
const RATE = 136;
const RATE_WORDS = RATE / 4;

const state = new Uint32Array(50);

/** Resets the state and absorbs data[start..end) with Keccak padding; the digest is then in state[0..8). */
function absorb(data: Uint8Array, start: number, end: number): void {
  const s = state;
  s.fill(0);
  let p = start;
  while (end - p >= RATE) {
    for (let w = 0; w < RATE_WORDS; w++, p += 4) {
      s[w]! ^= data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
    }
    keccakP(s);
  }
  // The last, partial block (0..135 bytes): whole words, then the odd bytes, then the padding.
  const rest = end - p;
  const whole = rest >> 2;
  for (let w = 0; w < whole; w++, p += 4) {
    s[w]! ^= data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
  }
  for (let i = whole * 4; i < rest; i++, p++) s[i >> 2]! ^= data[p]! << ((i & 3) * 8);
  // pad10*1: 0x01 after the message, 0x80 in the block's last byte (both in one byte, 0x81, at 135).
  s[rest >> 2]! ^= 0x01 << ((rest & 3) * 8);
  s[RATE_WORDS - 1]! ^= 0x80 << 24;
  keccakP(s);
}

/** keccak256(data[start..end)) written as 32 bytes into out[outOffset..outOffset + 32). */
export function keccak256Into(
  data: Uint8Array,
  out: Uint8Array,
  outOffset = 0,
  start = 0,
  end = data.length,
): void {
  absorb(data, start, end);
  const s = state;
  for (let w = 0, o = outOffset; w < 8; w++, o += 4) {
    const word = s[w]!;
    out[o] = word;
    out[o + 1] = word >>> 8;
    out[o + 2] = word >>> 16;
    out[o + 3] = word >>> 24;
  }
}

/** keccak256(data) as a new 32-byte array (one allocation: the result). */
export function keccak256(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  keccak256Into(data, out);
  return out;
}

/**
 * keccak256(data[start..end)) as a big-endian 256-bit bigint (the EVM's stack word), with no bytes in
 * between: each digest word is byte-swapped into a 32-bit big-endian number and four 64-bit halves are
 * joined. Two u32 make a 64-bit value exactly via BigInt only, so the pairs go through a scratch view.
 */
export function keccak256Word(data: Uint8Array, start = 0, end = data.length): bigint {
  absorb(data, start, end);
  const s = state;
  const v = scratchView;
  for (let w = 0; w < 8; w++) v.setUint32(w * 4, s[w]!, true);
  return (
    (v.getBigUint64(0) << 192n) |
    (v.getBigUint64(8) << 128n) |
    (v.getBigUint64(16) << 64n) |
    v.getBigUint64(24)
  );
}

const scratchView = new DataView(new ArrayBuffer(32));
