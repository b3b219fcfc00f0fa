import { type Abi, decodeAbiParameters, decodeErrorResult, getAddress } from 'viem';
import { bytesToHex } from '../util/bytes';

/**
 * Revert data decoded for people (the IDE's console and debugger, the headless runner's report):
 * Solidity's `Error(string)` and `Panic(uint256)`, a custom error found in an ABI, or the raw bytes.
 */
export type RevertReason =
  /** REVERT with no data (`revert()`, `require(x)` without a message, a failed `assert` before 0.8). */
  | { readonly kind: 'empty' }
  /** `revert("…")` / `require(x, "…")`. */
  | { readonly kind: 'error'; readonly message: string }
  /** A compiler-inserted check failed (0.8+): overflow, division by zero, bad index, … */
  | { readonly kind: 'panic'; readonly code: bigint; readonly meaning: string }
  /** `revert MyError(…)` with `MyError` in the given ABI. */
  | {
      readonly kind: 'custom';
      readonly name: string;
      readonly signature: string;
      readonly selector: `0x${string}`;
      readonly args: readonly unknown[];
    }
  /** Anything else: an unknown selector, or data that does not decode. */
  | { readonly kind: 'raw'; readonly selector: `0x${string}` | undefined; readonly data: `0x${string}` };

export const ERROR_SELECTOR = '0x08c379a0';
export const PANIC_SELECTOR = '0x4e487b71';

/** Solidity's panic codes and what they mean (Solidity docs, "Panic via assert and Error via require"). */
export const PANIC_CODES: ReadonlyMap<bigint, string> = new Map([
  [0x00n, 'generic compiler-inserted panic'],
  [0x01n, 'assertion failed'],
  [0x11n, 'arithmetic overflow or underflow'],
  [0x12n, 'division or modulo by zero'],
  [0x21n, 'conversion to an enum out of range'],
  [0x22n, 'incorrectly encoded storage byte array'],
  [0x31n, 'pop() on an empty array'],
  [0x32n, 'array index out of bounds'],
  [0x41n, 'too much memory allocated, or an array too large'],
  [0x51n, 'call to a zero-initialized internal function'],
]);

const hex = (bytes: Uint8Array): `0x${string}` => `0x${bytesToHex(bytes)}`;

/**
 * Decodes revert data. Error(string) and Panic(uint256) are recognised without an ABI; a custom error
 * needs the contract's ABI (errors of called contracts must be in it too). Never throws.
 */
export function decodeRevert(data: Uint8Array, abi?: Abi): RevertReason {
  if (data.length === 0) return { kind: 'empty' };
  const selector = data.length >= 4 ? hex(data.subarray(0, 4)) : undefined;
  const raw: RevertReason = { kind: 'raw', selector, data: hex(data) };
  if (selector === undefined) return raw;
  const body = hex(data.subarray(4));
  try {
    if (selector === ERROR_SELECTOR) {
      const [message] = decodeAbiParameters([{ type: 'string' }], body);
      return { kind: 'error', message };
    }
    if (selector === PANIC_SELECTOR) {
      const [code] = decodeAbiParameters([{ type: 'uint256' }], body);
      return { kind: 'panic', code, meaning: PANIC_CODES.get(code) ?? 'unknown panic code' };
    }
    if (abi) {
      const decoded = decodeErrorResult({ abi, data: hex(data) });
      const item = decoded.abiItem as { name: string; inputs?: readonly { type: string }[] };
      const signature = `${item.name}(${(item.inputs ?? []).map((input) => input.type).join(',')})`;
      return { kind: 'custom', name: decoded.errorName, signature, selector, args: decoded.args ?? [] };
    }
  } catch {
    // Not valid ABI data for the selector, or an error the ABI does not have.
  }
  return raw;
}

/** One line for a console: `Error: nope`, `Panic 0x11: arithmetic overflow or underflow`, `TooBig(500)`. */
export function describeRevert(reason: RevertReason): string {
  switch (reason.kind) {
    case 'empty':
      return 'reverted without data';
    case 'error':
      return `Error: ${reason.message}`;
    case 'panic':
      return `Panic 0x${reason.code.toString(16).padStart(2, '0')}: ${reason.meaning}`;
    case 'custom':
      return `${reason.name}(${reason.args.map(formatValue).join(', ')})`;
    case 'raw':
      return reason.selector === undefined
        ? `reverted with ${reason.data}`
        : `reverted with unknown error ${reason.selector} (${reason.data})`;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') {
    if (/^0x[0-9a-fA-F]{40}$/.test(value)) return getAddress(value);
    return /^0x[0-9a-fA-F]*$/.test(value) ? value : JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, field]) => `${key}: ${formatValue(field)}`)
      .join(', ')}}`;
  return String(value);
}
