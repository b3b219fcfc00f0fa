import { pippenger } from '@noble/curves/abstract/curve.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bigIntToBytes, bytesToBigInt } from './input';
import type { Precompile } from './types';

// BLS12-381 precompiles 0x0b–0x11 (EIP-2537, FIP-0105), on @noble/curves. Encodings: a field element is
// 64 bytes, 16 zero bytes then the 48-byte big-endian value, below p; a G1 point is x ‖ y (128 bytes); a
// G2 point is x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1 (256 bytes); all zeros is the point at infinity; a scalar is 32
// bytes big-endian and need not be reduced. Additions check only that points are on the curve; MSM and
// the pairing check also require the prime-order subgroup. Any violation fails the call.

const { G1, G2, fields } = bls12_381;
const { Fp, Fp2, Fp12 } = fields;
type G1Point = InstanceType<typeof G1.Point>;
type G2Point = InstanceType<typeof G2.Point>;
type Fp2Element = ReturnType<typeof Fp2.fromBigTuple>;

const P = Fp.ORDER;
const R = G1.Point.Fn.ORDER;
const FP_LENGTH = 64;
const G1_LENGTH = 128;
const G2_LENGTH = 256;
const SCALAR_LENGTH = 32;
const G1_B = 4n;
const G2_B = Fp2.fromBigTuple([4n, 4n]);

/** A field element: 16 zero bytes, then a value below p; null otherwise. */
function readFp(input: Uint8Array, offset: number): bigint | null {
  for (let i = 0; i < 16; i++) if (input[offset + i] !== 0) return null;
  const value = bytesToBigInt(input.subarray(offset + 16, offset + FP_LENGTH));
  return value < P ? value : null;
}

function readFp2(input: Uint8Array, offset: number): Fp2Element | null {
  const c0 = readFp(input, offset);
  const c1 = readFp(input, offset + FP_LENGTH);
  return c0 === null || c1 === null ? null : Fp2.fromBigTuple([c0, c1]);
}

/** A G1 point on the curve (and, if asked, in the subgroup); all zeros is infinity. */
function readG1(input: Uint8Array, offset: number, subgroup: boolean): G1Point | null {
  const x = readFp(input, offset);
  const y = readFp(input, offset + FP_LENGTH);
  if (x === null || y === null) return null;
  if (x === 0n && y === 0n) return G1.Point.ZERO;
  if (Fp.sqr(y) !== Fp.add(Fp.mul(Fp.sqr(x), x), G1_B)) return null;
  const point = G1.Point.fromAffine({ x, y });
  return subgroup && !point.isTorsionFree() ? null : point;
}

function readG2(input: Uint8Array, offset: number, subgroup: boolean): G2Point | null {
  const x = readFp2(input, offset);
  const y = readFp2(input, offset + 2 * FP_LENGTH);
  if (x === null || y === null) return null;
  if (Fp2.is0(x) && Fp2.is0(y)) return G2.Point.ZERO;
  if (!Fp2.eql(Fp2.sqr(y), Fp2.add(Fp2.mul(Fp2.sqr(x), x), G2_B))) return null;
  const point = G2.Point.fromAffine({ x, y });
  return subgroup && !point.isTorsionFree() ? null : point;
}

function writeFp(out: Uint8Array, offset: number, value: bigint): void {
  out.set(bigIntToBytes(value, 48), offset + 16);
}

function writeG1(point: G1Point): Uint8Array {
  const out = new Uint8Array(G1_LENGTH);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  writeFp(out, 0, x);
  writeFp(out, FP_LENGTH, y);
  return out;
}

function writeG2(point: G2Point): Uint8Array {
  const out = new Uint8Array(G2_LENGTH);
  if (point.is0()) return out;
  const { x, y } = point.toAffine();
  writeFp(out, 0, x.c0);
  writeFp(out, FP_LENGTH, x.c1);
  writeFp(out, 2 * FP_LENGTH, y.c0);
  writeFp(out, 3 * FP_LENGTH, y.c1);
  return out;
}

/** 0x0b BLS12_G1ADD: two G1 points (256 bytes), on the curve, no subgroup check. */
export const bls12G1Add: Precompile = (input) => {
  if (input.length !== 2 * G1_LENGTH) return null;
  const a = readG1(input, 0, false);
  const b = readG1(input, G1_LENGTH, false);
  return a === null || b === null ? null : writeG1(a.add(b));
};

/** 0x0d BLS12_G2ADD: two G2 points (512 bytes), on the curve, no subgroup check. */
export const bls12G2Add: Precompile = (input) => {
  if (input.length !== 2 * G2_LENGTH) return null;
  const a = readG2(input, 0, false);
  const b = readG2(input, G2_LENGTH, false);
  return a === null || b === null ? null : writeG2(a.add(b));
};

/**
 * Multi-scalar multiplication over k ≥ 1 (point, scalar) pairs, points in the subgroup. Pairs with the
 * point at infinity or a zero scalar add nothing; scalars are reduced by the group order.
 */
function msm<Pt extends G1Point | G2Point>(
  input: Uint8Array,
  pointLength: number,
  read: (input: Uint8Array, offset: number) => Pt | null,
  Point: typeof G1.Point | typeof G2.Point,
  write: (point: Pt) => Uint8Array,
): Uint8Array | null {
  const pairLength = pointLength + SCALAR_LENGTH;
  if (input.length === 0 || input.length % pairLength !== 0) return null;
  const points: Pt[] = [];
  const scalars: bigint[] = [];
  for (let offset = 0; offset < input.length; offset += pairLength) {
    const point = read(input, offset);
    if (point === null) return null;
    const scalar = bytesToBigInt(input.subarray(offset + pointLength, offset + pairLength)) % R;
    if (point.is0() || scalar === 0n) continue;
    points.push(point);
    scalars.push(scalar);
  }
  if (points.length === 0) return write(Point.ZERO as Pt);
  if (points.length === 1) return write(points[0]!.multiply(scalars[0]!) as unknown as Pt);
  return write(pippenger(Point as never, points as never, scalars) as unknown as Pt);
}

/** 0x0c BLS12_G1MSM: k × (G1 point ‖ scalar), 160 bytes each. */
export const bls12G1Msm: Precompile = (input) =>
  msm(input, G1_LENGTH, (data, offset) => readG1(data, offset, true), G1.Point, writeG1);

/** 0x0e BLS12_G2MSM: k × (G2 point ‖ scalar), 288 bytes each. */
export const bls12G2Msm: Precompile = (input) =>
  msm(input, G2_LENGTH, (data, offset) => readG2(data, offset, true), G2.Point, writeG2);

/** 0x0f BLS12_PAIRING_CHECK: k ≥ 1 × (G1 ‖ G2), 384 bytes each; a word, 1 when the product is one. */
export const bls12PairingCheck: Precompile = (input) => {
  const pairLength = G1_LENGTH + G2_LENGTH;
  if (input.length === 0 || input.length % pairLength !== 0) return null;
  const pairs: Array<{ g1: G1Point; g2: G2Point }> = [];
  for (let offset = 0; offset < input.length; offset += pairLength) {
    const g1 = readG1(input, offset, true);
    const g2 = readG2(input, offset + G1_LENGTH, true);
    if (g1 === null || g2 === null) return null;
    // e(0, Q) = e(P, 0) = 1: such pairs change nothing (and noble refuses infinity in pairings).
    if (!g1.is0() && !g2.is0()) pairs.push({ g1, g2 });
  }
  const product = pairs.length === 0 ? Fp12.ONE : bls12_381.pairingBatch(pairs);
  const out = new Uint8Array(32);
  out[31] = Fp12.eql(product, Fp12.ONE) ? 1 : 0;
  return out;
};

/** 0x10 BLS12_MAP_FP_TO_G1: one field element (64 bytes) → simplified SWU, isogeny, cofactor clearing. */
export const bls12MapFpToG1: Precompile = (input) => {
  if (input.length !== FP_LENGTH) return null;
  const u = readFp(input, 0);
  // noble's typings say bigint[] and an affine point; at run time G1 (m = 1) takes one bigint and gives
  // a point with the cofactor cleared.
  return u === null ? null : writeG1((G1.mapToCurve as unknown as (u: bigint) => G1Point)(u));
};

/** 0x11 BLS12_MAP_FP2_TO_G2: one Fp2 element c0 ‖ c1 (128 bytes) → a G2 point. */
export const bls12MapFp2ToG2: Precompile = (input) => {
  if (input.length !== 2 * FP_LENGTH) return null;
  const c0 = readFp(input, 0);
  const c1 = readFp(input, FP_LENGTH);
  return c0 === null || c1 === null ? null : writeG2(G2.mapToCurve([c0, c1]) as unknown as G2Point);
};

/** Pairs in an MSM or pairing input (for cost estimates). */
export const BLS_PAIR_LENGTHS = { g1Msm: 160, g2Msm: 288, pairing: 384 } as const;
