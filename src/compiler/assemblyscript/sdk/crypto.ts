// Hashing through crypto.hash (spec 2.4): the host computes the digest and charges per byte (sha2-256 7,
// blake2b 10, keccak-256 33, ripemd-160 35 gas per byte).
import { abort, check, ExitCode } from "./errors";
import { crypto_hash, SCRATCH } from "./sys";

/** Multihash codes the FVM hashes with. */
export const SHA2_256: u64 = 0x12;
export const KECCAK_256: u64 = 0x1b;
export const RIPEMD_160: u64 = 0x1053;
export const BLAKE2B_256: u64 = 0xb220;
export const BLAKE2B_512: u64 = 0xb240;

/** The digest of `data` with the hash `code`, truncated to `size` bytes. */
export function hash(code: u64, data: Uint8Array, size: i32): Uint8Array {
  if (size < 0 || size > 64) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "a digest has 0 to 64 bytes");
  const digest = new Uint8Array(size);
  check(crypto_hash(SCRATCH, code, data.dataStart, <u32>data.length, digest.dataStart, <u32>size), "crypto.hash");
  return digest.slice(0, <i32>load<u32>(SCRATCH));
}

export function sha256(data: Uint8Array): Uint8Array {
  return hash(SHA2_256, data, 32);
}

export function keccak256(data: Uint8Array): Uint8Array {
  return hash(KECCAK_256, data, 32);
}

export function blake2b256(data: Uint8Array): Uint8Array {
  return hash(BLAKE2B_256, data, 32);
}

export function blake2b512(data: Uint8Array): Uint8Array {
  return hash(BLAKE2B_512, data, 64);
}

export function ripemd160(data: Uint8Array): Uint8Array {
  return hash(RIPEMD_160, data, 20);
}

/** The UTF-8 bytes of a string (to hash text). */
export function utf8(text: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(text));
}
