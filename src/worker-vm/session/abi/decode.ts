import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  decodeAbiParameters,
  decodeErrorResult,
  decodeEventLog,
  toFunctionSelector,
} from 'viem';
import { formatAbiItem } from 'viem/utils';
import { CONSOLE_SELECTORS } from '../../../compiler/consoleLog/signatures';
import { ethToFilecoin } from '../../address/ethereum';
import { bytesToHex, hexToBytes } from '../../util/bytes';
import type { DecodedValue, RevertView } from '../views';

/** What Solidity's Panic(uint256) codes mean (Solidity docs, "Panic via assert and Error via require"). */
const PANIC_REASONS: Record<number, string> = {
  0: 'generic compiler-inserted panic',
  1: 'assert(false): an assertion failed',
  17: 'arithmetic overflow or underflow outside an unchecked block',
  18: 'division or modulo by zero',
  33: 'conversion of a value too big or negative into an enum',
  34: 'access to an incorrectly encoded storage byte array',
  49: '.pop() on an empty array',
  50: 'array index out of bounds (or a negative index)',
  65: 'too much memory allocated, or an array too large',
  81: 'call to a zero-initialized internal function variable',
};

const hex = (bytes: Uint8Array): `0x${string}` => `0x${bytesToHex(bytes)}`;

/** An address value with its Filecoin form: `0xAb…12 (f410f…)` or `0xff00…07 (f07)`. */
export function formatAddressValue(value: string): string {
  try {
    return `${value} (${ethToFilecoin(hexToBytes(value.slice(2))).toString()})`;
  } catch {
    return value;
  }
}

/** Turns viem's decoded values into labelled text, following the ABI's shape. */
export function toDecodedValues(params: readonly AbiParameter[], values: readonly unknown[]): DecodedValue[] {
  return params.map((param, i) => toDecoded(param, values[i], param.name || `[${i}]`));
}

function toDecoded(param: AbiParameter, value: unknown, name: string): DecodedValue {
  const type = param.type;
  const array = /^(.*)\[\d*\]$/.exec(type);
  if (array && Array.isArray(value)) {
    const element = { ...param, type: array[1]! };
    return {
      name,
      type,
      text: `${value.length} item${value.length === 1 ? '' : 's'}`,
      children: value.map((item, i) => toDecoded(element, item, `[${i}]`)),
    };
  }
  if (type === 'tuple') {
    const components = (param as { components?: readonly AbiParameter[] }).components ?? [];
    const items = components.map((c, i) =>
      toDecoded(
        c,
        Array.isArray(value) ? value[i] : (value as Record<string, unknown>)?.[c.name ?? i],
        c.name || `[${i}]`,
      ),
    );
    return { name, type, text: `(${items.map((i) => i.text).join(', ')})`, children: items };
  }
  return { name, type, text: formatLeaf(type, value) };
}

function formatLeaf(type: string, value: unknown): string {
  if (type === 'address' && typeof value === 'string') return formatAddressValue(value);
  if (type === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}

/** Finds the ABI function a calldata's selector names. */
export function functionOfCalldata(abi: Abi, calldata: Uint8Array): AbiFunction | undefined {
  if (calldata.length < 4) return undefined;
  const selector = hex(calldata.subarray(0, 4));
  return abi.find(
    (item): item is AbiFunction => item.type === 'function' && toFunctionSelector(item) === selector,
  );
}

export const signatureOf = (item: AbiFunction) => formatAbiItem(item);

/** Decodes a function's return data; undefined when it does not decode as the ABI says. */
export function decodeReturn(fn: AbiFunction, data: Uint8Array): DecodedValue[] | undefined {
  if (fn.outputs.length === 0) return [];
  try {
    return toDecodedValues(fn.outputs, decodeAbiParameters(fn.outputs, hex(data)) as unknown[]);
  } catch {
    return undefined;
  }
}

/** Decodes an EVM log with the first ABI that knows its topic. */
export function decodeLog(
  abis: Iterable<Abi>,
  topics: readonly `0x${string}`[],
  data: `0x${string}`,
): { name: string; args: DecodedValue[] } | undefined {
  if (topics.length === 0) return undefined;
  for (const abi of abis) {
    try {
      const decoded = decodeEventLog({
        abi,
        topics: topics as [`0x${string}`, ...`0x${string}`[]],
        data,
        strict: true,
      });
      const event = abi.find((item) => item.type === 'event' && item.name === decoded.eventName);
      if (event?.type !== 'event') continue;
      const args = decoded.args as unknown;
      const values = event.inputs.map((input, i) =>
        Array.isArray(args) ? args[i] : (args as Record<string, unknown>)[input.name ?? String(i)],
      );
      return { name: formatAbiItem(event), args: toDecodedValues(event.inputs, values) };
    } catch {
      // Not this ABI's event (or its data does not decode as declared): try the next.
    }
  }
  return undefined;
}

/**
 * What a revert's data says: `Error(string)` (require/revert with a message), `Panic(uint256)` (asserts,
 * overflow, bounds… explained in words), or a custom error found in the ABIs; raw bytes otherwise.
 */
export function decodeRevert(abis: Iterable<Abi>, data: Uint8Array): RevertView {
  const raw = hex(data);
  if (data.length === 0)
    return {
      kind: 'raw',
      summary: 'reverted without data (revert() or require without a message)',
      args: [],
      data: raw,
    };
  for (const abi of [...abis, []]) {
    try {
      const decoded = decodeErrorResult({ abi: abi as Abi, data: raw });
      const item = decoded.abiItem as { inputs: readonly AbiParameter[]; type: 'error'; name: string };
      const values = (decoded.args ?? []) as unknown[];
      const args = toDecodedValues(item.inputs, values);
      if (decoded.errorName === 'Error') {
        return { kind: 'error', summary: `Error: ${String(values[0])}`, args, data: raw };
      }
      if (decoded.errorName === 'Panic') {
        const code = Number(values[0] as bigint);
        const reason = PANIC_REASONS[code] ?? 'unknown panic code';
        return {
          kind: 'panic',
          summary: `Panic 0x${code.toString(16).padStart(2, '0')}: ${reason}`,
          args,
          data: raw,
        };
      }
      return {
        kind: 'custom',
        summary: `${formatAbiItem(item)}${args.length ? `: ${args.map((a) => `${a.name}=${a.text}`).join(', ')}` : ''}`,
        args,
        data: raw,
      };
    } catch {
      // Not an error this ABI declares: try the next one (the last is empty: Error and Panic only).
    }
  }
  return { kind: 'raw', summary: `reverted with ${data.length} bytes no ABI decodes`, args: [], data: raw };
}

/**
 * A console.log call's text, formatted as Hardhat prints it: arguments separated by spaces, and printf
 * substitutions (%s %d %i %o %%) when the first argument is a string that has them.
 */
export function decodeConsoleCall(calldata: Uint8Array): string | undefined {
  if (calldata.length < 4) return undefined;
  const entry = CONSOLE_SELECTORS.get(hex(calldata.subarray(0, 4)));
  if (!entry) return undefined;
  let values: readonly unknown[];
  try {
    values = decodeAbiParameters(
      entry.params.map((type) => ({ type })),
      hex(calldata.subarray(4)),
    );
  } catch {
    return `console.log with undecodable arguments (${entry.signature})`;
  }
  const texts = values.map((value, i) => consoleText(entry.params[i]!, value));
  if (entry.params[0] === 'string' && typeof values[0] === 'string' && /%[sdio%]/.test(values[0])) {
    let next = 1;
    const first = values[0].replace(/%([sdio%])/g, (match, spec: string) => {
      if (spec === '%') return '%';
      if (next >= texts.length) return match;
      return texts[next++]!;
    });
    return [first, ...texts.slice(next)].join(' ');
  }
  return texts.join(' ');
}

function consoleText(type: string, value: unknown): string {
  if (type === 'address' && typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return String(value);
}
