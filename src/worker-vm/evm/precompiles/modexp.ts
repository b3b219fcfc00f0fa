import { bigIntToBytes, bytesToBigInt, padded, wordAt } from './input';
import { EMPTY, type Precompile } from './types';

/**
 * Lengths beyond this are refused (a failure) instead of attempted: the real actor would spend more gas
 * than a block holds (the FEVM host charges its estimate before calling, so it runs out of gas first),
 * and Ethereum charges prohibitive gas for them.
 */
export const MODEXP_MAX_LENGTH = 1 << 20;

/** The three lengths of a modexp request; null when one does not fit in a u32 (FEVM spec 10.10). */
export function modexpLengths(input: Uint8Array): { base: number; exponent: number; modulus: number } | null {
  const base = wordAt(input, 0);
  const exponent = wordAt(input, 32);
  const modulus = wordAt(input, 64);
  if (base >> 32n !== 0n || exponent >> 32n !== 0n || modulus >> 32n !== 0n) return null;
  return { base: Number(base), exponent: Number(exponent), modulus: Number(modulus) };
}

/**
 * 0x05 (EIP-198): base^exponent mod modulus as `modulus length` bytes. base_len = mod_len = 0 gives empty
 * output; a modulus of 0 or 1 gives zeros (FEVM spec 10.10; the same outputs as Ethereum).
 */
export const modexp: Precompile = (input) => {
  const lengths = modexpLengths(input);
  if (lengths === null) return null;
  const { base: bl, exponent: el, modulus: ml } = lengths;
  if (bl > MODEXP_MAX_LENGTH || el > MODEXP_MAX_LENGTH || ml > MODEXP_MAX_LENGTH) return null;
  if (bl === 0 && ml === 0) return EMPTY;
  const modulus = bytesToBigInt(padded(input, 96 + bl + el, ml));
  if (modulus <= 1n) return new Uint8Array(ml);
  const base = bytesToBigInt(padded(input, 96, bl)) % modulus;
  const exponent = padded(input, 96 + bl, el);
  return bigIntToBytes(powMod(base, exponent, modulus), ml);
};

/** Left-to-right square-and-multiply over the exponent's bytes (no shifts of a huge exponent). */
function powMod(base: bigint, exponent: Uint8Array, modulus: bigint): bigint {
  let result = 1n;
  let started = false;
  for (const byte of exponent) {
    for (let bit = 7; bit >= 0; bit--) {
      if (started) result = (result * result) % modulus;
      if ((byte >> bit) & 1) {
        result = (result * base) % modulus;
        started = true;
      }
    }
  }
  return result % modulus;
}
