import { bn254 } from '@noble/curves/bn254.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToWord, wordToBytes } from '../words';

/**
 * Ethereum's precompiled contracts 0x01-0x08 for the test host, on @noble (no gas: the test host has no
 * gas model). A precompile returns its output, or null for a failure (the call then fails with empty
 * return data, as an exceptional halt would in Ethereum).
 */
export type Precompile = (input: Uint8Array) => Uint8Array | null;

const EMPTY = new Uint8Array(0);

/** Reads `length` bytes at `offset`, zero-padding past the end of the input (Ethereum's input rule). */
function padded(input: Uint8Array, offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  if (offset < input.length) out.set(input.subarray(offset, Math.min(input.length, offset + length)));
  return out;
}

const SECP256K1_N = secp256k1.Point.CURVE().n;

/** 0x01: the address that signed `hash`, left-padded to 32 bytes; empty output for a bad signature. */
const ecRecover: Precompile = (input) => {
  const data = padded(input, 0, 128);
  const v = bytesToWord(data, 32, 32);
  const r = bytesToWord(data, 64, 32);
  const s = bytesToWord(data, 96, 32);
  if ((v !== 27n && v !== 28n) || r === 0n || s === 0n || r >= SECP256K1_N || s >= SECP256K1_N) return EMPTY;
  try {
    const signature = secp256k1.Signature.fromBytes(data.subarray(64, 128), 'compact').addRecoveryBit(
      Number(v - 27n),
    );
    const publicKey = signature.recoverPublicKey(data.subarray(0, 32)).toBytes(false);
    const out = new Uint8Array(32);
    out.set(keccak_256(publicKey.subarray(1)).subarray(12), 12);
    return out;
  } catch {
    return EMPTY;
  }
};

const sha256Precompile: Precompile = (input) => sha256(input);

const ripemd160Precompile: Precompile = (input) => {
  const out = new Uint8Array(32);
  out.set(ripemd160(input), 12);
  return out;
};

const identity: Precompile = (input) => input.slice();

/** Beyond this the test host refuses modexp inputs (Ethereum would charge prohibitive gas). */
const MODEXP_MAX_LENGTH = 1 << 20;

/** 0x05 (EIP-198): base^exp mod m, as modLen bytes. */
const modexp: Precompile = (input) => {
  const baseLength = bytesToWord(padded(input, 0, 32));
  const expLength = bytesToWord(padded(input, 32, 32));
  const modLength = bytesToWord(padded(input, 64, 32));
  const limit = BigInt(MODEXP_MAX_LENGTH);
  if (baseLength > limit || expLength > limit || modLength > limit) return null;
  const bl = Number(baseLength);
  const el = Number(expLength);
  const ml = Number(modLength);
  if (ml === 0) return EMPTY;
  const base = bigFromBytes(padded(input, 96, bl));
  const exponent = bigFromBytes(padded(input, 96 + bl, el));
  const modulus = bigFromBytes(padded(input, 96 + bl + el, ml));
  const out = new Uint8Array(ml);
  if (modulus === 0n) return out;
  let result = 1n % modulus;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    e >>= 1n;
    if (e > 0n) b = (b * b) % modulus;
  }
  let value = result;
  for (let i = ml - 1; i >= 0 && value > 0n; i--) {
    out[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return out;
};

function bigFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = 0; i < bytes.length; i += 32) {
    const chunk = bytes.subarray(i, i + 32);
    value = (value << BigInt(8 * chunk.length)) | bytesToWord(chunk, 0, chunk.length);
  }
  return value;
}

const { G1, G2 } = bn254;
const BN_P = G1.Point.Fp.ORDER;
const BN_R = G1.Point.Fn.ORDER;
type G1Point = InstanceType<typeof G1.Point>;
type G2Point = InstanceType<typeof G2.Point>;

/** A G1 point from 64 bytes (x, y); (0, 0) is the point at infinity; null when not on the curve. */
function readG1(data: Uint8Array, offset: number): G1Point | null {
  const x = bytesToWord(data, offset, 32);
  const y = bytesToWord(data, offset + 32, 32);
  if (x >= BN_P || y >= BN_P) return null;
  if (x === 0n && y === 0n) return G1.Point.ZERO;
  try {
    const point = G1.Point.fromAffine({ x, y });
    point.assertValidity();
    return point;
  } catch {
    return null;
  }
}

/** A G2 point from 128 bytes (x_im, x_re, y_im, y_re), checked to be on the curve and in the subgroup. */
function readG2(data: Uint8Array, offset: number): G2Point | null {
  const [xi, xr, yi, yr] = [0, 32, 64, 96].map((d) => bytesToWord(data, offset + d, 32)) as [
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  if (xi >= BN_P || xr >= BN_P || yi >= BN_P || yr >= BN_P) return null;
  if (xi === 0n && xr === 0n && yi === 0n && yr === 0n) return G2.Point.ZERO;
  try {
    const Fp2 = bn254.fields.Fp2;
    const point = G2.Point.fromAffine({ x: Fp2.fromBigTuple([xr, xi]), y: Fp2.fromBigTuple([yr, yi]) });
    // noble's validity check includes the prime-order subgroup check G2 points need (EIP-197).
    point.assertValidity();
    return point;
  } catch {
    return null;
  }
}

function writeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(64);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  out.set(wordToBytes(x), 0);
  out.set(wordToBytes(y), 32);
  return out;
}

/** 0x06 (EIP-196): G1 addition. */
const ecAdd: Precompile = (input) => {
  const data = padded(input, 0, 128);
  const a = readG1(data, 0);
  const b = readG1(data, 64);
  if (a === null || b === null) return null;
  return writeG1(a.add(b));
};

/** 0x07 (EIP-196): G1 scalar multiplication. */
const ecMul: Precompile = (input) => {
  const data = padded(input, 0, 96);
  const point = readG1(data, 0);
  if (point === null) return null;
  const scalar = bytesToWord(data, 64, 32) % BN_R;
  return writeG1(scalar === 0n || point.is0() ? G1.Point.ZERO : point.multiplyUnsafe(scalar));
};

/** 0x08 (EIP-197): 1 when the product of the pairings is the identity. */
const ecPairing: Precompile = (input) => {
  if (input.length % 192 !== 0) return null;
  const pairs: Array<{ g1: G1Point; g2: G2Point }> = [];
  for (let offset = 0; offset < input.length; offset += 192) {
    const g1 = readG1(input, offset);
    const g2 = readG2(input, offset + 64);
    if (g1 === null || g2 === null) return null;
    if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
  }
  const Fp12 = bn254.fields.Fp12;
  const product = pairs.length === 0 ? Fp12.ONE : bn254.pairingBatch(pairs);
  return wordToBytes(Fp12.eql(product, Fp12.ONE) ? 1n : 0n);
};

export const ETHEREUM_PRECOMPILES: ReadonlyMap<bigint, Precompile> = new Map<bigint, Precompile>([
  [1n, ecRecover],
  [2n, sha256Precompile],
  [3n, ripemd160Precompile],
  [4n, identity],
  [5n, modexp],
  [6n, ecAdd],
  [7n, ecMul],
  [8n, ecPairing],
]);
