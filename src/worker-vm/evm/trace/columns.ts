/**
 * Storage for large traces: typed-array columns that grow by whole chunks (no copying of what is already
 * recorded), a pool of byte strings, and a pool of variable-length words.
 */

const CHUNK_BITS = 16;
const CHUNK_LENGTH = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_LENGTH - 1;

/** What every column offers: append, read, overwrite, and its allocated size. */
export interface NumberColumn {
  readonly length: number;
  push(value: number): number;
  get(index: number): number;
  set(index: number, value: number): void;
  byteSize(): number;
}

/*
 * One class per element type, on purpose: a single generic class storing into different typed-array
 * kinds makes every store site megamorphic, which measured 10x slower on the recording path.
 */

/** Append-only numbers in 64 Ki-entry Uint8Array chunks (no copying when it grows). */
export class U8Column implements NumberColumn {
  private readonly chunks: Uint8Array[] = [];
  length = 0;
  push(value: number): number {
    const index = this.length;
    if (index >>> CHUNK_BITS === this.chunks.length) this.chunks.push(new Uint8Array(CHUNK_LENGTH));
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }
  byteSize(): number {
    return this.chunks.length * CHUNK_LENGTH;
  }
}

/** Same, Uint16Array chunks. */
export class U16Column implements NumberColumn {
  private readonly chunks: Uint16Array[] = [];
  length = 0;
  push(value: number): number {
    const index = this.length;
    if (index >>> CHUNK_BITS === this.chunks.length) this.chunks.push(new Uint16Array(CHUNK_LENGTH));
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }
  byteSize(): number {
    return this.chunks.length * CHUNK_LENGTH * 2;
  }
}

/** Same, Uint32Array chunks. */
export class U32Column implements NumberColumn {
  private readonly chunks: Uint32Array[] = [];
  length = 0;
  push(value: number): number {
    const index = this.length;
    if (index >>> CHUNK_BITS === this.chunks.length) this.chunks.push(new Uint32Array(CHUNK_LENGTH));
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }
  byteSize(): number {
    return this.chunks.length * CHUNK_LENGTH * 4;
  }
}

/** Same, Int32Array chunks. */
export class I32Column implements NumberColumn {
  private readonly chunks: Int32Array[] = [];
  length = 0;
  push(value: number): number {
    const index = this.length;
    if (index >>> CHUNK_BITS === this.chunks.length) this.chunks.push(new Int32Array(CHUNK_LENGTH));
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }
  byteSize(): number {
    return this.chunks.length * CHUNK_LENGTH * 4;
  }
}

/** Same, Float64Array chunks (gas values). */
export class F64Column implements NumberColumn {
  private readonly chunks: Float64Array[] = [];
  length = 0;
  push(value: number): number {
    const index = this.length;
    if (index >>> CHUNK_BITS === this.chunks.length) this.chunks.push(new Float64Array(CHUNK_LENGTH));
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }
  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }
  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }
  byteSize(): number {
    return this.chunks.length * CHUNK_LENGTH * 8;
  }
}

export const u8Column = () => new U8Column();
export const u16Column = () => new U16Column();
export const u32Column = () => new U32Column();
export const i32Column = () => new I32Column();
export const f64Column = () => new F64Column();

const POOL_CHUNK = 1 << 20;

/** Byte strings appended one after another; each entry lives in one chunk. */
export class BytePool {
  private readonly chunks: Uint8Array[] = [];
  private used = POOL_CHUNK;
  private readonly entryChunk = u32Column();
  private readonly entryOffset = u32Column();
  private readonly entryLength = u32Column();

  /** Stores a copy of `bytes` and returns its id. */
  append(bytes: Uint8Array): number {
    const length = bytes.length;
    let chunk = this.chunks[this.chunks.length - 1];
    if (chunk === undefined || this.used + length > chunk.length) {
      chunk = new Uint8Array(Math.max(POOL_CHUNK, length));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.set(bytes, this.used);
    this.entryChunk.push(this.chunks.length - 1);
    this.entryOffset.push(this.used);
    this.used += length;
    return this.entryLength.push(length);
  }

  get(id: number): Uint8Array {
    const chunk = this.chunks[this.entryChunk.get(id)]!;
    const offset = this.entryOffset.get(id);
    return chunk.subarray(offset, offset + this.entryLength.get(id));
  }

  byteSize(): number {
    let total = this.entryChunk.byteSize() + this.entryOffset.byteSize() + this.entryLength.byteSize();
    for (const chunk of this.chunks) total += chunk.byteLength;
    return total;
  }
}

const WORD_CHUNK = 1 << 18;
const MAX_ENCODED_WORD = 33;
const MAX_WORD = (1n << 256n) - 1n;
const HALF = 1n << 255n;
/** Length-byte flag: the stored bytes are the word's complement (small negative numbers). */
const COMPLEMENT = 0x80;

/**
 * 256-bit words stored as a length byte plus their significant big-endian bytes. Most stack values are
 * small, and many others are small negative numbers in two's complement, stored as their (small)
 * complement; so a word takes ~2-5 bytes instead of 32. A word's handle is its position in the pool.
 */
export class WordPool {
  private readonly chunks: Uint8Array[] = [];
  private chunk: Uint8Array = new Uint8Array(0);
  private used = 0;
  private readonly scratch = new DataView(new ArrayBuffer(32));

  append(word: bigint): number {
    if (this.used + MAX_ENCODED_WORD > this.chunk.length) {
      this.chunk = new Uint8Array(WORD_CHUNK);
      this.chunks.push(this.chunk);
      this.used = 0;
    }
    const handle = (this.chunks.length - 1) * WORD_CHUNK + this.used;
    let value = word;
    let flag = 0;
    if (value >= HALF) {
      value = MAX_WORD ^ value;
      flag = COMPLEMENT;
    }
    this.used = value < 0x100000000n ? this.writeSmall(Number(value), flag) : this.writeLarge(value, flag);
    return handle;
  }

  private writeSmall(n: number, flag: number): number {
    const chunk = this.chunk;
    let at = this.used;
    const length = n === 0 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    chunk[at++] = length | flag;
    for (let shift = 8 * (length - 1); shift >= 0; shift -= 8) chunk[at++] = (n >>> shift) & 0xff;
    return at;
  }

  private writeLarge(value: bigint, flag: number): number {
    const chunk = this.chunk;
    let at = this.used;
    const view = this.scratch;
    view.setBigUint64(0, value >> 192n);
    view.setBigUint64(8, BigInt.asUintN(64, value >> 128n));
    view.setBigUint64(16, BigInt.asUintN(64, value >> 64n));
    view.setBigUint64(24, BigInt.asUintN(64, value));
    let first = 0;
    while (view.getUint8(first) === 0) first++;
    chunk[at++] = (32 - first) | flag;
    for (let i = first; i < 32; i++) chunk[at++] = view.getUint8(i);
    return at;
  }

  get(handle: number): bigint {
    const chunk = this.chunks[Math.floor(handle / WORD_CHUNK)]!;
    let at = handle % WORD_CHUNK;
    const header = chunk[at++]!;
    const length = header & ~COMPLEMENT;
    let word = 0n;
    let i = 0;
    // Six bytes at a time fit a double exactly.
    for (; i + 6 <= length; i += 6) {
      const n =
        chunk[at]! * 0x10000000000 +
        chunk[at + 1]! * 0x100000000 +
        (((chunk[at + 2]! << 24) | (chunk[at + 3]! << 16) | (chunk[at + 4]! << 8) | chunk[at + 5]!) >>> 0);
      word = (word << 48n) | BigInt(n);
      at += 6;
    }
    if (i < length) {
      let n = 0;
      const rest = length - i;
      for (let k = 0; k < rest; k++) n = n * 256 + chunk[at++]!;
      word = (word << BigInt(8 * rest)) | BigInt(n);
    }
    return header & COMPLEMENT ? MAX_WORD ^ word : word;
  }

  byteSize(): number {
    return this.chunks.length * WORD_CHUNK;
  }
}
