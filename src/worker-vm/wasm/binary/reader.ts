import { malformed } from '../../errors';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A cursor over Wasm binary bytes. Every read checks bounds and LEB128 limits and throws a typed
 * `malformed` error that names the byte offset, so a truncated or garbled module never decodes silently.
 */
export class ByteReader {
  pos: number;
  readonly bytes: Uint8Array;
  readonly end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  eof(): boolean {
    return this.pos >= this.end;
  }

  fail(message: string, at = this.pos): never {
    throw malformed(`${message} (at byte 0x${at.toString(16)})`, 'wasm');
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of data');
    return this.bytes[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 32 bits (at most 5 bytes, unused high bits zero). */
  u32(): number {
    let result = 0;
    let shift = 0;
    const start = this.pos;
    for (;;) {
      const byte = this.u8();
      if (shift === 28) {
        if (byte & 0x70) this.fail('integer too large', start);
        if (byte & 0x80) this.fail('integer representation too long', start);
        return (result | (byte << 28)) >>> 0;
      }
      result |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  }

  /** Signed LEB128 of at most 32 bits. */
  s32(): number {
    let result = 0;
    let shift = 0;
    const start = this.pos;
    for (;;) {
      const byte = this.u8();
      if (shift === 28) {
        if (byte & 0x80) this.fail('integer representation too long', start);
        // The unused bits of the last byte must repeat the sign bit (bit 3).
        const high = byte & 0x70;
        if (byte & 0x08 ? high !== 0x70 : high !== 0) this.fail('integer too large', start);
        return result | (byte << 28);
      }
      result |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0) return shift < 32 && byte & 0x40 ? result | (-1 << shift) : result;
    }
  }

  /** Signed LEB128 of at most 33 bits (block types); fits a JS number exactly. */
  s33(): number {
    let result = 0;
    let scale = 1;
    const start = this.pos;
    for (let i = 0; ; i++) {
      const byte = this.u8();
      if (i === 4) {
        if (byte & 0x80) this.fail('integer representation too long', start);
        const high = byte & 0x70;
        if (byte & 0x10 ? high !== 0x70 : high !== 0) this.fail('integer too large', start);
        result += (byte & 0x1f) * scale;
        return byte & 0x10 ? result - 2 ** 33 : result;
      }
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return byte & 0x40 ? result - scale : result;
    }
  }

  /** Signed LEB128 of at most 64 bits. */
  s64(): bigint {
    // Fast path: up to 7 bytes (49 bits) accumulate exactly in a double.
    const start = this.pos;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 7 && this.pos < this.end; i++) {
      const byte = this.bytes[this.pos++]!;
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if ((byte & 0x80) === 0) return BigInt(byte & 0x40 ? result - scale : result);
    }
    this.pos = start;
    return this.s64Slow();
  }

  private s64Slow(): bigint {
    let result = 0n;
    let shift = 0n;
    const start = this.pos;
    for (let i = 0; ; i++) {
      const byte = this.u8();
      if (i === 9) {
        if (byte & 0x80) this.fail('integer representation too long', start);
        if (byte !== 0 && byte !== 0x7f) this.fail('integer too large', start);
        result |= BigInt(byte & 0x01) << shift;
        return BigInt.asIntN(64, result);
      }
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return byte & 0x40 ? BigInt.asIntN(64, result - (1n << shift)) : result;
    }
  }

  /** Little-endian 32-bit word (float bits). */
  u32le(): number {
    if (this.pos + 4 > this.end) this.fail('unexpected end of data');
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  take(length: number): Uint8Array {
    if (length > this.end - this.pos) this.fail('unexpected end of data');
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const at = this.pos;
    const bytes = this.take(this.u32());
    try {
      return utf8.decode(bytes);
    } catch {
      return this.fail('name is not valid UTF-8', at);
    }
  }
}
