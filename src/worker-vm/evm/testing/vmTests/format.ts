import { hexToBytes } from '@noble/hashes/utils.js';
import { invalidInput, malformed } from '../../../errors';

/**
 * The classic Ethereum "VMTests" fixture format (one JSON object per file, one test per key): an
 * environment, one call frame (`exec`), accounts before (`pre`) and, when the frame succeeds, accounts
 * after (`post`) with the return data (`out`), the keccak of the RLP of the logs (`logs`) and the
 * CALL/CREATEs the frame attempted (`callcreates`, recorded rather than executed).
 */
export interface VmTestAccount {
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  storage: Map<bigint, bigint>;
}

export interface VmTestCallCreate {
  /** Undefined for a CREATE. */
  destination: bigint | undefined;
  value: bigint;
  data: Uint8Array;
  gasLimit: bigint;
}

export interface VmTest {
  name: string;
  env: {
    coinbase: bigint;
    difficulty: bigint;
    gasLimit: bigint;
    number: bigint;
    timestamp: bigint;
  };
  exec: {
    address: bigint;
    caller: bigint;
    origin: bigint;
    code: Uint8Array;
    data: Uint8Array;
    gas: bigint;
    gasPrice: bigint;
    value: bigint;
  };
  pre: Map<bigint, VmTestAccount>;
  /** Present when the frame is expected to succeed. */
  expected?: {
    post: Map<bigint, VmTestAccount>;
    /** Return data, or its length alone when the filler abbreviated it as "#<length>". */
    out: Uint8Array | { length: number };
    logsHash: Uint8Array;
    callcreates: VmTestCallCreate[];
    gas: bigint;
  };
}

type Json = Record<string, unknown>;

/** Parses one fixture file's JSON text into its tests; throws a typed error naming the bad field. */
export function parseVmTestFile(text: string, fileName: string): VmTest[] {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw malformed(`not JSON (${(error as Error).message})`, fileName);
  }
  if (!isObject(root)) throw malformed('expected an object of tests', fileName);
  return Object.entries(root).map(([name, body]) => parseVmTest(name, body, `${fileName}#${name}`));
}

/** True when the JSON object looks like a VMTests case (has `exec`, `env` and `pre`). */
export function isVmTest(body: unknown): boolean {
  return isObject(body) && isObject(body.exec) && isObject(body.env) && isObject(body.pre);
}

function parseVmTest(name: string, body: unknown, where: string): VmTest {
  if (!isVmTest(body)) throw invalidInput('not a VMTests case (needs env, exec and pre)', where);
  const test = body as Json;
  const env = test.env as Json;
  const exec = test.exec as Json;
  const parsed: VmTest = {
    name,
    env: {
      coinbase: quantity(env.currentCoinbase, `${where}.env.currentCoinbase`),
      difficulty: quantity(env.currentDifficulty, `${where}.env.currentDifficulty`),
      gasLimit: quantity(env.currentGasLimit, `${where}.env.currentGasLimit`),
      number: quantity(env.currentNumber, `${where}.env.currentNumber`),
      timestamp: quantity(env.currentTimestamp, `${where}.env.currentTimestamp`),
    },
    exec: {
      address: quantity(exec.address, `${where}.exec.address`),
      caller: quantity(exec.caller, `${where}.exec.caller`),
      origin: quantity(exec.origin, `${where}.exec.origin`),
      code: bytes(exec.code, `${where}.exec.code`),
      data: bytes(exec.data, `${where}.exec.data`),
      gas: quantity(exec.gas, `${where}.exec.gas`),
      gasPrice: quantity(exec.gasPrice, `${where}.exec.gasPrice`),
      value: quantity(exec.value, `${where}.exec.value`),
    },
    pre: accounts(test.pre, `${where}.pre`),
  };
  if (test.post !== undefined) {
    const out = test.out;
    parsed.expected = {
      post: accounts(test.post, `${where}.post`),
      out:
        typeof out === 'string' && out.startsWith('#')
          ? { length: Number.parseInt(out.slice(1), 10) }
          : bytes(out, `${where}.out`),
      logsHash: bytes(test.logs, `${where}.logs`),
      callcreates: callcreates(test.callcreates, `${where}.callcreates`),
      gas: quantity(test.gas, `${where}.gas`),
    };
  }
  return parsed;
}

function accounts(value: unknown, where: string): Map<bigint, VmTestAccount> {
  if (!isObject(value)) throw invalidInput('expected an object of accounts', where);
  const result = new Map<bigint, VmTestAccount>();
  for (const [address, body] of Object.entries(value)) {
    const at = `${where}.${address}`;
    if (!isObject(body)) throw invalidInput('expected an account object', at);
    const storage = new Map<bigint, bigint>();
    if (!isObject(body.storage)) throw invalidInput('expected a storage object', `${at}.storage`);
    for (const [key, slot] of Object.entries(body.storage)) {
      const v = quantity(slot, `${at}.storage.${key}`);
      if (v !== 0n) storage.set(quantity(key, `${at}.storage`), v);
    }
    result.set(quantity(address, at), {
      balance: quantity(body.balance, `${at}.balance`),
      nonce: quantity(body.nonce, `${at}.nonce`),
      code: bytes(body.code, `${at}.code`),
      storage,
    });
  }
  return result;
}

function callcreates(value: unknown, where: string): VmTestCallCreate[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput('expected an array', where);
  return value.map((entry, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(entry)) throw invalidInput('expected an object', at);
    const destination = entry.destination;
    return {
      destination: destination === '' || destination === undefined ? undefined : quantity(destination, at),
      value: quantity(entry.value, `${at}.value`),
      data: bytes(entry.data, `${at}.data`),
      gasLimit: quantity(entry.gasLimit, `${at}.gasLimit`),
    };
  });
}

function quantity(value: unknown, where: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value !== 'string') throw invalidInput('expected a hex or decimal quantity', where);
  const text = value.trim();
  if (text === '0x' || text === '') return 0n;
  try {
    const parsed = BigInt(text);
    if (parsed < 0n) throw new Error('negative');
    return parsed;
  } catch {
    throw invalidInput(`"${value}" is not a quantity`, where);
  }
}

function bytes(value: unknown, where: string): Uint8Array {
  if (typeof value !== 'string') throw invalidInput('expected a hex string', where);
  const hex = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex))
    throw invalidInput(`"${value}" is not hex bytes`, where);
  return hexToBytes(hex);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
