import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bn254 } from '@noble/curves/bn254.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesToWord, wordToBytes } from '../words';
import { PrecompileAddress as A, ETHEREUM_PRECOMPILES, PURE_PRECOMPILES } from './index';

const run = (address: bigint, input: Uint8Array) => ETHEREUM_PRECOMPILES.get(address)!(input);
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('the precompile tables', () => {
  it('the FEVM runs everything but the three hashing ones as pure code; the test host has them all', () => {
    expect([...PURE_PRECOMPILES.keys()]).toEqual([
      4n,
      5n,
      6n,
      7n,
      8n,
      9n,
      0x0bn,
      0x0cn,
      0x0dn,
      0x0en,
      0x0fn,
      0x10n,
      0x11n,
      0x100n,
    ]);
    expect([...ETHEREUM_PRECOMPILES.keys()].sort((a, b) => Number(a - b))).toEqual([
      1n,
      2n,
      3n,
      4n,
      5n,
      6n,
      7n,
      8n,
      9n,
      0x0bn,
      0x0cn,
      0x0dn,
      0x0en,
      0x0fn,
      0x10n,
      0x11n,
      0x100n,
    ]);
  });
});
describe('Ethereum precompiles 0x01–0x08', () => {
  it('0x01 ecRecover returns the signer, and empty output for bad signatures', () => {
    const secret = hexToBytes('4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318');
    const hash = keccak_256(new TextEncoder().encode('hello'));
    const signature = secp256k1.sign(hash, secret, { prehash: false, format: 'recovered' });
    const recovery = signature[0]!;
    const input = Uint8Array.from([
      ...hash,
      ...wordToBytes(27n + BigInt(recovery)),
      ...signature.subarray(1),
    ]);
    const publicKey = secp256k1.getPublicKey(secret, false);
    const address = keccak_256(publicKey.subarray(1)).subarray(12);
    expect(bytesToHex(run(1n, input)!)).toBe(`${'00'.repeat(12)}${bytesToHex(address)}`);
    const badV = input.slice();
    badV[63] = 29;
    expect(run(1n, badV)).toEqual(new Uint8Array(0));
    expect(run(1n, new Uint8Array(0))).toEqual(new Uint8Array(0));
  });

  it('0x02 sha256, 0x03 ripemd160 (left-padded), 0x04 identity', () => {
    const abc = new TextEncoder().encode('abc');
    expect(bytesToHex(run(2n, abc)!)).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(bytesToHex(run(3n, new Uint8Array(0))!)).toBe(
      `${'00'.repeat(12)}9c1185a5c5e9fc54612808977ee8f548b2258d31`,
    );
    expect(run(4n, abc)).toEqual(abc);
  });

  it('0x05 modexp (EIP-198 layout)', () => {
    const input = (b: bigint, e: bigint, m: bigint) =>
      Uint8Array.from([
        ...wordToBytes(1n),
        ...wordToBytes(1n),
        ...wordToBytes(1n),
        Number(b),
        Number(e),
        Number(m),
      ]);
    expect([...run(5n, input(3n, 5n, 7n))!]).toEqual([5]);
    expect([...run(5n, input(3n, 5n, 0n))!]).toEqual([0]);
    // EIP-198's example: 3^(2^256-2^32-978) mod (2^256-2^32-977) = 1 (Fermat).
    const p = (1n << 256n) - (1n << 32n) - 977n;
    const fermat = Uint8Array.from([
      ...wordToBytes(1n),
      ...wordToBytes(32n),
      ...wordToBytes(32n),
      3,
      ...wordToBytes(p - 1n),
      ...wordToBytes(p),
    ]);
    expect(bytesToWord(run(5n, fermat)!)).toBe(1n);
  });

  it('0x06 ecAdd, 0x07 ecMul, 0x08 ecPairing on bn254', () => {
    const G = bn254.G1.Point.BASE;
    const base = G.toAffine();
    const g = Uint8Array.from([...wordToBytes(base.x), ...wordToBytes(base.y)]);
    const twoG = G.double().toAffine();
    const expected = Uint8Array.from([...wordToBytes(twoG.x), ...wordToBytes(twoG.y)]);
    expect(run(6n, Uint8Array.from([...g, ...g]))).toEqual(expected);
    expect(run(7n, Uint8Array.from([...g, ...wordToBytes(2n)]))).toEqual(expected);
    expect(run(6n, new Uint8Array(0))).toEqual(new Uint8Array(64));
    expect(run(6n, Uint8Array.from([...wordToBytes(1n), ...wordToBytes(3n)]))).toBeNull();
    // e(G1, G2) * e(-G1, G2) = 1; e(G1, G2) alone is not.
    const G2 = bn254.G2.Point.BASE.toAffine();
    const g2 = Uint8Array.from([
      ...wordToBytes(G2.x.c1),
      ...wordToBytes(G2.x.c0),
      ...wordToBytes(G2.y.c1),
      ...wordToBytes(G2.y.c0),
    ]);
    const negG = G.negate().toAffine();
    const minusG = Uint8Array.from([...wordToBytes(negG.x), ...wordToBytes(negG.y)]);
    expect(bytesToWord(run(8n, Uint8Array.from([...g, ...g2, ...minusG, ...g2]))!)).toBe(1n);
    expect(bytesToWord(run(8n, Uint8Array.from([...g, ...g2]))!)).toBe(0n);
    expect(bytesToWord(run(8n, new Uint8Array(0))!)).toBe(1n);
    expect(run(8n, new Uint8Array(10))).toBeNull();
  });
});

describe('0x05 modexp, FEVM length rules', () => {
  const request = (bl: bigint, el: bigint, ml: bigint, ...data: number[]) =>
    Uint8Array.from([...wordToBytes(bl), ...wordToBytes(el), ...wordToBytes(ml), ...data]);

  it('fails when a length does not fit in a u32, answers empty for base_len = mod_len = 0', () => {
    expect(run(A.modexp, request(1n << 32n, 1n, 1n))).toBeNull();
    expect(run(A.modexp, request(0n, 5n, 0n, 1, 2, 3))).toEqual(new Uint8Array(0));
  });

  it('a modulus of 0 or 1 gives mod_len zero bytes; missing input reads as zeros', () => {
    expect([...run(A.modexp, request(1n, 1n, 3n, 2, 3, 0, 0, 1))!]).toEqual([0, 0, 0]);
    // modulus bytes 00 00 (missing) then padded: 3^1 mod 0x0500 — the modulus's missing bytes are zeros.
    expect([...run(A.modexp, request(1n, 1n, 2n, 3, 1, 5))!]).toEqual([0, 3]);
  });

  it('agrees with bigint arithmetic on long operands', () => {
    const base = 0x1234567890abcdef1234567890abcdefn;
    const exponent = 0xfedcba9876543210n;
    const modulus = (1n << 127n) - 1n;
    const input = concat(
      wordToBytes(16n),
      wordToBytes(8n),
      wordToBytes(16n),
      hexToBytes(base.toString(16).padStart(32, '0')),
      hexToBytes(exponent.toString(16).padStart(16, '0')),
      hexToBytes(modulus.toString(16).padStart(32, '0')),
    );
    let expected = 1n;
    let b = base % modulus;
    for (let e = exponent; e > 0n; e >>= 1n) {
      if (e & 1n) expected = (expected * b) % modulus;
      b = (b * b) % modulus;
    }
    expect(bytesToHex(run(A.modexp, input)!)).toBe(expected.toString(16).padStart(32, '0'));
  });
});

describe('0x09 blake2f', () => {
  // EIP-152 test vector 5: 12 rounds of "abc" as the final block.
  const vector5 =
    '0000000c48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b' +
    `616263${'00'.repeat(125)}` +
    '03000000000000000000000000000000' +
    '01';

  it('computes BLAKE2b-512("abc") when given its parameter block and 12 rounds', () => {
    expect(bytesToHex(run(A.blake2f, hexToBytes(vector5))!)).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923',
    );
  });

  it('needs exactly 213 bytes and a final flag of 0 or 1', () => {
    const input = hexToBytes(vector5);
    expect(run(A.blake2f, input.subarray(1))).toBeNull();
    expect(run(A.blake2f, concat(input, Uint8Array.of(0)))).toBeNull();
    const badFlag = input.slice();
    badFlag[212] = 2;
    expect(run(A.blake2f, badFlag)).toBeNull();
    expect(run(A.blake2f, new Uint8Array(0))).toBeNull();
  });
});

describe('BLS12-381 0x0b–0x11', () => {
  const { G1, G2 } = bls12_381;
  const fp = (value: bigint) => concat(new Uint8Array(16), hexToBytes(value.toString(16).padStart(96, '0')));
  const g1 = (point: InstanceType<typeof G1.Point>) => {
    if (point.is0()) return new Uint8Array(128);
    const { x, y } = point.toAffine();
    return concat(fp(x), fp(y));
  };
  const g2 = (point: InstanceType<typeof G2.Point>) => {
    if (point.is0()) return new Uint8Array(256);
    const { x, y } = point.toAffine();
    return concat(fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1));
  };
  const scalar = (k: bigint) => wordToBytes(k);
  const P1 = G1.Point.BASE;
  const Q1 = G2.Point.BASE;

  it('adds on G1 and G2, with infinity as all zeros', () => {
    expect(run(A.bls12G1Add, concat(g1(P1.multiply(2n)), g1(P1.multiply(3n))))).toEqual(g1(P1.multiply(5n)));
    expect(run(A.bls12G1Add, concat(g1(P1), g1(P1.negate())))).toEqual(new Uint8Array(128));
    expect(run(A.bls12G2Add, concat(g2(Q1), g2(Q1)))).toEqual(g2(Q1.double()));
    expect(run(A.bls12G2Add, new Uint8Array(512))).toEqual(new Uint8Array(256));
  });

  it('refuses wrong lengths, non-zero padding, coordinates ≥ p and points off the curve', () => {
    const good = concat(g1(P1), g1(P1));
    expect(run(A.bls12G1Add, good.subarray(1))).toBeNull();
    const padding = good.slice();
    padding[0] = 1;
    expect(run(A.bls12G1Add, padding)).toBeNull();
    expect(run(A.bls12G1Add, concat(fp(bls12_381.fields.Fp.ORDER), fp(0n), g1(P1)))).toBeNull();
    expect(run(A.bls12G1Add, concat(fp(1n), fp(1n), g1(P1)))).toBeNull();
    expect(run(A.bls12G2Add, concat(g2(Q1), fp(1n), fp(0n), fp(1n), fp(0n)))).toBeNull();
  });

  it('adds points outside the subgroup, but MSM and pairing refuse them', () => {
    // A point on E(Fp) with a small-order component: x chosen so that x³ + 4 is a square.
    const { Fp } = bls12_381.fields;
    let x = 1n;
    let y = 0n;
    for (; ; x++) {
      const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
      try {
        y = Fp.sqrt(rhs);
        if (!G1.Point.fromAffine({ x, y }).isTorsionFree()) break;
      } catch {
        // not a square: try the next x
      }
    }
    const outside = concat(fp(x), fp(y));
    expect(run(A.bls12G1Add, concat(outside, g1(P1)))).not.toBeNull();
    expect(run(A.bls12G1Msm, concat(outside, scalar(1n)))).toBeNull();
    expect(run(A.bls12PairingCheck, concat(outside, g2(Q1)))).toBeNull();
  });

  it('multi-scalar multiplication: Σ kᵢ·Pᵢ, scalars need not be reduced, zero terms vanish', () => {
    const r = G1.Point.Fn.ORDER;
    const input = concat(g1(P1), scalar(3n), g1(P1.multiply(7n)), scalar(r + 2n), g1(P1), scalar(0n));
    expect(run(A.bls12G1Msm, input)).toEqual(g1(P1.multiply(17n)));
    expect(run(A.bls12G1Msm, concat(new Uint8Array(128), scalar(5n)))).toEqual(new Uint8Array(128));
    expect(run(A.bls12G2Msm, concat(g2(Q1), scalar(2n), g2(Q1.multiply(5n)), scalar(1n)))).toEqual(
      g2(Q1.multiply(7n)),
    );
    expect(run(A.bls12G1Msm, new Uint8Array(0))).toBeNull();
    expect(run(A.bls12G2Msm, new Uint8Array(289))).toBeNull();
  });

  it('pairing check: e(aP, Q)·e(−P, aQ) = 1, a single e(P, Q) is not; empty input fails', () => {
    const yes = concat(g1(P1.multiply(6n)), g2(Q1), g1(P1.negate()), g2(Q1.multiply(6n)));
    expect(bytesToWord(run(A.bls12PairingCheck, yes)!)).toBe(1n);
    expect(bytesToWord(run(A.bls12PairingCheck, concat(g1(P1), g2(Q1)))!)).toBe(0n);
    expect(bytesToWord(run(A.bls12PairingCheck, concat(new Uint8Array(128), g2(Q1)))!)).toBe(1n);
    expect(run(A.bls12PairingCheck, new Uint8Array(0))).toBeNull();
  });

  it('maps field elements to points in the subgroup; elements ≥ p fail', () => {
    const point = run(A.bls12MapFpToG1, fp(12345n))!;
    expect(point).toHaveLength(128);
    const x = bytesToWord(point, 16, 48);
    const y = bytesToWord(point, 80, 48);
    expect(G1.Point.fromAffine({ x, y }).isTorsionFree()).toBe(true);
    expect(run(A.bls12MapFpToG1, fp(bls12_381.fields.Fp.ORDER))).toBeNull();
    expect(run(A.bls12MapFpToG1, fp(1n).subarray(1))).toBeNull();
    const g2Point = run(A.bls12MapFp2ToG2, concat(fp(1n), fp(2n)))!;
    expect(g2Point).toHaveLength(256);
    expect(run(A.bls12MapFp2ToG2, fp(1n))).toBeNull();
  });
});

describe('0x0100 P256VERIFY', () => {
  const secret = hexToBytes('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721');
  const hash = keccak_256(new TextEncoder().encode('sample'));
  const publicKey = p256.getPublicKey(secret, false);
  const signature = p256.sign(hash, secret, { prehash: false });
  const input = (sig: Uint8Array, key = publicKey.subarray(1), message = hash) => concat(message, sig, key);
  const ONE = wordToBytes(1n);

  it('a valid signature gives the word 1, a wrong one empty output', () => {
    expect(run(A.p256Verify, input(signature))).toEqual(ONE);
    const other = keccak_256(new TextEncoder().encode('other'));
    expect(run(A.p256Verify, input(signature, publicKey.subarray(1), other))).toEqual(new Uint8Array(0));
  });

  it('accepts the high-s twin of a valid signature (no malleability rule)', () => {
    const n = p256.Point.Fn.ORDER;
    const s = bytesToWord(signature, 32, 32);
    const twin = concat(signature.subarray(0, 32), wordToBytes(n - s));
    expect(run(A.p256Verify, input(twin))).toEqual(ONE);
  });

  it('rejects r or s outside [1, n), keys off the curve or at infinity, and wrong lengths', () => {
    const n = p256.Point.Fn.ORDER;
    const zeroR = concat(new Uint8Array(32), signature.subarray(32));
    const bigS = concat(signature.subarray(0, 32), wordToBytes(n));
    expect(run(A.p256Verify, input(zeroR))).toEqual(new Uint8Array(0));
    expect(run(A.p256Verify, input(bigS))).toEqual(new Uint8Array(0));
    const offCurve = publicKey.slice(1);
    offCurve[63]! ^= 1;
    expect(run(A.p256Verify, input(signature, offCurve))).toEqual(new Uint8Array(0));
    expect(run(A.p256Verify, input(signature, new Uint8Array(64)))).toEqual(new Uint8Array(0));
    expect(run(A.p256Verify, input(signature).subarray(1))).toEqual(new Uint8Array(0));
    expect(run(A.p256Verify, concat(input(signature), Uint8Array.of(0)))).toEqual(new Uint8Array(0));
  });
});
