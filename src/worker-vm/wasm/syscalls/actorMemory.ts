import { Address } from '../../address';
import { CID } from '../../ipld/cid';
import { ErrorNumber } from '../../kernel/codes';
import { SyscallError } from '../../kernel/errors';

/** The longest CID the FVM reads or writes (ref-fvm `MAX_CID_LEN`). */
export const MAX_CID_LEN = 100;
/** The largest multihash digest a CID in Wasm memory may carry (rust-cid's `Multihash<64>`). */
const MAX_DIGEST_LEN = 64;

const outOfBounds = (offset: number, length: number) =>
  new SyscallError(ErrorNumber.IllegalArgument, `buffer ${offset} (length ${length}) out of bounds`);

/**
 * An actor instance's linear memory as the syscall bindings see it (ref-fvm `syscalls/context.rs`).
 * Offsets and lengths arrive as Wasm i32s and are read as u32; every range is checked against the memory's
 * current size, and views are re-made when `memory.grow` has replaced the buffer.
 */
export class ActorMemory {
  private buffer: ArrayBuffer;
  private u8: Uint8Array;
  private view: DataView;

  constructor(readonly memory: WebAssembly.Memory) {
    this.buffer = memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
  }

  /** The memory's bytes (a fresh view when the memory grew). */
  bytes(): Uint8Array {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.u8;
  }

  /** A DataView over the memory (little-endian accessors write the packed structs). */
  dataView(): DataView {
    if (this.memory.buffer !== this.buffer) this.refresh();
    return this.view;
  }

  private refresh(): void {
    this.buffer = this.memory.buffer;
    this.u8 = new Uint8Array(this.buffer);
    this.view = new DataView(this.buffer);
  }

  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** `offset + length <= memory size` (in u64 arithmetic), else IllegalArgument. */
  checkBounds(offset: number, length: number): void {
    const off = offset >>> 0;
    const len = length >>> 0;
    if (off + len > this.byteLength) throw outOfBounds(off, len);
  }

  /** A view of `length` bytes at `offset` (valid until the memory grows). */
  slice(offset: number, length: number): Uint8Array {
    const off = offset >>> 0;
    const len = length >>> 0;
    const bytes = this.bytes();
    if (off + len > bytes.length) throw outOfBounds(off, len);
    return bytes.subarray(off, off + len);
  }

  /** A copy of `length` bytes at `offset`, for data the host keeps. */
  copy(offset: number, length: number): Uint8Array {
    return this.slice(offset, length).slice();
  }

  /**
   * A CID starting at `offset`, read up to the end of memory as ref-fvm does (the parser stops after four
   * varints and the digest). Out of bounds or unparseable → IllegalArgument.
   */
  readCid(offset: number): CID {
    const off = offset >>> 0;
    const bytes = this.bytes();
    if (off > bytes.length) {
      throw new SyscallError(ErrorNumber.IllegalArgument, `cid at offset ${off} is out of bounds`);
    }
    // Four varints (at most 10 bytes each) plus a 64-byte digest fit in 104 bytes.
    const window = bytes.slice(off, Math.min(bytes.length, off + 4 * 10 + MAX_DIGEST_LEN));
    let cid: CID;
    try {
      [cid] = CID.decodeFirst(window);
    } catch (error) {
      throw new SyscallError(ErrorNumber.IllegalArgument, `failed to parse cid: ${(error as Error).message}`);
    }
    if (cid.multihash.size > MAX_DIGEST_LEN) {
      throw new SyscallError(ErrorNumber.IllegalArgument, 'failed to parse cid: digest longer than 64 bytes');
    }
    return cid;
  }

  /** Writes a CID into `(offset, length)`: IllegalArgument when out of bounds, BufferTooSmall when short. */
  writeCid(cid: CID, offset: number, length: number): number {
    const out = this.slice(offset, length);
    const bytes = cid.bytes;
    if (bytes.length > out.length)
      throw new SyscallError(ErrorNumber.BufferTooSmall, 'cid output buffer is too small');
    out.set(bytes);
    return bytes.length;
  }

  /** An address in binary form at `(offset, length)`; unparseable → IllegalArgument. */
  readAddress(offset: number, length: number): Address {
    const bytes = this.copy(offset, length);
    try {
      return Address.fromBytes(bytes);
    } catch (error) {
      throw new SyscallError(ErrorNumber.IllegalArgument, `invalid address: ${(error as Error).message}`);
    }
  }

  /** UTF-8 text at `(offset, length)`; invalid UTF-8 → IllegalArgument. */
  readUtf8(offset: number, length: number, what: string): string {
    const bytes = this.slice(offset, length);
    try {
      return strictUtf8.decode(bytes);
    } catch {
      throw new SyscallError(ErrorNumber.IllegalArgument, `${what} is not valid UTF-8`);
    }
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
