// A small CBOR writer and reader for DAG-CBOR and CBOR blocks (spec 7.8b): definite lengths, integers in
// their shortest form, CIDs as tag 42 over a byte string that starts with 0x00. Maps are written in the
// order the caller gives; DAG-CBOR wants keys sorted by length, then bytewise (`sortKeys` does that).
import { abort, ExitCode } from "./errors";
import { TokenAmount } from "./token";

/** CBOR major types. */
export namespace Major {
  export const UINT: u8 = 0;
  export const NINT: u8 = 1;
  export const BYTES: u8 = 2;
  export const TEXT: u8 = 3;
  export const ARRAY: u8 = 4;
  export const MAP: u8 = 5;
  export const TAG: u8 = 6;
  export const SIMPLE: u8 = 7;
}

/** The tag of a CID link. */
export const CID_TAG: u64 = 42;

export class CborWriter {
  private buffer: Uint8Array;
  private length: i32 = 0;

  constructor(capacity: i32 = 64) {
    this.buffer = new Uint8Array(capacity < 16 ? 16 : capacity);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  uint(value: u64): CborWriter {
    this.head(Major.UINT, value);
    return this;
  }

  /** A signed integer: major type 0 or 1. */
  int(value: i64): CborWriter {
    if (value >= 0) this.head(Major.UINT, <u64>value);
    else this.head(Major.NINT, <u64>(-1 - value));
    return this;
  }

  bool(value: bool): CborWriter {
    this.byte(value ? 0xf5 : 0xf4);
    return this;
  }

  null(): CborWriter {
    this.byte(0xf6);
    return this;
  }

  bytes(value: Uint8Array): CborWriter {
    this.head(Major.BYTES, <u64>value.length);
    this.append(value.dataStart, value.length);
    return this;
  }

  text(value: string): CborWriter {
    const utf8 = String.UTF8.encode(value);
    this.head(Major.TEXT, <u64>utf8.byteLength);
    this.append(changetype<usize>(utf8), utf8.byteLength);
    return this;
  }

  /** An array header: the next `length` items are its elements. */
  array(length: u32): CborWriter {
    this.head(Major.ARRAY, <u64>length);
    return this;
  }

  /** A map header: the next `length` key/value pairs are its entries (keys sorted for DAG-CBOR). */
  map(length: u32): CborWriter {
    this.head(Major.MAP, <u64>length);
    return this;
  }

  /** A CID link (tag 42) from the CID's binary form. */
  cid(cid: Uint8Array): CborWriter {
    this.head(Major.TAG, CID_TAG);
    this.head(Major.BYTES, <u64>cid.length + 1);
    this.byte(0);
    this.append(cid.dataStart, cid.length);
    return this;
  }

  /** A token amount as a Filecoin BigInt byte string. */
  tokenAmount(value: TokenAmount): CborWriter {
    return this.bytes(value.toBigIntBytes());
  }

  /** Already encoded CBOR, copied as it is (one or more complete items). */
  raw(encoded: Uint8Array): CborWriter {
    this.append(encoded.dataStart, encoded.length);
    return this;
  }

  private head(major: u8, value: u64): void {
    const top = major << 5;
    if (value < 24) {
      this.byte(top | <u8>value);
    } else if (value <= 0xff) {
      this.byte(top | 24);
      this.byte(<u8>value);
    } else if (value <= 0xffff) {
      this.byte(top | 25);
      this.bigEndian(value, 2);
    } else if (value <= 0xffffffff) {
      this.byte(top | 26);
      this.bigEndian(value, 4);
    } else {
      this.byte(top | 27);
      this.bigEndian(value, 8);
    }
  }

  private bigEndian(value: u64, size: i32): void {
    for (let i = size - 1; i >= 0; i--) this.byte(<u8>(value >> (<u64>i * 8)));
  }

  private byte(value: u8): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  private append(source: usize, length: i32): void {
    this.reserve(length);
    memory.copy(this.buffer.dataStart + <usize>this.length, source, <usize>length);
    this.length += length;
  }

  private reserve(extra: i32): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    memory.copy(grown.dataStart, this.buffer.dataStart, <usize>this.length);
    this.buffer = grown;
  }
}

/**
 * Reads CBOR items in order. Anything malformed, truncated, indefinite-length or of another type than asked
 * aborts the invocation with USR_SERIALIZATION, as a built-in actor's parameter decoding does.
 */
export class CborReader {
  private data: Uint8Array;
  /** Where the next item starts. */
  offset: i32 = 0;

  constructor(data: Uint8Array) {
    this.data = data;
  }

  /** True when every byte has been read. */
  done(): bool {
    return this.offset >= this.data.length;
  }

  /** Aborts unless every byte has been read (trailing data is an error). */
  end(): void {
    if (!this.done()) this.fail("unexpected data after the end");
  }

  /** The major type of the next item, without consuming it. */
  peekMajor(): u8 {
    this.need(1);
    return this.data[this.offset] >> 5;
  }

  isNull(): bool {
    return !this.done() && this.data[this.offset] == 0xf6;
  }

  uint(): u64 {
    return this.expect(Major.UINT, "an unsigned integer");
  }

  int(): i64 {
    const major = this.peekMajor();
    if (major == Major.UINT) {
      const value = this.expect(Major.UINT, "an integer");
      if (value > <u64>i64.MAX_VALUE) this.fail("integer too large for i64");
      return <i64>value;
    }
    const magnitude = this.expect(Major.NINT, "an integer");
    if (magnitude > <u64>i64.MAX_VALUE) this.fail("integer too small for i64");
    return -1 - <i64>magnitude;
  }

  bool(): bool {
    this.need(1);
    const b = this.data[this.offset];
    if (b != 0xf4 && b != 0xf5) this.fail("expected a boolean");
    this.offset++;
    return b == 0xf5;
  }

  null(): void {
    if (!this.isNull()) this.fail("expected null");
    this.offset++;
  }

  bytes(): Uint8Array {
    const length = this.length(this.expect(Major.BYTES, "a byte string"));
    const value = this.data.slice(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }

  text(): string {
    const length = this.length(this.expect(Major.TEXT, "a text string"));
    const value = String.UTF8.decodeUnsafe(this.data.dataStart + <usize>this.offset, <usize>length);
    this.offset += length;
    return value;
  }

  /** An array header; returns the number of elements that follow. */
  array(): u32 {
    return this.count(this.expect(Major.ARRAY, "an array"));
  }

  /** An array header that must announce exactly `length` elements. */
  tuple(length: u32): void {
    const actual = this.array();
    if (actual != length) {
      this.fail("expected an array of " + length.toString() + " elements, got " + actual.toString());
    }
  }

  /** A map header; returns the number of key/value pairs that follow. */
  map(): u32 {
    return this.count(this.expect(Major.MAP, "a map"));
  }

  /** A CID link (tag 42); returns the CID's binary form. */
  cid(): Uint8Array {
    const tag = this.expect(Major.TAG, "a CID (tag 42)");
    if (tag != CID_TAG) this.fail("expected tag 42 (a CID), got tag " + tag.toString());
    const bytes = this.bytes();
    if (bytes.length < 2 || bytes[0] != 0) this.fail("a CID's bytes start with 0x00");
    return bytes.slice(1);
  }

  /** A Filecoin BigInt byte string as a token amount. */
  tokenAmount(): TokenAmount {
    return TokenAmount.fromBigIntBytes(this.bytes());
  }

  /** Skips one complete item (with everything nested in it); returns its encoded bytes. */
  skip(): Uint8Array {
    const start = this.offset;
    let pending: u64 = 1;
    while (pending > 0) {
      pending--;
      this.need(1);
      const major = this.data[this.offset] >> 5;
      const info = this.data[this.offset] & 31;
      if (major == Major.SIMPLE) {
        this.offset++;
        if (info == 24) this.advance(1);
        else if (info == 25) this.advance(2);
        else if (info == 26) this.advance(4);
        else if (info == 27) this.advance(8);
        else if (info > 27) this.fail("indefinite lengths and reserved values are not allowed");
        continue;
      }
      const argument = this.argument();
      if (major == Major.BYTES || major == Major.TEXT) this.advance(this.length(argument));
      else if (major == Major.ARRAY) pending += argument;
      else if (major == Major.MAP) pending += argument * 2;
      else if (major == Major.TAG) pending += 1;
    }
    return this.data.slice(start, this.offset);
  }

  /** Aborts with USR_SERIALIZATION, saying where. */
  fail(message: string): void {
    abort(ExitCode.USR_SERIALIZATION, "CBOR at byte " + this.offset.toString() + ": " + message);
  }

  private expect(major: u8, what: string): u64 {
    const actual = this.peekMajor();
    if (actual != major) this.fail("expected " + what + ", found " + majorName(actual));
    return this.argument();
  }

  /** Reads the head at the current offset; returns its argument. */
  private argument(): u64 {
    this.need(1);
    const info = this.data[this.offset] & 31;
    this.offset++;
    if (info < 24) return <u64>info;
    let size = 0;
    if (info == 24) size = 1;
    else if (info == 25) size = 2;
    else if (info == 26) size = 4;
    else if (info == 27) size = 8;
    else this.fail("indefinite lengths and reserved values are not allowed");
    this.need(size);
    let value: u64 = 0;
    for (let i = 0; i < size; i++) value = (value << 8) | <u64>this.data[this.offset + i];
    this.offset += size;
    return value;
  }

  private length(value: u64): i32 {
    if (value > <u64>(this.data.length - this.offset)) this.fail("truncated: the item is longer than the data");
    return <i32>value;
  }

  private count(value: u64): u32 {
    // Every element takes at least one byte, so a count beyond the data left is malformed.
    if (value > <u64>(this.data.length - this.offset)) this.fail("truncated: more elements than bytes left");
    return <u32>value;
  }

  private advance(size: i32): void {
    this.need(size);
    this.offset += size;
  }

  private need(size: i32): void {
    if (this.offset + size > this.data.length) this.fail("truncated");
  }
}

function majorName(major: u8): string {
  if (major == Major.UINT) return "an unsigned integer";
  if (major == Major.NINT) return "a negative integer";
  if (major == Major.BYTES) return "a byte string";
  if (major == Major.TEXT) return "a text string";
  if (major == Major.ARRAY) return "an array";
  if (major == Major.MAP) return "a map";
  if (major == Major.TAG) return "a tag";
  return "a simple value";
}

/** DAG-CBOR's map key order: shorter UTF-8 first, then bytewise. */
export function compareKeys(a: string, b: string): i32 {
  const x = Uint8Array.wrap(String.UTF8.encode(a));
  const y = Uint8Array.wrap(String.UTF8.encode(b));
  if (x.length != y.length) return x.length < y.length ? -1 : 1;
  for (let i = 0; i < x.length; i++) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

/** The keys in DAG-CBOR order (a sorted copy). */
export function sortKeys(keys: string[]): string[] {
  const sorted = keys.slice(0);
  sorted.sort(compareKeys);
  return sorted;
}
