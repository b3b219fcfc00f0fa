import { bn254 } from '@noble/curves/bn254.js';
import { bytesToWord, wordToBytes } from '../words';
import { padded } from './input';
import type { Precompile } from './types';

// The alt_bn128 precompiles (EIP-196, EIP-197), which the FEVM implements the same way (spec 10.10):
// the input is zero-padded, the point (0, 0) is infinity, coordinates must be below the field modulus.

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

/** 0x06: G1 addition. */
export const ecAdd: Precompile = (input) => {
  const data = padded(input, 0, 128);
  const a = readG1(data, 0);
  const b = readG1(data, 64);
  if (a === null || b === null) return null;
  return writeG1(a.add(b));
};

/** 0x07: G1 scalar multiplication (any 256-bit scalar; the group order reduces it). */
export const ecMul: Precompile = (input) => {
  const data = padded(input, 0, 96);
  const point = readG1(data, 0);
  if (point === null) return null;
  const scalar = bytesToWord(data, 64, 32) % BN_R;
  return writeG1(scalar === 0n || point.is0() ? G1.Point.ZERO : point.multiplyUnsafe(scalar));
};

/** 0x08: 1 when the product of the pairings is the identity; the input is not padded (k·192 bytes). */
export const ecPairing: Precompile = (input) => {
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

/** How many pairs an ecPairing input holds (for cost estimates). */
export const pairingCount = (input: Uint8Array): number => Math.floor(input.length / 192);
