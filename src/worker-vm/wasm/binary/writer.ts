const utf8 = new TextEncoder();

/**
 * A growable byte buffer that writes canonical (shortest) LEB128, as wasm-encoder does, so that what
 * we emit matches ref-fvm's instrumenter byte for byte.
 */
export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(byte: number): void {
    this.room(1);
    this.buf[this.length++] = byte;
  }

  u32(value: number): void {
    this.room(5);
    let v = value >>> 0;
    do {
      let byte = v & 0x7f;
      v >>>= 7;
      if (v !== 0) byte |= 0x80;
      this.buf[this.length++] = byte;
    } while (v !== 0);
  }

  s32(value: number): void {
    this.room(5);
    let v = value | 0;
    for (;;) {
      const byte = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
        this.buf[this.length++] = byte;
        return;
      }
      this.buf[this.length++] = byte | 0x80;
    }
  }

  /** Signed LEB128 of any safe integer (block types are s33; small i64 constants use it too). */
  s33(value: number): void {
    let v = value;
    for (;;) {
      const byte = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
        this.u8(byte);
        return;
      }
      this.u8(byte | 0x80);
    }
  }

  s64(value: bigint): void {
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const byte = Number(v & 0x7fn);
      v >>= 7n;
      if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
        this.u8(byte);
        return;
      }
      this.u8(byte | 0x80);
    }
  }

  u32le(value: number): void {
    this.room(4);
    const b = this.buf;
    b[this.length++] = value & 0xff;
    b[this.length++] = (value >>> 8) & 0xff;
    b[this.length++] = (value >>> 16) & 0xff;
    b[this.length++] = (value >>> 24) & 0xff;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** A length-prefixed UTF-8 name. */
  name(text: string): void {
    const data = utf8.encode(text);
    this.u32(data.length);
    this.bytes(data);
  }

  /** Writes `data` prefixed by its length (a section or function body). */
  sized(data: Uint8Array): void {
    this.u32(data.length);
    this.bytes(data);
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  /** A view of the bytes written so far (valid until the next write). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  reset(): void {
    this.length = 0;
  }
}
