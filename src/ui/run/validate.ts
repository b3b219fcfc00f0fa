import type { AbiParameter } from 'viem';
import { parseFilAmount } from '../../worker-vm/encoding/fil';
import {
  type FieldError,
  type FormValue,
  paramLabel,
  parseAbiArgs,
} from '../../worker-vm/session/abi/abiInput';
import { parseTypedAddress } from '../../worker-vm/session/abi/addressArgs';

/** The block gas limit: no message may ask for more (spec 5.7). */
export const BLOCK_GAS_LIMIT = 10_000_000_000;

export type FilUnit = 'FIL' | 'attoFIL';

/** Errors by field name, as forms show them (one message per field). */
export type FieldMessages = Record<string, string>;

/** The amount a form sends, as the worker takes it (`"1.5 FIL"`), or the problem with it. */
export function checkValue(text: string, unit: FilUnit): { value: string } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0') return { value: '0' };
  try {
    parseFilAmount(`${trimmed} ${unit}`);
    return { value: `${trimmed} ${unit}` };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^amount: /, '') : String(error);
    return { error: message };
  }
}

/** A gas limit field: empty means "estimate by a dry run". */
export function checkGasLimit(text: string): { gasLimit: number | null } | { error: string } {
  const trimmed = text.trim().replace(/[_,]/g, '');
  if (trimmed === '') return { gasLimit: null };
  if (!/^\d+$/.test(trimmed)) return { error: 'a whole number of gas, or empty to estimate' };
  const gasLimit = Number(trimmed);
  if (gasLimit < 1 || gasLimit > BLOCK_GAS_LIMIT)
    return { error: `from 1 to ${BLOCK_GAS_LIMIT.toLocaleString('en-US')} (the block gas limit)` };
  return { gasLimit };
}

/** Checks an address field the way the worker will read it (any Filecoin form, or 0x). */
export function checkAddress(text: string): string | undefined {
  try {
    parseTypedAddress(text, 'address');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^address: /, '') : String(error);
  }
}

/** Checks hex bytes (`0x…`, even length); empty is allowed when `optional`. */
export function checkHex(text: string, optional = false): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '0x') return optional ? undefined : 'hex bytes are required (0x…)';
  if (!/^0x/i.test(trimmed)) return 'hex bytes start with 0x';
  if (!/^0x[0-9a-fA-F]*$/.test(trimmed)) return 'not hex: use only 0-9 and a-f after 0x';
  if (trimmed.length % 2 !== 0) return 'hex needs an even number of digits (two per byte)';
  return undefined;
}

/**
 * Puts errors (from local parsing, or from the worker as `args.<path>`) on the form's top-level fields:
 * a problem deep inside a list or tuple shows at its field with its path (`amounts[2]: …`).
 */
export function argumentErrors(
  inputs: readonly AbiParameter[],
  errors: readonly FieldError[],
  prefix = '',
): FieldMessages {
  const messages: FieldMessages = {};
  const labels = inputs.map((param, i) => paramLabel(param, i));
  for (const error of errors) {
    if (!error.path.startsWith(prefix)) continue;
    const path = error.path.slice(prefix.length);
    const field = labels.find(
      (label) => path === label || path.startsWith(`${label}[`) || path.startsWith(`${label}.`),
    );
    const key = field ?? path;
    if (messages[key]) continue;
    messages[key] = path === key ? error.message : `${path}: ${error.message}`;
  }
  return messages;
}

/** Local check of a call's arguments (addresses are resolved later, by the worker). */
export function checkArguments(inputs: readonly AbiParameter[], values: readonly FormValue[]): FieldMessages {
  const parsed = parseAbiArgs(inputs, values);
  return parsed.ok ? {} : argumentErrors(inputs, parsed.errors);
}
