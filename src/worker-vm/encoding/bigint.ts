import { malformed } from '../errors';
import { minimalBytesBE, readUintBE } from '../util/bytes';

/** Largest serialized BigInt the FVM accepts (spec 7.2). */
const MAX_BIGINT_BYTES = 128;

/**
 * Filecoin's BigInt wire form (spec 7.2), used for TokenAmount: empty bytes for zero, otherwise a sign
 * byte (0x00 positive, 0x01 negative) followed by the big-endian magnitude without leading zeros.
 */
export function encodeBigInt(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  const magnitude = minimalBytesBE(value < 0n ? -value : value);
  const out = new Uint8Array(magnitude.length + 1);
  out[0] = value < 0n ? 1 : 0;
  out.set(magnitude, 1);
  if (out.length > MAX_BIGINT_BYTES) throw malformed(`a BigInt has at most ${MAX_BIGINT_BYTES} bytes`);
  return out;
}

export function decodeBigInt(bytes: Uint8Array, where = 'BigInt'): bigint {
  if (bytes.length === 0) return 0n;
  if (bytes.length > MAX_BIGINT_BYTES) throw malformed(`longer than ${MAX_BIGINT_BYTES} bytes`, where);
  const sign = bytes[0];
  if (sign !== 0 && sign !== 1) throw malformed(`sign byte must be 0 or 1, not ${sign}`, where);
  const magnitude = readUintBE(bytes.subarray(1));
  return sign === 1 ? -magnitude : magnitude;
}

/** attoFIL per FIL. */
export const ATTO_PER_FIL = 10n ** 18n;

/** Formats attoFIL as FIL with up to 18 decimals, trailing zeros trimmed ("1.5", "0.000000000000000001"). */
export function formatFil(atto: bigint): string {
  const negative = atto < 0n;
  const abs = negative ? -atto : atto;
  const whole = abs / ATTO_PER_FIL;
  const fraction = (abs % ATTO_PER_FIL).toString().padStart(18, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
