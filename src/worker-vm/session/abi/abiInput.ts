import type { AbiParameter } from 'viem';
import { PlaygroundError } from '../../errors';
import {
  type ActorResolver,
  actorIdArg,
  ethAddressArg,
  filAddressBytesArg,
  parseTypedAddress,
} from './addressArgs';
import { type ListItem, ListSyntaxError, parseList } from './listSyntax';

/**
 * What a form holds for one ABI parameter: text, or (for a tuple shown as one field per component) a list
 * of the components' values. Plain data, so a form's inputs can be stored and replayed (live mode).
 */
export type FormValue = string | readonly FormValue[];

/** A problem with one field: `path` names it as the form shows it (`amounts[2]`, `order.maker`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export type ParsedArgs = { ok: true; args: unknown[] } | { ok: false; errors: FieldError[] };

export interface ParseOptions {
  /**
   * Resolves f1/f2/f3 addresses to actor IDs (the worker passes the state tree's lookup). Without it,
   * such addresses are only checked for form, and their value is left undefined.
   */
  resolve?: ActorResolver;
}

/** Parses a form's values for `params` into viem-ready arguments, collecting every field's problem. */
export function parseAbiArgs(
  params: readonly AbiParameter[],
  values: readonly FormValue[],
  options: ParseOptions = {},
): ParsedArgs {
  const errors: FieldError[] = [];
  const args = params.map((param, i) => {
    const path = paramLabel(param, i);
    try {
      return parseValue(param, values[i] ?? '', path, options, undefined);
    } catch (error) {
      errors.push(toFieldError(error, path));
      return undefined;
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, args };
}

/** The label a form uses for a parameter: its name, or `arg<i>` when it has none. */
export const paramLabel = (param: AbiParameter, index: number) =>
  param.name && param.name.length > 0 ? param.name : `arg${index}`;

/** Parses one value (also used by single-field validation while typing). */
export function parseAbiValue(
  param: AbiParameter,
  value: FormValue,
  path: string,
  options: ParseOptions = {},
) {
  return parseValue(param, value, path, options, undefined);
}

function toFieldError(error: unknown, fallbackPath: string): FieldError {
  if (error instanceof PlaygroundError) {
    const where = error.where ?? fallbackPath;
    const message = error.where ? error.message.slice(error.where.length + 2) : error.message;
    return { path: where, message };
  }
  return { path: fallbackPath, message: error instanceof Error ? error.message : String(error) };
}

class FieldProblem extends PlaygroundError {
  constructor(message: string, path: string) {
    super('InvalidInput', message, path);
  }
}

const fail = (message: string, path: string): never => {
  throw new FieldProblem(message, path);
};

/** Splits `uint256[3][]` into the element type and the outermost dimension (`[]` or `[3]`). */
function arrayParts(type: string): { element: string; length: number | undefined } | undefined {
  const match = /^(.*)\[(\d*)\]$/.exec(type);
  if (!match) return undefined;
  return { element: match[1]!, length: match[2] === '' ? undefined : Number(match[2]) };
}

function parseValue(
  param: AbiParameter,
  value: FormValue,
  path: string,
  options: ParseOptions,
  parent: AbiParameter | undefined,
): unknown {
  const type = param.type;
  const array = arrayParts(type);
  if (array) {
    const items = listOf(value, path);
    if (array.length !== undefined && items.length !== array.length)
      fail(
        `needs exactly ${array.length} element${array.length === 1 ? '' : 's'}, got ${items.length}`,
        path,
      );
    const element: AbiParameter = { ...param, type: array.element };
    return items.map((item, i) => parseValue(element, item, `${path}[${i}]`, options, parent));
  }
  if (type === 'tuple') {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    const items = listOf(value, path);
    if (items.length !== components.length)
      fail(
        `a tuple of ${components.length} field${components.length === 1 ? '' : 's'}, got ${items.length}`,
        path,
      );
    return components.map((component, i) =>
      parseValue(component, items[i]!, `${path}.${paramLabel(component, i)}`, options, param),
    );
  }
  if (typeof value !== 'string') return fail(`${type} takes text, not a list`, path);
  if (type === 'address') {
    const typed = parseTypedAddress(value, path);
    return ethAddressArg(typed, path, options.resolve);
  }
  if (type === 'bool') return parseBool(value, path);
  if (type === 'string') return value;
  if (type === 'bytes') {
    if (isFilAddressStruct(parent) && !/^\s*0x/i.test(value))
      return filAddressBytesArg(parseTypedAddress(value, path), path);
    return parseHex(value, path, undefined);
  }
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) return parseHex(value, path, Number(fixedBytes[1]));
  const integer = /^(u?)int(\d*)$/.exec(type);
  if (integer) {
    const bits = integer[2] === '' ? 256 : Number(integer[2]);
    if (integer[1] === 'u' && bits === 64 && isActorIdType(param) && /^\s*[ft]\d/.test(value))
      return actorIdArg(parseTypedAddress(value, path), path, options.resolve);
    return parseInteger(value, path, integer[1] === 'u', bits);
  }
  return fail(`the ${type} type is not supported in forms; use raw calldata`, path);
}

const isFilAddressStruct = (param: AbiParameter | undefined) =>
  param?.type === 'tuple' && /\bFilAddress$/.test(param.internalType ?? '');

const isActorIdType = (param: AbiParameter) => /\bFilActorId$/.test(param.internalType ?? '');

function listOf(value: FormValue, path: string): readonly FormValue[] {
  if (typeof value !== 'string') return value;
  try {
    return parseList(value) as readonly ListItem[];
  } catch (error) {
    if (error instanceof ListSyntaxError)
      return fail(`${error.message}; write a list like [1, 2] or ["a", "b"]`, path);
    throw error;
  }
}

function parseBool(text: string, path: string): boolean {
  const word = text.trim().toLowerCase();
  if (word === 'true' || word === '1') return true;
  if (word === 'false' || word === '0') return false;
  return fail('must be true or false', path);
}

function parseHex(text: string, path: string, size: number | undefined): `0x${string}` {
  const trimmed = text.trim();
  if (!/^0x/i.test(trimmed)) return fail('hex bytes start with 0x', path);
  const body = trimmed.slice(2);
  if (!/^[0-9a-fA-F]*$/.test(body)) return fail('not hex: use only 0-9 and a-f after 0x', path);
  if (body.length % 2 !== 0) return fail('hex needs an even number of digits (two per byte)', path);
  if (size !== undefined && body.length !== size * 2)
    return fail(
      `bytes${size} needs exactly ${size} byte${size === 1 ? '' : 's'} (${size * 2} hex digits), got ${body.length / 2}`,
      path,
    );
  return `0x${body.toLowerCase()}`;
}

/** Decimal units a number may carry: `1.5 ether`, `2 FIL` (18 decimals), `3 gwei`. */
const UNITS: Record<string, number> = {
  wei: 0,
  attofil: 0,
  gwei: 9,
  nanofil: 9,
  ether: 18,
  eth: 18,
  fil: 18,
};

/**
 * Integers: decimal (`1_000`), hex (`0xff`), scientific (`1e18`, exact only) or with a unit (`1.5 ether`,
 * `2 FIL`); the result must fit the type (`uint8` is 0 to 255).
 */
export function parseInteger(text: string, path: string, unsigned: boolean, bits: number): bigint {
  const trimmed = text.trim().replace(/_/g, '');
  if (trimmed.length === 0) return fail('a number is required', path);
  let value: bigint;
  const hex = /^(-?)0x([0-9a-fA-F]+)$/.exec(trimmed);
  const decimal = /^(-?)(\d+)(?:\.(\d+))?(?:e(\d+))?(?:\s*([a-zA-Z]+))?$/.exec(trimmed);
  if (hex) value = (hex[1] ? -1n : 1n) * BigInt(`0x${hex[2]}`);
  else if (decimal) {
    const [, sign, whole, fraction = '', exponent = '0', unit] = decimal;
    let scale = Number(exponent);
    if (unit !== undefined) {
      const decimals = UNITS[unit.toLowerCase()];
      if (decimals === undefined) return fail(`unknown unit "${unit}" (use wei, gwei, ether or FIL)`, path);
      scale += decimals;
    }
    if (fraction.length > scale) return fail('not a whole number', path);
    value = BigInt(whole! + fraction.padEnd(scale, '0')) * (sign ? -1n : 1n);
  } else return fail('not a number: write 123, 0x7b, 1e18 or 1.5 ether', path);
  const min = unsigned ? 0n : -(1n << BigInt(bits - 1));
  const max = unsigned ? (1n << BigInt(bits)) - 1n : (1n << BigInt(bits - 1)) - 1n;
  if (value < min || value > max) {
    const type = `${unsigned ? 'u' : ''}int${bits}`;
    const range =
      bits > 64 ? (unsigned ? `0 to 2^${bits}-1` : `-2^${bits - 1} to 2^${bits - 1}-1`) : `${min} to ${max}`;
    return fail(`out of range for ${type} (${range})`, path);
  }
  return value;
}
