import { invalidInput } from '../../errors';
import { OPCODE_NAMES, Op } from '../opcodes';

const BY_NAME = new Map(OPCODE_NAMES.map((name, op) => [name, op]));

/**
 * A tiny assembler for tests: whitespace-separated mnemonics; PUSHn takes the next token as its
 * immediate (hex with 0x, or decimal), padded on the left to n bytes; `PUSH <value>` picks the smallest
 * PUSH; a raw byte can be written as `0x..` alone (e.g. `0xef`).
 */
export function assemble(source: string): Uint8Array {
  const out: number[] = [];
  const tokens = source.split(/\s+/).filter((t) => t.length > 0);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.toUpperCase();
    if (token === 'PUSH') {
      const value = parseValue(tokens[++i], token);
      const bytes = toBytes(value, value === 0n ? 1 : Math.ceil(value.toString(16).length / 2));
      out.push(Op.PUSH0 + bytes.length, ...bytes);
      continue;
    }
    const op = BY_NAME.get(token);
    if (op === undefined) {
      if (/^0X[0-9A-F]{1,2}$/.test(token)) {
        out.push(Number.parseInt(token.slice(2), 16));
        continue;
      }
      throw invalidInput(`unknown mnemonic "${tokens[i]}"`, 'assemble');
    }
    out.push(op);
    if (op >= Op.PUSH1 && op <= Op.PUSH32) {
      const n = op - Op.PUSH0;
      out.push(...toBytes(parseValue(tokens[++i], token), n));
    }
  }
  return Uint8Array.from(out);
}

function parseValue(token: string | undefined, after: string): bigint {
  if (token === undefined) throw invalidInput(`${after} needs a value`, 'assemble');
  try {
    return BigInt(token);
  } catch {
    throw invalidInput(`"${token}" is not a number`, 'assemble');
  }
}

function toBytes(value: bigint, length: number): number[] {
  const hex = value.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw invalidInput(`${value} does not fit in ${length} bytes`, 'assemble');
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.push(Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  return bytes;
}
