import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Address } from '../address';
import { ethToFilecoin, formatEthAddress } from '../address/ethereum';
import { blake2b256, keccak256 } from '../crypto/hash';
import { bytesToHex, utf8ToBytes } from '../util/bytes';

/** A secp256k1 key pair the playground holds for a genesis account (for signing and wallets). */
export interface KeyPair {
  readonly privateKey: Uint8Array;
  /** 65-byte uncompressed public key. */
  readonly publicKey: Uint8Array;
}

/** Deterministic key number `index` of a kind, from the genesis seed. */
export function deriveKey(seed: string, kind: 'secp256k1' | 'eth', index: number): KeyPair {
  let candidate = blake2b256(utf8ToBytes(`fvm-playground/key/${kind}/${seed}/${index}`));
  // A hash is a valid secret key with overwhelming probability; re-hash in the vanishing other case.
  while (!secp256k1.utils.isValidSecretKey(candidate)) candidate = blake2b256(candidate);
  return { privateKey: candidate, publicKey: secp256k1.getPublicKey(candidate, false) };
}

/** f1 address of a key. */
export const secpAddress = (key: KeyPair) => Address.newSecp256k1(key.publicKey);

/** Ethereum address of a key: keccak256 of the 64-byte public key, last 20 bytes. */
export const ethAddressOf = (key: KeyPair) => keccak256(key.publicKey.subarray(1)).slice(12);

export const f410AddressOf = (key: KeyPair) => ethToFilecoin(ethAddressOf(key));

export const describeKey = (key: KeyPair) => ({
  privateKey: `0x${bytesToHex(key.privateKey)}`,
  ethAddress: formatEthAddress(ethAddressOf(key)),
});
