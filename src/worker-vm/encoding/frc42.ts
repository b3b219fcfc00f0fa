import { blake2b } from '@noble/hashes/blake2.js';
import { invalidInput } from '../errors';
import { utf8ToBytes } from '../util/bytes';

/** Method numbers below this are reserved for built-in conventions (FRC-0042). */
export const FIRST_EXPORTED_METHOD_NUMBER = 1 << 24;

/**
 * FRC-0042 method number: the first 4-byte big-endian word of blake2b-512("1|" ‖ name) that is at least
 * 2^24 (spec 9.1).
 */
export function methodNumber(name: string): number {
  if (!/^[A-Z_][A-Za-z0-9_]*$/.test(name)) {
    throw invalidInput(`"${name}" is not a valid FRC-42 method name (a capitalised identifier)`);
  }
  const digest = blake2b(utf8ToBytes(`1|${name}`), { dkLen: 64 });
  const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
  for (let offset = 0; offset + 4 <= digest.length; offset += 4) {
    const word = view.getUint32(offset);
    if (word >= FIRST_EXPORTED_METHOD_NUMBER) return word;
  }
  throw invalidInput(`no FRC-42 method number for "${name}"`);
}
