// Calling EVM contracts from a Wasm actor: InvokeContract (method 3844450837, spec 10.1) takes the calldata
// as a CBOR byte string and returns the output as one; a revert exits with 33 and the revert data. The ABI
// helpers cover static types (uint256, address, bool, bytes32) and `bytes`/`string` returns.
import { CborReader, CborWriter } from "./cbor";
import { keccak256, utf8 } from "./crypto";
import { abort, ExitCode } from "./errors";
import { CBOR } from "./ipld";
import { NO_GAS_LIMIT, send } from "./send";
import { TokenAmount } from "./token";

/** The EVM actor's InvokeContract method (FRC-0042 name "InvokeEVM"). */
export const INVOKE_CONTRACT: u64 = 3844450837;

export class EvmResult {
  /** The send's syscall error number (0 = the call happened). */
  errno: u32 = 0;
  /** The EVM actor's exit code: 0, 33 for a revert, or another failure. */
  exitCode: u32 = 0;
  /** The returned bytes, or the revert data when the contract reverted. */
  output: Uint8Array = new Uint8Array(0);

  get ok(): bool {
    return this.errno == 0 && this.exitCode == 0;
  }

  get reverted(): bool {
    return this.errno == 0 && this.exitCode == ExitCode.EVM_CONTRACT_REVERTED;
  }
}

/**
 * Calls the contract at `to` (its f410 or f0 address in binary form) with `calldata`. `readOnly` runs it
 * like a STATICCALL: the contract may not change state or emit logs.
 */
export function invokeContract(
  to: Uint8Array,
  calldata: Uint8Array,
  value: TokenAmount = TokenAmount.zero(),
  readOnly: bool = false,
  gasLimit: u64 = NO_GAS_LIMIT,
): EvmResult {
  const params = new CborWriter(calldata.length + 9).bytes(calldata).finish();
  const sent = send(to, INVOKE_CONTRACT, params, value, CBOR, gasLimit, readOnly);
  const result = new EvmResult();
  result.errno = sent.errno;
  result.exitCode = sent.exitCode;
  // Both the output and the revert data are CBOR byte strings; other failures carry no data.
  if (sent.returnData.length > 0 && (sent.returnCodec == CBOR || sent.returnCodec == 0x71)) {
    const reader = new CborReader(sent.returnData);
    if (reader.peekMajor() == 2) result.output = reader.bytes();
  }
  return result;
}

/** The 4-byte selector of a Solidity function signature, e.g. `transfer(address,uint256)`. */
export function selector(signature: string): Uint8Array {
  return keccak256(utf8(signature)).slice(0, 4);
}

/** ABI-encodes a call: the selector, then one 32-byte word per static argument (and `bytes` tails). */
export class AbiWriter {
  private heads: Uint8Array[] = [];
  private tails: Uint8Array[] = [];
  /** For each head: the index of its tail (dynamic arguments) or -1. */
  private tailOf: i32[] = [];
  private prefix: Uint8Array;

  constructor(signature: string) {
    this.prefix = selector(signature);
  }

  uint64(value: u64): AbiWriter {
    const word = new Uint8Array(32);
    for (let i = 0; i < 8; i++) word[31 - i] = <u8>(value >> (<u64>i * 8));
    return this.head(word);
  }

  /** A uint256 from up to 32 big-endian bytes. */
  uint256(bigEndian: Uint8Array): AbiWriter {
    if (bigEndian.length > 32) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "a uint256 has at most 32 bytes");
    const word = new Uint8Array(32);
    word.set(bigEndian, 32 - bigEndian.length);
    return this.head(word);
  }

  /** A 20-byte Ethereum address. */
  address(ethAddress: Uint8Array): AbiWriter {
    if (ethAddress.length != 20) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "an Ethereum address has 20 bytes");
    const word = new Uint8Array(32);
    word.set(ethAddress, 12);
    return this.head(word);
  }

  bool(value: bool): AbiWriter {
    const word = new Uint8Array(32);
    word[31] = value ? 1 : 0;
    return this.head(word);
  }

  bytes32(value: Uint8Array): AbiWriter {
    if (value.length > 32) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "bytes32 holds at most 32 bytes");
    const word = new Uint8Array(32);
    word.set(value, 0);
    return this.head(word);
  }

  /** Dynamic `bytes` (also right for `string` with UTF-8 bytes). */
  bytes(value: Uint8Array): AbiWriter {
    const padded = (value.length + 31) & ~31;
    const tail = new Uint8Array(32 + padded);
    const length = <u64>value.length;
    for (let i = 0; i < 8; i++) tail[31 - i] = <u8>(length >> (<u64>i * 8));
    tail.set(value, 32);
    this.tails.push(tail);
    this.heads.push(new Uint8Array(32));
    this.tailOf.push(this.tails.length - 1);
    return this;
  }

  /** The calldata. */
  finish(): Uint8Array {
    let size = 4 + this.heads.length * 32;
    for (let i = 0; i < this.tails.length; i++) size += this.tails[i].length;
    const out = new Uint8Array(size);
    out.set(this.prefix, 0);
    let tailAt = this.heads.length * 32;
    const tailOffsets = new Array<i32>(this.tails.length);
    for (let i = 0; i < this.tails.length; i++) {
      tailOffsets[i] = tailAt;
      out.set(this.tails[i], 4 + tailAt);
      tailAt += this.tails[i].length;
    }
    for (let i = 0; i < this.heads.length; i++) {
      const tail = this.tailOf[i];
      if (tail >= 0) {
        const offset = <u64>tailOffsets[tail];
        for (let b = 0; b < 8; b++) out[4 + i * 32 + 31 - b] = <u8>(offset >> (<u64>b * 8));
      } else {
        out.set(this.heads[i], 4 + i * 32);
      }
    }
    return out;
  }

  private head(word: Uint8Array): AbiWriter {
    this.heads.push(word);
    this.tailOf.push(-1);
    return this;
  }
}

/** Reads ABI-encoded return data word by word. Malformed data aborts with USR_SERIALIZATION. */
export class AbiReader {
  private data: Uint8Array;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** The 32-byte word at index `i`. */
  word(i: i32): Uint8Array {
    const start = i * 32;
    if (i < 0 || start + 32 > this.data.length) {
      abort(ExitCode.USR_SERIALIZATION, "ABI data has no word " + i.toString());
    }
    return this.data.slice(start, start + 32);
  }

  /** Word `i` as a u64; larger values abort. */
  uint64(i: i32): u64 {
    const word = this.word(i);
    for (let b = 0; b < 24; b++) {
      if (word[b] != 0) abort(ExitCode.USR_SERIALIZATION, "ABI word " + i.toString() + " does not fit in 64 bits");
    }
    let value: u64 = 0;
    for (let b = 24; b < 32; b++) value = (value << 8) | <u64>word[b];
    return value;
  }

  /** Word `i` as an address (its low 20 bytes). */
  address(i: i32): Uint8Array {
    return this.word(i).slice(12);
  }

  bool(i: i32): bool {
    return this.uint64(i) != 0;
  }

  /** The dynamic `bytes` (or `string`) whose offset is in word `i`. */
  bytes(i: i32): Uint8Array {
    const offset = <i32>this.uint64(i);
    if (offset % 32 != 0 || offset + 32 > this.data.length) abort(ExitCode.USR_SERIALIZATION, "bad ABI offset");
    const length = <i32>new AbiReader(this.data.slice(offset)).uint64(0);
    if (offset + 32 + length > this.data.length) abort(ExitCode.USR_SERIALIZATION, "ABI bytes out of range");
    return this.data.slice(offset + 32, offset + 32 + length);
  }

  /** A `string` return, decoded from UTF-8. */
  string(i: i32): string {
    const raw = this.bytes(i);
    return String.UTF8.decodeUnsafe(raw.dataStart, <usize>raw.length);
  }
}
