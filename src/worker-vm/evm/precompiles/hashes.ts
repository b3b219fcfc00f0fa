import { ripemd160 as ripemd } from '@noble/hashes/legacy.js';
import { sha256 as sha } from '@noble/hashes/sha2.js';
import type { Precompile } from './types';

/** 0x02: SHA2-256 of the input. */
export const sha256: Precompile = (input) => sha(input);

/** 0x03: RIPEMD-160 of the input, left-padded to 32 bytes. */
export const ripemd160: Precompile = (input) => {
  const out = new Uint8Array(32);
  out.set(ripemd(input), 12);
  return out;
};

/** 0x04: the input itself. */
export const identity: Precompile = (input) => input.slice();
