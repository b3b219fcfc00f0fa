import { blake2b } from '@noble/hashes/blake2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak256 } from './keccak';

/** Multihash codes the `crypto.hash` syscall supports (spec 2.4). */
export const HashCode = {
  Sha2_256: 0x12,
  Keccak256: 0x1b,
  Ripemd160: 0x1053,
  Blake2b256: 0xb220,
  Blake2b512: 0xb240,
} as const;

const hashers = new Map<number, (data: Uint8Array) => Uint8Array>([
  [HashCode.Sha2_256, (data) => sha256(data)],
  [HashCode.Keccak256, keccak256],
  [HashCode.Ripemd160, (data) => ripemd160(data)],
  [HashCode.Blake2b256, (data) => blake2b(data, { dkLen: 32 })],
  [HashCode.Blake2b512, (data) => blake2b(data, { dkLen: 64 })],
]);

/** Whether `crypto.hash` supports this multihash code. */
export const isSupportedHash = (code: number): boolean => hashers.has(code);

/** The full digest, or undefined for an unsupported code. */
export function digest(code: number, data: Uint8Array): Uint8Array | undefined {
  return hashers.get(code)?.(data);
}

export const blake2b256 = (data: Uint8Array) => blake2b(data, { dkLen: 32 });
export { keccak256 };
