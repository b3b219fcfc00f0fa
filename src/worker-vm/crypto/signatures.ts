import { bls12_381 } from '@noble/curves/bls12-381.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Address, Protocol } from '../address';
import { blake2b256 } from './hash';

/** Signature types in Filecoin (spec 5.1, 8.4). */
export const SignatureType = { Secp256k1: 1, BLS: 2, Delegated: 3 } as const;

/**
 * Recovers the 65-byte uncompressed public key from a 32-byte hash and a 65-byte signature r‖s‖v
 * (v ∈ {0, 1}). Returns undefined when the signature is not valid for any key.
 */
export function recoverSecpPublicKey(hash: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  if (hash.length !== 32 || signature.length !== 65) return undefined;
  const recovery = signature[64]!;
  if (recovery > 3) return undefined;
  try {
    const sig = secp256k1.Signature.fromBytes(signature.subarray(0, 64), 'compact').addRecoveryBit(recovery);
    return sig.recoverPublicKey(hash).toBytes(false);
  } catch {
    return undefined;
  }
}

/** Signs a 32-byte hash with a secp256k1 key, producing Filecoin's r‖s‖v layout. */
export function signSecpHash(hash: Uint8Array, secretKey: Uint8Array): Uint8Array {
  const recovered = secp256k1.sign(hash, secretKey, { prehash: false, format: 'recovered' });
  // noble's "recovered" format puts the recovery byte first; Filecoin puts it last.
  const out = new Uint8Array(65);
  out.set(recovered.subarray(1), 0);
  out[64] = recovered[0]!;
  return out;
}

export function secpPublicKey(secretKey: Uint8Array): Uint8Array {
  return secp256k1.getPublicKey(secretKey, false);
}

/**
 * Filecoin signature verification (spec 2.4 `crypto.verify_signature`): secp256k1 signs blake2b-256 of the
 * plaintext and is checked by recovering the f1 address; BLS uses G1 keys and G2 signatures.
 */
export function verifySignature(
  type: number,
  signature: Uint8Array,
  signer: Address,
  plaintext: Uint8Array,
): boolean {
  if (type === SignatureType.Secp256k1) {
    if (signer.protocol !== Protocol.Secp256k1) return false;
    const key = recoverSecpPublicKey(blake2b256(plaintext), signature);
    return key !== undefined && Address.newSecp256k1(key).equals(signer);
  }
  if (type === SignatureType.BLS) {
    if (signer.protocol !== Protocol.BLS || signature.length !== 96) return false;
    try {
      const bls = bls12_381.longSignatures;
      return bls.verify(bls.Signature.fromBytes(signature), bls.hash(plaintext), signer.payload);
    } catch {
      return false;
    }
  }
  return false;
}

/** BLS aggregate verification over distinct plaintexts (spec 2.4 `crypto.verify_bls_aggregate`). */
export function verifyBlsAggregate(
  signature: Uint8Array,
  publicKeys: Uint8Array[],
  plaintexts: Uint8Array[],
): boolean {
  if (publicKeys.length !== plaintexts.length) return false;
  if (publicKeys.length === 0) return true;
  const seen = new Set<string>();
  for (const text of plaintexts) {
    const key = Array.from(text).join(',');
    if (seen.has(key)) return false;
    seen.add(key);
  }
  try {
    const bls = bls12_381.longSignatures;
    const zero = bls12_381.G1.Point.ZERO;
    const items = publicKeys.map((publicKey, i) => {
      const point = bls12_381.G1.Point.fromBytes(publicKey);
      if (point.equals(zero)) throw new Error('identity public key');
      return { publicKey: point, message: bls.hash(plaintexts[i]!) };
    });
    return bls.verifyBatch(bls.Signature.fromBytes(signature), items);
  } catch {
    return false;
  }
}
