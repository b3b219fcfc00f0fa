/**
 * Storage for large traces: typed-array columns that grow by whole chunks (no copying of what is already
 * recorded), a pool of byte strings, and a pool of variable-length words.
 */

type NumericArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

const CHUNK_BITS = 16;
const CHUNK_LENGTH = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_LENGTH - 1;

/** An append-only column of numbers in 64 Ki-entry typed-array chunks. */
export class Column<A extends NumericArray> {
  private readonly chunks: A[] = [];
  private readonly make: (length: number) => A;
  length = 0;

  constructor(make: (length: number) => A) {
    this.make = make;
  }

  push(value: number): number {
    const index = this.length;
    const chunk = index >>> CHUNK_BITS;
    if (chunk === this.chunks.length) this.chunks.push(this.make(CHUNK_LENGTH));
    this.chunks[chunk]![index & CHUNK_MASK] = value;
    this.length = index + 1;
    return index;
  }

  get(index: number): number {
    return this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK]!;
  }

  set(index: number, value: number): void {
    this.chunks[index >>> CHUNK_BITS]![index & CHUNK_MASK] = value;
  }

  /** Bytes allocated. */
  byteSize(): number {
    let total = 0;
    for (const chunk of this.chunks) total += chunk.byteLength;
    return total;
  }
}

export const u8Column = () => new Column((n) => new Uint8Array(n));
export const u16Column = () => new Column((n) => new Uint16Array(n));
export const u32Column = () => new Column((n) => new Uint32Array(n));
export const i32Column = () => new Column((n) => new Int32Array(n));
export const f64Column = () => new Column((n) => new Float64Array(n));

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

/**
 * 256-bit words stored as a length byte plus their significant big-endian bytes (most stack values are
 * small, so a word takes ~2-9 bytes instead of 32). A word's handle is its position in the pool.
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
    const chunk = this.chunk;
    let at = this.used;
    if (word < 0x100000000n) {
      const n = Number(word);
      const length = n === 0 ? 0 : n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
      chunk[at++] = length;
      for (let i = length - 1; i >= 0; i--) chunk[at++] = (n / 2 ** (8 * i)) & 0xff;
    } else {
      const view = this.scratch;
      view.setBigUint64(0, word >> 192n);
      view.setBigUint64(8, BigInt.asUintN(64, word >> 128n));
      view.setBigUint64(16, BigInt.asUintN(64, word >> 64n));
      view.setBigUint64(24, BigInt.asUintN(64, word));
      let first = 0;
      while (view.getUint8(first) === 0) first++;
      chunk[at++] = 32 - first;
      for (let i = first; i < 32; i++) chunk[at++] = view.getUint8(i);
    }
    this.used = at;
    return handle;
  }

  get(handle: number): bigint {
    const chunk = this.chunks[Math.floor(handle / WORD_CHUNK)]!;
    let at = handle % WORD_CHUNK;
    const length = chunk[at++]!;
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
    return word;
  }

  byteSize(): number {
    return this.chunks.length * WORD_CHUNK;
  }
}
