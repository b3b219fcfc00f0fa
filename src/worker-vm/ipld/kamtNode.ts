import { invalidInput, malformed } from '../errors';
import { type Bitfield, bitfieldFromBytes, bitfieldToBytes, emptyBitfield, popcount } from './bitfield';
import { type Blockstore, loadDagCbor, putDagCbor } from './blockstore';
import { compareBytes } from './bytes';
import { CID } from './cid';
import { DAG_CBOR } from './codecs';
import type { Extension } from './kamtExtension';

/**
 * Nodes of the Filecoin KAMT (fvm_ipld_kamt 0.4): `[bitfield, pointers]` like the HAMT, but keys are
 * used as paths without hashing and each pointer is a one-entry map: `{"v": [[key, value], ...]}` for
 * a bucket, `{"l": [cid, extension bits, extension path]}` for a link.
 */

export interface KamtOptions {
  /** Key bits consumed per level (1..8). Default 5 (EVM storage). */
  bitWidth?: number;
  /** Shallowest level allowed to hold buckets; levels above hold links only. Default 0. */
  minDataDepth?: number;
  /** Most pairs a bucket holds before it is pushed down. Default 1 (EVM storage). */
  maxArrayWidth?: number;
  /** Key length in bytes: keys are this many bytes. Default 32 (a U256 slot). */
  keyBytes?: number;
  /**
   * How keys appear in buckets: `zeroless` strips leading zero bytes, as the EVM actor serializes its
   * U256 slots (slot 0 is the empty byte string); `fixed` writes all `keyBytes` bytes. Default zeroless.
   */
  keyEncoding?: 'zeroless' | 'fixed';
}

export interface KamtConfig {
  bitWidth: number;
  minDataDepth: number;
  maxArrayWidth: number;
  keyBytes: number;
  keyBits: number;
  zeroless: boolean;
}

export interface KamtEntry<V> {
  /** Always the full `keyBytes` bytes; buckets are sorted by these bytes (the key's numeric order). */
  key: Uint8Array;
  value: V;
}

export type KamtPointer<V> =
  | { kind: 'bucket'; entries: KamtEntry<V>[] }
  | { kind: 'link'; cid: CID; extension: Extension; node: KamtNode<V> | undefined }
  | { kind: 'dirty'; node: KamtNode<V>; extension: Extension };

export interface KamtNode<V> {
  bitfield: Bitfield;
  pointers: KamtPointer<V>[];
}

export function kamtConfig(options: KamtOptions = {}): KamtConfig {
  const {
    bitWidth = 5,
    minDataDepth = 0,
    maxArrayWidth = 1,
    keyBytes = 32,
    keyEncoding = 'zeroless',
  } = options;
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 8) {
    throw invalidInput(`KAMT bit width must be an integer from 1 to 8, got ${bitWidth}`, 'bitWidth');
  }
  if (!Number.isInteger(minDataDepth) || minDataDepth < 0) {
    throw invalidInput(
      `KAMT minimum data depth must be a non-negative integer, got ${minDataDepth}`,
      'minDataDepth',
    );
  }
  if (!Number.isInteger(maxArrayWidth) || maxArrayWidth < 1) {
    throw invalidInput(`KAMT bucket width must be a positive integer, got ${maxArrayWidth}`, 'maxArrayWidth');
  }
  if (!Number.isInteger(keyBytes) || keyBytes < 1) {
    throw invalidInput(`KAMT key length must be a positive number of bytes, got ${keyBytes}`, 'keyBytes');
  }
  if (keyEncoding !== 'zeroless' && keyEncoding !== 'fixed') {
    throw invalidInput(`KAMT key encoding must be "zeroless" or "fixed", got ${keyEncoding}`, 'keyEncoding');
  }
  return {
    bitWidth,
    minDataDepth,
    maxArrayWidth,
    keyBytes,
    keyBits: keyBytes * 8,
    zeroless: keyEncoding === 'zeroless',
  };
}

export function emptyKamtNode<V>(config: KamtConfig): KamtNode<V> {
  return { bitfield: emptyBitfield(config.bitWidth), pointers: [] };
}

/** Bits of the key a node at `offset` uses for its slot index (the last level may use fewer). */
export function chunkBits(config: KamtConfig, offset: number): number {
  const left = config.keyBits - offset;
  return left < config.bitWidth ? left : config.bitWidth;
}

/**
 * Loads the node whose slot index starts at key bit `offset` and checks it: pointer count within the
 * slots and equal to the bitfield's population, no empty node below the root; buckets non-empty,
 * within the width limit, strictly sorted, keys of the right length, none above the minimum data
 * depth; links DAG-CBOR with an extension that is whole chunks, packed canonically, and leaves the
 * child at least one key bit.
 */
export function loadKamtNode<V>(
  store: Blockstore,
  cid: CID,
  config: KamtConfig,
  offset: number,
): KamtNode<V> {
  const where = () => `KAMT node ${cid}`;
  const decoded = loadDagCbor(store, cid, 'KAMT node');
  if (!Array.isArray(decoded) || decoded.length !== 2) {
    throw malformed('a KAMT node must be a 2-element array [bitfield, pointers]', where());
  }
  const [bitfieldBytes, rawPointers] = decoded as [unknown, unknown];
  if (!(bitfieldBytes instanceof Uint8Array)) throw malformed('the bitfield must be a byte string', where());
  if (!Array.isArray(rawPointers)) throw malformed('the pointers must be an array', where());
  const slots = 1 << config.bitWidth;
  if (rawPointers.length > slots) {
    throw malformed(
      `${rawPointers.length} pointers exceed the ${slots} slots of bit width ${config.bitWidth}`,
      where(),
    );
  }
  const bitfield = bitfieldFromBytes(bitfieldBytes, config.bitWidth, where);
  const occupied = popcount(bitfield);
  if (occupied !== rawPointers.length) {
    throw malformed(`${rawPointers.length} pointers but the bitfield marks ${occupied} slots`, where());
  }
  if (rawPointers.length === 0 && offset !== 0) throw malformed('only the root node may be empty', where());
  const reader = new PointerReader(config, offset, where);
  const pointers: KamtPointer<V>[] = new Array(rawPointers.length);
  for (let i = 0; i < rawPointers.length; i++) {
    reader.index = i;
    pointers[i] = reader.pointer<V>(rawPointers[i]);
  }
  return { bitfield, pointers };
}

/** Reads and checks the pointers of one node; `index` says which one, for error messages. */
class PointerReader {
  index = 0;

  constructor(
    private readonly config: KamtConfig,
    private readonly offset: number,
    private readonly node: () => string,
  ) {}

  pointer<V>(raw: unknown): KamtPointer<V> {
    if (
      raw === null ||
      typeof raw !== 'object' ||
      Array.isArray(raw) ||
      raw instanceof Uint8Array ||
      CID.asCID(raw)
    ) {
      this.fail('a pointer must be a one-entry map {"v": bucket} or {"l": link}');
    }
    const fields = Object.keys(raw);
    if (fields.length !== 1) this.fail('a pointer must be a one-entry map {"v": bucket} or {"l": link}');
    const body = (raw as Record<string, unknown>)[fields[0]!];
    if (fields[0] === 'v') return this.bucket<V>(body);
    if (fields[0] === 'l') return this.link<V>(body);
    return this.fail(`unknown pointer kind "${fields[0]}" (expected "v" or "l")`);
  }

  private bucket<V>(body: unknown): KamtPointer<V> {
    const { config } = this;
    if (!Array.isArray(body)) this.fail('a bucket must be an array of pairs');
    const depth = this.offset / config.bitWidth;
    if (depth < config.minDataDepth) {
      this.fail(`values are not allowed above the minimum data depth (${depth} < ${config.minDataDepth})`);
    }
    if (body.length === 0) this.fail('empty bucket');
    if (body.length > config.maxArrayWidth) {
      this.fail(`bucket of ${body.length} pairs exceeds the limit of ${config.maxArrayWidth}`);
    }
    const entries: KamtEntry<V>[] = [];
    for (const pair of body) {
      if (!Array.isArray(pair) || pair.length !== 2 || !(pair[0] instanceof Uint8Array)) {
        this.fail('a bucket entry must be a [key bytes, value] pair');
      }
      const key = this.key(pair[0]);
      const previous = entries[entries.length - 1];
      if (previous && compareBytes(previous.key, key) >= 0) this.fail('duplicate or unsorted keys in bucket');
      entries.push({ key, value: pair[1] as V });
    }
    return { kind: 'bucket', entries };
  }

  private link<V>(body: unknown): KamtPointer<V> {
    const { config } = this;
    if (!Array.isArray(body) || body.length !== 3)
      this.fail('a link must be [cid, extension bits, extension path]');
    const [rawCid, bits, path] = body as [unknown, unknown, unknown];
    const cid = CID.asCID(rawCid);
    if (!cid) return this.fail('a link must start with a CID');
    if (cid.code !== DAG_CBOR)
      this.fail(`child links must be DAG-CBOR, not codec 0x${cid.code.toString(16)}`);
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0) {
      return this.fail('the extension length must be a non-negative integer');
    }
    if (!(path instanceof Uint8Array)) return this.fail('the extension path must be a byte string');
    if (bits % config.bitWidth !== 0) {
      this.fail(`extension of ${bits} bits is not a whole number of ${config.bitWidth}-bit chunks`);
    }
    if (this.offset + chunkBits(config, this.offset) + bits >= config.keyBits) {
      this.fail(`extension of ${bits} bits runs past the end of ${config.keyBits}-bit keys`);
    }
    if (path.length !== Math.ceil(bits / 8)) {
      this.fail(`extension path of ${path.length} bytes does not hold exactly ${bits} bits`);
    }
    if (bits % 8 !== 0 && (path[path.length - 1]! & (0xff >>> (bits % 8))) !== 0) {
      this.fail('extension path has bits set after its end');
    }
    return { kind: 'link', cid, extension: { bits, path }, node: undefined };
  }

  private key(bytes: Uint8Array): Uint8Array {
    const { config } = this;
    if (!config.zeroless) {
      if (bytes.length !== config.keyBytes)
        this.fail(`key of ${bytes.length} bytes where keys are ${config.keyBytes} bytes`);
      return bytes;
    }
    if (bytes.length > config.keyBytes)
      this.fail(`key of ${bytes.length} bytes is longer than ${config.keyBytes} bytes`);
    // Leading zero bytes are tolerated on read, as the EVM actor's U256 decoding tolerates them.
    const key = new Uint8Array(config.keyBytes);
    key.set(bytes, config.keyBytes - bytes.length);
    return key;
  }

  private fail(message: string): never {
    throw malformed(message, `${this.node()}, pointer ${this.index}`);
  }
}

function encodeKey(key: Uint8Array, config: KamtConfig): Uint8Array {
  if (!config.zeroless) return key;
  let start = 0;
  while (start < key.length && key[start] === 0) start++;
  return key.subarray(start);
}

function kamtNodeForm<V>(node: KamtNode<V>, config: KamtConfig): unknown {
  return [
    bitfieldToBytes(node.bitfield),
    node.pointers.map((pointer) => {
      if (pointer.kind === 'bucket') {
        return { v: pointer.entries.map((entry) => [encodeKey(entry.key, config), entry.value]) };
      }
      if (pointer.kind === 'link')
        return { l: [pointer.cid, pointer.extension.bits, pointer.extension.path] };
      throw new Error('bug: a dirty KAMT child must be flushed before its parent is encoded');
    }),
  ];
}

/** Writes changed children bottom-up in slot order, as ref-fvm's flush does. */
export function flushKamtChildren<V>(node: KamtNode<V>, store: Blockstore, config: KamtConfig): void {
  const { pointers } = node;
  for (let i = 0; i < pointers.length; i++) {
    const pointer = pointers[i]!;
    if (pointer.kind !== 'dirty') continue;
    flushKamtChildren(pointer.node, store, config);
    const cid = putDagCbor(store, kamtNodeForm(pointer.node, config));
    pointers[i] = { kind: 'link', cid, extension: pointer.extension, node: pointer.node };
  }
}

export function putKamtNode<V>(node: KamtNode<V>, store: Blockstore, config: KamtConfig): CID {
  return putDagCbor(store, kamtNodeForm(node, config));
}
