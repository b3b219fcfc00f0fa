import { readFileSync } from 'node:fs';
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bn254 } from '@noble/curves/bn254.js';
import { p256 } from '@noble/curves/nist.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrecompileAddress as A, ETHEREUM_PRECOMPILES } from '../../src/worker-vm/evm/precompiles';

// Our precompiles against published vectors (EIP-152, EIP-2537) and, for random inputs, against
// @ethereumjs/evm's implementations in the same run (Osaka: every precompile including BLS12-381 and
// P256VERIFY). A failure on one side must be a failure on the other; outputs must be byte-equal.

interface Vector {
  address: string;
  name: string;
  input: string;
  expected: string | null;
}
const vectors = (
  JSON.parse(readFileSync(new URL('./vectors/precompiles.json', import.meta.url), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

const ours = (address: bigint, input: Uint8Array) => ETHEREUM_PRECOMPILES.get(address)!(input);

let evm: EVM;
let common: Common;
beforeAll(async () => {
  common = new Common({ chain: Mainnet, hardfork: Hardfork.Osaka });
  evm = await createEVM({ common });
});

async function theirs(address: bigint, data: Uint8Array): Promise<Uint8Array | null> {
  const precompile = evm.getPrecompile(`0x${address.toString(16).padStart(40, '0')}`);
  if (!precompile) throw new Error(`ethereumjs has no precompile at ${address}`);
  const result = await precompile({ data, gasLimit: 10n ** 15n, common, _EVM: evm });
  return result.exceptionError ? null : result.returnValue;
}

const hex = (bytes: Uint8Array | null) => (bytes === null ? 'failure' : bytesToHex(bytes));

async function agree(address: bigint, input: Uint8Array): Promise<void> {
  expect(hex(ours(address, input)), `input ${bytesToHex(input)}`).toBe(hex(await theirs(address, input)));
}

describe('published vectors', () => {
  it.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
    const output = ours(BigInt(vector.address), hexToBytes(vector.input));
    expect(output === null ? null : bytesToHex(output)).toBe(vector.expected);
  });
});

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const word = (value: bigint, length = 32) => hexToBytes(value.toString(16).padStart(2 * length, '0'));
/** Sometimes flips one byte of a valid input, to exercise the failure paths on both sides. */
const maybeCorrupt = (input: Uint8Array, at: number | null) => {
  if (at === null || input.length === 0) return input;
  const copy = input.slice();
  copy[at % copy.length]! ^= 0x5a;
  return copy;
};
const corruption = fc.option(fc.nat(), { freq: 3 });

describe('agreement with @ethereumjs/evm on random inputs', () => {
  it('0x01 ecRecover', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.nat(),
        corruption,
        async (hash, key, at) => {
          const secret = word(BigInt(key + 1));
          const sig = secp256k1.sign(hash, secret, { prehash: false, format: 'recovered' });
          const input = concat(hash, word(27n + BigInt(sig[0]!)), sig.subarray(1));
          await agree(A.ecRecover, maybeCorrupt(input, at));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('0x05 modexp', async () => {
    const request = fc
      .tuple(
        fc.uint8Array({ maxLength: 40 }),
        fc.uint8Array({ maxLength: 8 }),
        fc.uint8Array({ maxLength: 40 }),
        fc.integer({ min: -3, max: 3 }),
      )
      .map(([b, e, m, cut]) => {
        const full = concat(word(BigInt(b.length)), word(BigInt(e.length)), word(BigInt(m.length)), b, e, m);
        return cut < 0 ? full.subarray(0, Math.max(0, full.length + cut * 7)) : full;
      });
    await fc.assert(
      fc.asyncProperty(request, (input) => agree(A.modexp, input)),
      { numRuns: 60 },
    );
  });

  it('0x06 ecAdd, 0x07 ecMul (bn254)', async () => {
    const G = bn254.G1.Point.BASE;
    const point = (k: bigint) => {
      if (k === 0n) return new Uint8Array(64);
      const { x, y } = G.multiply(k).toAffine();
      return concat(word(x), word(y));
    };
    const scalar = fc.bigInt({ min: 0n, max: bn254.G1.Point.Fn.ORDER - 1n });
    await fc.assert(
      fc.asyncProperty(
        scalar,
        scalar,
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        corruption,
        async (a, b, k, at) => {
          await agree(A.ecAdd, maybeCorrupt(concat(point(a), point(b)), at));
          await agree(A.ecMul, maybeCorrupt(concat(point(a), word(k)), at));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('0x09 blake2f', async () => {
    const input = fc
      .tuple(
        fc.integer({ min: 0, max: 300 }),
        fc.uint8Array({ minLength: 208, maxLength: 208 }),
        fc.constantFrom(0, 1, 1, 0, 2, 255),
        fc.integer({ min: -1, max: 1 }),
      )
      .map(([rounds, body, flag, length]) => {
        const full = concat(word(BigInt(rounds), 4), body, Uint8Array.of(flag));
        return length < 0 ? full.subarray(1) : length > 0 ? concat(full, Uint8Array.of(0)) : full;
      });
    await fc.assert(
      fc.asyncProperty(input, (data) => agree(A.blake2f, data)),
      { numRuns: 60 },
    );
  });

  const { G1, G2, fields } = bls12_381;
  const fp = (value: bigint) => concat(new Uint8Array(16), word(value, 48));
  const g1 = (k: bigint) => {
    if (k === 0n) return new Uint8Array(128);
    const { x, y } = G1.Point.BASE.multiply(k).toAffine();
    return concat(fp(x), fp(y));
  };
  const g2 = (k: bigint) => {
    if (k === 0n) return new Uint8Array(256);
    const { x, y } = G2.Point.BASE.multiply(k).toAffine();
    return concat(fp(x.c0), fp(x.c1), fp(y.c0), fp(y.c1));
  };
  const blsScalar = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: G1.Point.Fn.ORDER - 1n }));
  const anyScalar = fc.bigInt({ min: 0n, max: (1n << 256n) - 1n });

  it('0x0b BLS12_G1ADD, 0x0c BLS12_G1MSM', async () => {
    await fc.assert(
      fc.asyncProperty(blsScalar, blsScalar, anyScalar, anyScalar, corruption, async (a, b, s, t, at) => {
        await agree(A.bls12G1Add, maybeCorrupt(concat(g1(a), g1(b)), at));
        await agree(A.bls12G1Msm, maybeCorrupt(concat(g1(a), word(s), g1(b), word(t)), at));
      }),
      { numRuns: 15 },
    );
  });

  it('0x0d BLS12_G2ADD, 0x0e BLS12_G2MSM', async () => {
    await fc.assert(
      fc.asyncProperty(blsScalar, blsScalar, anyScalar, corruption, async (a, b, s, at) => {
        await agree(A.bls12G2Add, maybeCorrupt(concat(g2(a), g2(b)), at));
        await agree(A.bls12G2Msm, maybeCorrupt(concat(g2(a), word(s)), at));
      }),
      { numRuns: 8 },
    );
  });

  it('0x0f BLS12_PAIRING_CHECK', async () => {
    await fc.assert(
      fc.asyncProperty(blsScalar, blsScalar, fc.boolean(), corruption, async (a, b, balanced, at) => {
        // Balanced inputs are e(a·P, b·Q)·e(−(ab)·P, Q) = 1; the others are almost surely not 1.
        const r = G1.Point.Fn.ORDER;
        const second = balanced ? concat(g1((r - ((a * b) % r)) % r), g2(1n)) : concat(g1(b), g2(a));
        await agree(A.bls12PairingCheck, maybeCorrupt(concat(g1(a), g2(b), second), at));
      }),
      { numRuns: 4 },
    );
  });

  it('0x10 BLS12_MAP_FP_TO_G1, 0x11 BLS12_MAP_FP2_TO_G2', async () => {
    const element = fc.bigInt({ min: 0n, max: fields.Fp.ORDER + 5n });
    await fc.assert(
      fc.asyncProperty(element, element, async (u, v) => {
        await agree(A.bls12MapFpToG1, fp(u));
        await agree(A.bls12MapFp2ToG2, concat(fp(u), fp(v)));
      }),
      { numRuns: 8 },
    );
  });

  it('0x0100 P256VERIFY', async () => {
    const n = p256.Point.Fn.ORDER;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 1n, max: n - 1n }),
        fc.constantFrom('valid', 'high-s', 'other message', 'zero r', 'length'),
        corruption,
        async (hash, key, variant, at) => {
          const secret = word(key);
          const sig = p256.sign(hash, secret, { prehash: false });
          const publicKey = p256.getPublicKey(secret, false).subarray(1);
          let r = sig.subarray(0, 32);
          let s = sig.subarray(32);
          if (variant === 'high-s') s = word(n - BigInt(`0x${bytesToHex(s)}`));
          if (variant === 'zero r') r = new Uint8Array(32);
          const message = variant === 'other message' ? hash.map((b) => b ^ 1) : hash;
          let input = maybeCorrupt(concat(message, r, s, publicKey), at);
          if (variant === 'length') input = input.subarray(1);
          await agree(A.p256Verify, input);
        },
      ),
      { numRuns: 30 },
    );
  });
});
