import { getAddress } from 'viem';
import { CONSOLE_ADDRESS, CONSOLE_SELECTORS } from '../../compiler/consoleLog/signatures';
import { bytesToHex } from '../util/bytes';
import { bytesToWord } from './words';

/**
 * Hardhat's `console.log` for contracts: a call to the console address with `selector ‖ abi.encode(args)`
 * (src/compiler/consoleLog) becomes a line of text, decoded and formatted as Hardhat's console logger
 * does: every argument is first turned into a string (uint/int in decimal, bool as true/false, address
 * checksummed, bytes and bytesN as 0x hex, string as UTF-8), `%d`/`%i` in the first argument become
 * `%s`, and the strings go through Node's `util.format` rules (reimplemented below, this code runs in a
 * worker without Node). Decoding never throws: out-of-range offsets read as empty, like Hardhat's slices.
 */
export interface ConsoleLogLine {
  /** The formatted line, as Hardhat would print it. */
  readonly text: string;
  /** The canonical signature the selector stands for, e.g. `log(string,uint256)`. */
  readonly signature: string;
  /** The arguments as strings, before formatting. */
  readonly args: readonly string[];
}

/** The console address as the interpreter's address word. */
export const CONSOLE_ADDRESS_WORD: bigint = BigInt(CONSOLE_ADDRESS);

/** Decodes a console.log call's calldata; undefined when the selector is not a console.log one. */
export function decodeConsoleLog(calldata: Uint8Array): ConsoleLogLine | undefined {
  if (calldata.length < 4) return undefined;
  const entry = CONSOLE_SELECTORS.get(`0x${bytesToHex(calldata.subarray(0, 4))}`);
  if (!entry) return undefined;
  const data = calldata.subarray(4);
  const args = entry.params.map((type, i) => decodeArgument(data, type, i * 32));
  const formatted = args.length === 0 ? [] : [replaceNumberSpecifiers(args[0]!), ...args.slice(1)];
  return { text: args.length === 0 ? '' : formatLikeNode(formatted), signature: entry.signature, args };
}

const utf8 = new TextDecoder();

/** Bytes [from, to) of the data, clamped like Node's Buffer.slice. */
function slice(data: Uint8Array, from: number, to: number): Uint8Array {
  const start = Math.min(Math.max(from, 0), data.length);
  return data.subarray(start, Math.min(Math.max(to, start), data.length));
}

/** A 32-byte word read as an offset or length; huge values point past the data (reads as empty). */
function offsetAt(data: Uint8Array, position: number): number {
  const word = slice(data, position, position + 32);
  if (word.length === 0) return 0;
  const value = bytesToWord(word, 0, word.length);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function decodeArgument(data: Uint8Array, type: string, position: number): string {
  const word = () => {
    const bytes = slice(data, position, position + 32);
    return bytes.length === 0 ? 0n : bytesToWord(bytes, 0, bytes.length);
  };
  switch (type) {
    case 'uint256':
      return word().toString(10);
    case 'int256':
      return BigInt.asIntN(256, word()).toString(10);
    case 'bool':
      return (data[position + 31] ?? 0) !== 0 ? 'true' : 'false';
    case 'address': {
      const bytes = new Uint8Array(20);
      bytes.set(slice(data, position + 12, position + 32));
      return getAddress(`0x${bytesToHex(bytes)}`);
    }
    case 'string':
    case 'bytes': {
      const start = offsetAt(data, position);
      const length = offsetAt(data, start);
      const body = slice(data, start + 32, start + 32 + length);
      return type === 'string' ? utf8.decode(body) : `0x${bytesToHex(body)}`;
    }
    default: {
      const size = /^bytes(\d+)$/.exec(type);
      return size ? `0x${bytesToHex(slice(data, position, position + Number(size[1])))}` : '';
    }
  }
}

/**
 * Hardhat turns `%d` and `%i` into `%s` (numbers may not fit a JavaScript number), except where the `%`
 * is escaped by an odd number of `%` before it.
 */
export function replaceNumberSpecifiers(format: string): string {
  return format.replace(/((?<!%)(?:%%)*)(%[di])/g, '$1%s');
}

/**
 * Node's `util.format(first, ...rest)` for string arguments: `%s` the string, `%d` Number, `%i` parseInt,
 * `%f` parseFloat, `%j` JSON, `%o`/`%O` the quoted string, `%c` consumes and prints nothing, `%%` is `%`
 * (only when there is more than one argument); specifiers without an argument stay; arguments left over
 * are appended with spaces.
 */
export function formatLikeNode(args: readonly string[]): string {
  const first = args[0] ?? '';
  if (args.length <= 1) return first;
  let used = 0;
  let out = '';
  let lastPos = 0;
  for (let i = 0; i < first.length - 1; i++) {
    if (first.charCodeAt(i) !== 37) continue; // '%'
    const next = first[++i]!;
    if (used + 1 !== args.length) {
      let replacement: string;
      switch (next) {
        case 's':
          replacement = args[++used]!;
          break;
        case 'd':
          replacement = formatNumber(Number(args[++used]));
          break;
        case 'i':
          // biome-ignore lint/correctness/useParseIntRadix: Node passes none ("0x1f" is 31, "0x" NaN).
          replacement = formatNumber(Number.parseInt(args[++used]!));
          break;
        case 'f':
          replacement = formatNumber(Number.parseFloat(args[++used]!));
          break;
        case 'j':
          replacement = JSON.stringify(args[++used]);
          break;
        case 'o':
        case 'O':
          replacement = quoteString(args[++used]!);
          break;
        case 'c':
          used++;
          replacement = '';
          break;
        case '%':
          out += first.slice(lastPos, i);
          lastPos = i + 1;
          continue;
        default:
          continue;
      }
      if (lastPos !== i - 1) out += first.slice(lastPos, i - 1);
      out += replacement;
      lastPos = i + 1;
    } else if (next === '%') {
      out += first.slice(lastPos, i);
      lastPos = i + 1;
    }
  }
  let rest = used;
  let join = '';
  if (lastPos !== 0) {
    rest++;
    join = ' ';
    if (lastPos < first.length) out += first.slice(lastPos);
  }
  for (; rest < args.length; rest++) {
    out += join + args[rest]!;
    join = ' ';
  }
  return out;
}

const formatNumber = (value: number) => (Object.is(value, -0) ? '-0' : `${value}`);

/** How `util.inspect` shows a string: single quotes unless the string has some, escapes for controls. */
function quoteString(text: string): string {
  let quote = "'";
  if (text.includes("'")) {
    if (!text.includes('"')) quote = '"';
    else if (!text.includes('`') && !text.includes('${')) quote = '`';
  }
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (code < 0x20 || code === 0x7f)
      out += ESCAPES.get(code) ?? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += char;
  }
  return quote + out + quote;
}

const ESCAPES = new Map([
  [8, '\\b'],
  [9, '\\t'],
  [10, '\\n'],
  [11, '\\x0B'],
  [12, '\\f'],
  [13, '\\r'],
]);
