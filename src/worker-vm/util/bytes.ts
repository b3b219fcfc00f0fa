// Byte helpers: the well-kept ones come from @noble; only what they lack is written here.

export { bytesToNumberBE, equalBytes, numberToBytesBE } from '@noble/curves/utils.js';
export { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** Big-endian bytes of a non-negative integer without leading zeros (zero → empty). */
export function minimalBytesBE(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Reads a big-endian unsigned integer of any length (empty → 0). */
export function readUintBE(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}
