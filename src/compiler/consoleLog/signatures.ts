/**
 * The `console.log` calls of Hardhat's `hardhat/console.sol`: a contract calls the console address with
 * calldata `selector ++ abi.encode(args)`, where the selector is the first four bytes of the keccak-256 of
 * the signature string below. The playground's `hardhat/console.sol` (see consoleSol.ts) is generated from
 * this list, and the FEVM trace decoder uses the same list to recognise and decode the calls.
 *
 * Legacy selectors: older versions of console.sol hashed `uint`/`int` instead of `uint256`/`int256`
 * (e.g. `log(uint)` = 0xf5b1bba9 for `log(uint256 p0)`; Hardhat issue #2178), and the oldest had
 * `logByte(byte)`, hashed as `log(byte)`. Bytecode compiled against those sends the old selectors.
 * `LEGACY_CONSOLE_SIGNATURES` lists them with the canonical signature whose arguments they encode (the ABI
 * encoding is the same, only the selector differs).
 */
import { keccak_256 } from '@noble/hashes/sha3.js';

/** `address(bytes20("console.log"))`, left-padded: where console.log calls go. */
export const CONSOLE_ADDRESS = '0x000000000000000000636F6e736F6c652e6c6f67';

/** The types `log(...)` overloads combine, in Hardhat's order. */
const COMBINABLE = ['uint256', 'string', 'bool', 'address'] as const;

export interface ConsoleSignature {
  /** The Solidity function name in `library console` (`log`, `logUint`, `logBytes4`, ...). */
  functionName: string;
  /** Parameter types as in the ABI (`uint256`, `string`, ...). */
  params: string[];
  /** The signature string that is hashed: always `log(...)`, whatever the function is called. */
  signature: string;
  /** `0x` + 8 hex digits. */
  selector: string;
}

export function selectorOf(signature: string): string {
  const hash = keccak_256(new TextEncoder().encode(signature));
  let hex = '0x';
  for (let i = 0; i < 4; i++) hex += hash[i]!.toString(16).padStart(2, '0');
  return hex;
}

function entry(functionName: string, params: string[]): ConsoleSignature {
  const signature = `log(${params.join(',')})`;
  return { functionName, params, signature, selector: selectorOf(signature) };
}

function combinations(length: number): string[][] {
  if (length === 0) return [[]];
  return combinations(length - 1).flatMap((prefix) => COMBINABLE.map((type) => [...prefix, type]));
}

function buildSignatures(): ConsoleSignature[] {
  const list: ConsoleSignature[] = [entry('log', [])];
  // Typed single-argument helpers (logUint, logBytes4, ...).
  list.push(entry('logInt', ['int256']), entry('logUint', ['uint256']), entry('logString', ['string']));
  list.push(entry('logBool', ['bool']), entry('logAddress', ['address']), entry('logBytes', ['bytes']));
  for (let n = 1; n <= 32; n++) list.push(entry(`logBytes${n}`, [`bytes${n}`]));
  // Overloaded `log` with one to four arguments.
  list.push(entry('log', ['uint256']), entry('log', ['int256']), entry('log', ['string']));
  list.push(entry('log', ['bool']), entry('log', ['address']));
  for (let length = 2; length <= 4; length++) {
    for (const params of combinations(length)) list.push(entry('log', params));
  }
  return list;
}

/** Every function of the generated `library console`, in declaration order. */
export const CONSOLE_SIGNATURES: readonly ConsoleSignature[] = buildSignatures();

export interface LegacyConsoleSignature {
  /** The signature older console.sol hashed, e.g. `log(string,uint)`. */
  signature: string;
  selector: string;
  /** The canonical signature with the same argument encoding, e.g. `log(string,uint256)`. */
  canonical: string;
}

function buildLegacy(): LegacyConsoleSignature[] {
  const seen = new Set<string>();
  const list: LegacyConsoleSignature[] = [];
  for (const { signature } of CONSOLE_SIGNATURES) {
    const legacy = signature.replace(/\b(u?int)256\b/g, '$1');
    if (legacy === signature || seen.has(legacy)) continue;
    seen.add(legacy);
    list.push({ signature: legacy, selector: selectorOf(legacy), canonical: signature });
  }
  list.push({ signature: 'log(byte)', selector: selectorOf('log(byte)'), canonical: 'log(bytes1)' });
  return list;
}

/** Selectors that older console.sol versions sent, each with the canonical signature it stands for. */
export const LEGACY_CONSOLE_SIGNATURES: readonly LegacyConsoleSignature[] = buildLegacy();

/**
 * Selector -> canonical signature and parameter types, for decoding: covers current and legacy selectors.
 * Several functions share a signature (`logUint` and `log(uint256)`), so each selector appears once.
 */
export const CONSOLE_SELECTORS: ReadonlyMap<string, { signature: string; params: string[] }> = (() => {
  const map = new Map<string, { signature: string; params: string[] }>();
  for (const { selector, signature, params } of CONSOLE_SIGNATURES) {
    if (!map.has(selector)) map.set(selector, { signature, params });
  }
  for (const { selector, canonical } of LEGACY_CONSOLE_SIGNATURES) {
    const target = map.get(selectorOf(canonical));
    if (target && !map.has(selector)) map.set(selector, target);
  }
  return map;
})();
