// Token amounts in attoFIL. Syscalls pass them as unsigned 128-bit values (two u64 words, spec 2.3); CBOR
// carries them as Filecoin BigInts: a byte string holding a sign byte (0 = positive) and the big-endian
// magnitude, empty for zero (spec 7.2).
import { abort, ExitCode } from "./errors";

export class TokenAmount {
  /** The low and high 64 bits. */
  lo: u64;
  hi: u64;

  constructor(lo: u64 = 0, hi: u64 = 0) {
    this.lo = lo;
    this.hi = hi;
  }

  static zero(): TokenAmount {
    return new TokenAmount(0, 0);
  }

  static fromU64(value: u64): TokenAmount {
    return new TokenAmount(value, 0);
  }

  /** `n` whole FIL (10^18 attoFIL each). */
  static fromFil(n: u64): TokenAmount {
    return TokenAmount.fromU64(n).mulU64(1_000_000_000_000_000_000);
  }

  /** Reads the 16-byte packed form (low word first) at `ptr`. */
  static load(ptr: usize): TokenAmount {
    return new TokenAmount(load<u64>(ptr), load<u64>(ptr + 8));
  }

  /** Decodes a Filecoin BigInt's bytes; negative or wider than 128 bits aborts with USR_SERIALIZATION. */
  static fromBigIntBytes(bytes: Uint8Array): TokenAmount {
    const length = bytes.length;
    if (length == 0) return TokenAmount.zero();
    if (bytes[0] == 1) abort(ExitCode.USR_SERIALIZATION, "a negative amount is not a token amount");
    if (bytes[0] != 0) abort(ExitCode.USR_SERIALIZATION, "a BigInt starts with a sign byte (0 or 1)");
    if (length - 1 > 16) abort(ExitCode.USR_SERIALIZATION, "token amount wider than 128 bits");
    let lo: u64 = 0;
    let hi: u64 = 0;
    for (let i = 1; i < length; i++) {
      hi = (hi << 8) | (lo >> 56);
      lo = (lo << 8) | <u64>bytes[i];
    }
    return new TokenAmount(lo, hi);
  }

  /** The Filecoin BigInt bytes: empty for zero, else 0x00 and the minimal big-endian magnitude. */
  toBigIntBytes(): Uint8Array {
    if (this.isZero()) return new Uint8Array(0);
    let significant = 16;
    while (significant > 0 && this.byteAt(16 - significant) == 0) significant--;
    const out = new Uint8Array(significant + 1);
    for (let i = 0; i < significant; i++) out[i + 1] = this.byteAt(16 - significant + i);
    return out;
  }

  /** Byte `i` of the 16-byte big-endian form. */
  private byteAt(i: i32): u8 {
    const word = i < 8 ? this.hi : this.lo;
    return <u8>(word >> (<u64>(7 - (i & 7)) * 8));
  }

  /** Writes the 16-byte packed form at `ptr`. */
  store(ptr: usize): void {
    store<u64>(ptr, this.lo);
    store<u64>(ptr + 8, this.hi);
  }

  isZero(): bool {
    return this.lo == 0 && this.hi == 0;
  }

  /** -1, 0 or 1. */
  compare(other: TokenAmount): i32 {
    if (this.hi != other.hi) return this.hi < other.hi ? -1 : 1;
    if (this.lo != other.lo) return this.lo < other.lo ? -1 : 1;
    return 0;
  }

  equals(other: TokenAmount): bool {
    return this.compare(other) == 0;
  }

  /** The sum; past 2^128 aborts with USR_ILLEGAL_ARGUMENT. */
  add(other: TokenAmount): TokenAmount {
    const lo = this.lo + other.lo;
    const carry: u64 = lo < this.lo ? 1 : 0;
    const partial = this.hi + other.hi;
    const hi = partial + carry;
    if (partial < this.hi || hi < partial) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "token amount overflow");
    return new TokenAmount(lo, hi);
  }

  /** The difference; below zero aborts with USR_INSUFFICIENT_FUNDS. */
  sub(other: TokenAmount): TokenAmount {
    if (this.compare(other) < 0) abort(ExitCode.USR_INSUFFICIENT_FUNDS, "token amount underflow");
    const borrow: u64 = this.lo < other.lo ? 1 : 0;
    return new TokenAmount(this.lo - other.lo, this.hi - other.hi - borrow);
  }

  /** The product with a u64; past 2^128 aborts with USR_ILLEGAL_ARGUMENT. */
  mulU64(factor: u64): TokenAmount {
    // 32-bit limbs, so each partial product fits in 64 bits.
    const f0 = factor & 0xffffffff;
    const f1 = factor >> 32;
    const limbs: StaticArray<u64> = [this.lo & 0xffffffff, this.lo >> 32, this.hi & 0xffffffff, this.hi >> 32];
    const out = new StaticArray<u64>(6);
    for (let i = 0; i < 4; i++) {
      let carry: u64 = 0;
      for (let j = 0; j < 2; j++) {
        const f = j == 0 ? f0 : f1;
        const t = limbs[i] * f + out[i + j] + carry;
        out[i + j] = t & 0xffffffff;
        carry = t >> 32;
      }
      let k = i + 2;
      while (carry != 0 && k < 6) {
        const t = out[k] + carry;
        out[k] = t & 0xffffffff;
        carry = t >> 32;
        k++;
      }
    }
    if (out[4] != 0 || out[5] != 0) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "token amount overflow");
    return new TokenAmount(out[0] | (out[1] << 32), out[2] | (out[3] << 32));
  }

  /** The amount as a u64; wider amounts abort with USR_ILLEGAL_ARGUMENT. */
  toU64(): u64 {
    if (this.hi != 0) abort(ExitCode.USR_ILLEGAL_ARGUMENT, "token amount does not fit in 64 bits");
    return this.lo;
  }

  /** Decimal attoFIL. */
  toString(): string {
    if (this.isZero()) return "0";
    // Long division by 10 over four 32-bit limbs; each step's dividend stays below 10 * 2^32.
    const limbs = new StaticArray<u64>(4);
    limbs[0] = this.hi >> 32;
    limbs[1] = this.hi & 0xffffffff;
    limbs[2] = this.lo >> 32;
    limbs[3] = this.lo & 0xffffffff;
    let digits = "";
    while (limbs[0] != 0 || limbs[1] != 0 || limbs[2] != 0 || limbs[3] != 0) {
      let remainder: u64 = 0;
      for (let i = 0; i < 4; i++) {
        const current = (remainder << 32) | limbs[i];
        limbs[i] = current / 10;
        remainder = current % 10;
      }
      digits = String.fromCharCode(48 + <i32>remainder) + digits;
    }
    return digits;
  }
}
