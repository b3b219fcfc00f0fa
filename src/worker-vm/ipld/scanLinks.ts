import * as Digest from 'multiformats/hashes/digest';
import { type ErrorKind, PlaygroundError } from '../errors';
import { CID } from './cid';
import { BLAKE2B_256, CBOR, DAG_CBOR, IDENTITY_HASH, IPLD_RAW } from './codecs';

/**
 * The FVM's scan of a new block for the links it makes reachable (ref-fvm `fvm/src/ipld`), which the
 * kernel charges as `OnScanIpldLinks` (35 gas per CBOR item, 400 per CID; spec 3.3, 6.4).
 *
 * Only DAG-CBOR is scanned; CBOR and RAW blocks have no links. The scan reads CBOR headers only: every
 * header counts as one field (a tag header too, and for a non-CID tag the tagged item counts again),
 * and every tag 42 counts as one CID. A linked CID must use codec CBOR, DAG-CBOR or RAW (piece
 * commitments 0xf101/0xf102 are skipped) and blake2b-256, or be an identity CID, whose inline bytes are
 * scanned in turn and which is not itself returned.
 */

export interface LinkScan {
  /** CBOR items read (charged per field). */
  fields: number;
  /** Tag-42 CIDs met, inline ones included (charged per CID). */
  cids: number;
  /** The reachable links, in the order met. */
  links: CID[];
}

/** Gas accounting during the scan, so running out happens where ref-fvm's visitor runs out. */
export interface ScanBudget {
  available: bigint;
  perField: bigint;
  perCid: bigint;
}

/** The FVM error number a scan failure maps to. */
export type ScanFailure = 'Serialization' | 'NotFound' | 'IllegalCodec' | 'OutOfGas';

const kindOf: Record<ScanFailure, ErrorKind> = {
  Serialization: 'MalformedData',
  NotFound: 'NotFound',
  IllegalCodec: 'InvalidInput',
  OutOfGas: 'TooLarge',
};

/**
 * A failed scan. The scan charges as it goes, so the fields and CIDs read before the failure are
 * still owed (and with a budget, `gasUsed` is what to charge: everything when gas ran out).
 */
export class LinkScanError extends PlaygroundError {
  constructor(
    readonly failure: ScanFailure,
    message: string,
    readonly fields: number,
    readonly cids: number,
    readonly gasUsed: bigint | undefined,
  ) {
    super(kindOf[failure], message, 'IPLD link scan');
    this.name = 'LinkScanError';
  }
}

const FIL_COMMITMENT_UNSEALED = 0xf101;
const FIL_COMMITMENT_SEALED = 0xf102;
const MAX_DIGEST_SIZE = 64;
const U64_MAX = (1n << 64n) - 1n;

export function scanIpldLinks(codec: number, bytes: Uint8Array, budget?: ScanBudget): LinkScan {
  const scanner = new Scanner(budget);
  scanner.scanBlock(codec, bytes);
  return { fields: scanner.fields, cids: scanner.cids, links: scanner.links };
}

class Scanner {
  fields = 0;
  cids = 0;
  readonly links: CID[] = [];
  private gasLeft: bigint | undefined;
  // The cursor of the block being read (inline blocks save and restore it).
  private bytes: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(private readonly budget: ScanBudget | undefined) {
    this.gasLeft = budget?.available;
  }

  scanBlock(codec: number, bytes: Uint8Array): void {
    if (codec === DAG_CBOR) this.scanDagCbor(bytes);
    else if (codec !== IPLD_RAW && codec !== CBOR)
      this.fail('IllegalCodec', `codec 0x${codec.toString(16)} not allowed`);
  }

  private scanDagCbor(bytes: Uint8Array): void {
    const savedBytes = this.bytes;
    const savedAt = this.at;
    this.bytes = bytes;
    this.at = 0;
    // Items still to read. ref-fvm counts in u64; a number is exact up to 2^53, past which (only
    // reachable with 8-byte array/map headers) the count continues as a bigint.
    let remaining = 1;
    let bigRemaining: bigint | undefined;
    while (bigRemaining === undefined ? remaining > 0 : bigRemaining > 0n) {
      if (bigRemaining === undefined) remaining--;
      else bigRemaining--;
      this.charge(this.budget?.perField);
      this.fields++;
      const major = this.readHeader();
      const extra = this.extra;
      let more = 0;
      switch (major) {
        case 0:
        case 1:
        case 7:
          break;
        case 2:
        case 3:
          this.skip(extra);
          break;
        case 6:
          if (extra !== 42) more = 1;
          else this.readLink();
          break;
        case 4:
          more = extra;
          break;
        default: // 5: a map holds a key and a value per entry
          more = 2 * extra;
      }
      if (more === 0) continue;
      if (
        bigRemaining === undefined &&
        remaining + more <= Number.MAX_SAFE_INTEGER &&
        this.extraBig === undefined
      ) {
        remaining += more;
        continue;
      }
      const exact = this.extraBig ?? BigInt(extra);
      bigRemaining =
        (bigRemaining ?? BigInt(remaining)) + (major === 5 ? 2n * exact : major === 6 ? 1n : exact);
      if (bigRemaining > U64_MAX) this.fail('Serialization', 'cbor field count overflow');
    }
    if (this.at !== bytes.length)
      this.fail('Serialization', `${bytes.length - this.at} trailing bytes in CBOR block`);
    this.bytes = savedBytes;
    this.at = savedAt;
  }

  /** The argument of the last header read (a length, count, tag or value)... */
  private extra = 0;
  /** ...and, when it came from 8 bytes and passes 2^53, its exact value. */
  private extraBig: bigint | undefined;

  private readHeader(): number {
    const first = this.bytes[this.at];
    if (first === undefined) this.fail('Serialization', 'invalid cbor header');
    this.at++;
    const low = first & 0x1f;
    this.extraBig = undefined;
    if (low < 24) this.extra = low;
    else if (low <= 27) this.extra = this.readUint(1 << (low - 24));
    else this.fail('Serialization', 'invalid cbor header');
    return first >>> 5;
  }

  private readUint(size: number): number {
    if (this.at + size > this.bytes.length) this.fail('Serialization', 'invalid cbor header');
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + this.bytes[this.at + i]!;
    if (value > Number.MAX_SAFE_INTEGER) {
      let exact = 0n;
      for (let i = 0; i < size; i++) exact = (exact << 8n) | BigInt(this.bytes[this.at + i]!);
      this.extraBig = exact;
    }
    this.at += size;
    return value;
  }

  private skip(length: number): void {
    if (length > this.bytes.length - this.at) this.fail('Serialization', 'unexpected end of cbor stream');
    this.at += length;
  }

  private readLink(): void {
    this.charge(this.budget?.perCid);
    this.cids++;
    const major = this.readHeader();
    const length = this.extra;
    if (major !== 2) this.fail('Serialization', 'expected cbor type byte string in input');
    if (length > this.bytes.length - this.at) this.fail('Serialization', 'unexpected end of cbor stream');
    if (length < 1 || this.bytes[this.at] !== 0)
      this.fail('Serialization', 'DagCBOR CID does not start with a 0x byte');
    const cidBytes = this.bytes.subarray(this.at + 1, this.at + length);
    this.at += length;
    this.visit(readCid(cidBytes, (message) => this.fail('Serialization', message)));
  }

  private visit(cid: ParsedCid): void {
    if (cid.codec === FIL_COMMITMENT_UNSEALED || cid.codec === FIL_COMMITMENT_SEALED) return;
    if (cid.codec !== CBOR && cid.codec !== DAG_CBOR && cid.codec !== IPLD_RAW) {
      this.fail('NotFound', `block links to CID with forbidden codec ${cid.codec}`);
    }
    if (cid.hashCode === IDENTITY_HASH) {
      this.scanBlock(cid.codec, cid.digest);
      return;
    }
    if (cid.hashCode !== BLAKE2B_256 || cid.digest.length !== 32) {
      this.fail(
        'NotFound',
        `block links to CID with forbidden multihash type (code: ${cid.hashCode}, len: ${cid.digest.length})`,
      );
    }
    this.links.push(CID.createV1(cid.codec, Digest.create(cid.hashCode, cid.digest.slice())));
  }

  private charge(price: bigint | undefined): void {
    if (this.gasLeft === undefined || price === undefined) return;
    if (this.gasLeft < price) {
      this.gasLeft = 0n;
      this.fail('OutOfGas', 'out of gas while scanning block links');
    }
    this.gasLeft -= price;
  }

  private fail(failure: ScanFailure, message: string): never {
    const gasUsed =
      this.budget && this.gasLeft !== undefined ? this.budget.available - this.gasLeft : undefined;
    throw new LinkScanError(failure, message, this.fields, this.cids, gasUsed);
  }
}

interface ParsedCid {
  codec: number;
  hashCode: number;
  digest: Uint8Array;
}

/**
 * Reads a binary CID as the `cid` crate does: version 1 (or a CIDv0, recognised by its leading
 * 0x12 0x20 and read as a 32-byte sha2-256 digest with codec DAG-PB), varints minimal, digest at
 * most 64 bytes, nothing after it.
 */
function readCid(bytes: Uint8Array, fail: (message: string) => never): ParsedCid {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = bytes[at++];
      if (byte === undefined) fail('invalid cid: unexpected end of varint');
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (byte === 0 && i > 0) fail('invalid cid: varint is not minimal');
        if (i === 9 && byte > 1) fail('invalid cid: varint overflows u64');
        return value;
      }
      scale *= 128;
    }
    return fail('invalid cid: varint overflows u64');
  };
  const version = varint();
  const second = varint();
  if (version === 0x12 && second === 0x20) {
    if (bytes.length - at < 32) fail('invalid cid: truncated CIDv0 digest');
    const digest = bytes.subarray(at, at + 32);
    at += 32;
    if (at !== bytes.length) fail(`cid has ${bytes.length - at} trailing bytes`);
    return { codec: 0x70, hashCode: 0x12, digest };
  }
  if (version !== 1) fail(`invalid cid: unsupported version ${version}`);
  const codec = second;
  const hashCode = varint();
  const size = varint();
  if (size > MAX_DIGEST_SIZE) fail(`invalid cid: digest of ${size} bytes is larger than ${MAX_DIGEST_SIZE}`);
  if (bytes.length - at < size) fail('invalid cid: truncated digest');
  const digest = bytes.subarray(at, at + size);
  at += size;
  if (at !== bytes.length) fail(`cid has ${bytes.length - at} trailing bytes`);
  return { codec, hashCode, digest };
}
