import { invalidInput } from '../errors';
import { ATTO_PER_FIL } from './bigint';

/**
 * Parses an amount: "1.5 FIL", "2FIL", "100 attoFIL", or a bare integer (attoFIL). FIL amounts take up to
 * 18 decimals; negative amounts are refused.
 */
export function parseFilAmount(text: string | number | bigint, where = 'amount'): bigint {
  if (typeof text === 'bigint') {
    if (text < 0n) throw invalidInput('amounts cannot be negative', where);
    return text;
  }
  if (typeof text === 'number') {
    if (!Number.isSafeInteger(text) || text < 0)
      throw invalidInput(`${text} is not a whole number of attoFIL`, where);
    return BigInt(text);
  }
  const match = /^\s*(\d+)(?:\.(\d+))?\s*(fil|attofil|afil)?\s*$/i.exec(text);
  if (!match) throw invalidInput(`"${text}" is not an amount (e.g. "1.5 FIL" or "1000 attoFIL")`, where);
  const [, whole, fraction = '', unit = 'attofil'] = match;
  if (unit.toLowerCase() === 'fil') {
    if (fraction.length > 18) throw invalidInput('FIL has at most 18 decimals', where);
    return BigInt(whole!) * ATTO_PER_FIL + BigInt(fraction.padEnd(18, '0') || '0');
  }
  if (fraction) throw invalidInput('attoFIL amounts are whole numbers', where);
  return BigInt(whole!);
}
