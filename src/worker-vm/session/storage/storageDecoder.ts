import { keccak_256 } from '@noble/hashes/sha3.js';
import { checksumAddress } from 'viem';
import type { StorageLayout, StorageType } from '../../../compiler/types';
import { bytesToHex, bytesToNumberBE, numberToBytesBE } from '../../util/bytes';
import type { Preimages } from './preimages';

/** A variable (or part of one) stored in a slot: where its bytes are and what it is called. */
interface Leaf {
  readonly name: string;
  readonly typeId: string;
  /** Byte offset from the slot's low end (solc packs from the right). */
  readonly offset: number;
  readonly size: number;
}

/** Data of a dynamic array or a long string/bytes: slots from `start` on, found by arithmetic. */
interface DataRegion {
  readonly name: string;
  readonly start: bigint;
  /** Element type for arrays; undefined for string/bytes data. */
  readonly elementTypeId: string | undefined;
}

export interface DecodedSlotVariable {
  readonly name: string;
  readonly type: string;
  readonly before: string;
  readonly after: string;
}

/** Limits that keep a pathological layout or preimage set from running away. */
const MAX_LEAVES = 200_000;
const MAX_DEPTH = 8;
/** How far past a data region's start a slot may be and still belong to it. */
const DATA_REGION_SPAN = 1n << 40n;
const WORD = 1n << 256n;

/**
 * Names storage slots with a contract's storage layout (solc's `storageLayout` output). Plain variables
 * sit at fixed slots; a mapping entry sits at `keccak(key ‖ slot)` and an array's data at `keccak(slot)`,
 * so those are named only when the key is known: from the KECCAK256 inputs the contract computed
 * (traced), or from candidate keys (calldata words, known addresses) hashed here. Unknown slots stay raw.
 */
export class StorageDecoder {
  private readonly types: Record<string, StorageType>;
  private readonly leaves = new Map<bigint, Leaf[]>();
  private readonly regions: DataRegion[] = [];
  private leafCount = 0;

  constructor(
    layout: StorageLayout,
    private readonly preimages: Preimages,
    private readonly candidateKeys: readonly Uint8Array[] = [],
  ) {
    this.types = layout.types ?? {};
    for (const variable of layout.storage) {
      this.place(variable.type, BigInt(variable.slot), variable.offset, variable.label, 0);
    }
  }

  /** The variables a slot holds, decoded before and after; only those whose bytes changed. */
  describeChange(slot: bigint, before: bigint, after: bigint): DecodedSlotVariable[] {
    const out: DecodedSlotVariable[] = [];
    for (const leaf of this.leavesAt(slot)) {
      const b = this.extract(before, leaf);
      const a = this.extract(after, leaf);
      if (b === a) continue;
      out.push({
        name: leaf.name,
        type: this.types[leaf.typeId]?.label ?? leaf.typeId,
        before: this.format(leaf, before, b),
        after: this.format(leaf, after, a),
      });
    }
    return out;
  }

  /** The name of whatever lives at a slot (packed variables joined), or null. */
  nameOf(slot: bigint): string | null {
    const leaves = this.leavesAt(slot);
    return leaves.length === 0 ? null : leaves.map((leaf) => leaf.name).join(', ');
  }

  private leavesAt(slot: bigint): Leaf[] {
    const direct = this.leaves.get(slot);
    if (direct) return direct;
    for (const region of this.regions) {
      const delta = slot - region.start;
      if (delta < 0n || delta >= DATA_REGION_SPAN) continue;
      if (region.elementTypeId === undefined) {
        return [{ name: `${region.name} (data, word ${delta})`, typeId: 'raw', offset: 0, size: 32 }];
      }
      const element = this.types[region.elementTypeId];
      if (!element) continue;
      const size = Number(element.numberOfBytes);
      if (size <= 16 && element.encoding === 'inplace' && !element.members) {
        // Several small elements share a slot: name them all.
        const perSlot = BigInt(Math.floor(32 / size));
        const first = delta * perSlot;
        const found: Leaf[] = [];
        for (let k = 0n; k < perSlot; k++) {
          found.push({
            name: `${region.name}[${first + k}]`,
            typeId: region.elementTypeId,
            offset: Number(k) * size,
            size,
          });
        }
        return found;
      }
      const slots = BigInt(Math.ceil(size / 32));
      const index = delta / slots;
      const base = region.start + index * slots;
      const local = new StorageDecoder(
        { storage: [], types: this.types },
        this.preimages,
        this.candidateKeys,
      );
      local.place(region.elementTypeId, base, 0, `${region.name}[${index}]`, 1);
      const leaves = local.leavesAt(slot);
      if (leaves.length > 0) return leaves;
    }
    return [];
  }

  private addLeaf(slot: bigint, leaf: Leaf): void {
    if (this.leafCount >= MAX_LEAVES) return;
    this.leafCount++;
    const list = this.leaves.get(slot);
    if (list) list.push(leaf);
    else this.leaves.set(slot, [leaf]);
  }

  /** Places a variable of `typeId` at `slot`: its leaves, its mapping entries, its data regions. */
  private place(typeId: string, slot: bigint, offset: number, name: string, depth: number): void {
    const type = this.types[typeId];
    if (!type || depth > MAX_DEPTH) {
      this.addLeaf(slot, { name, typeId, offset, size: 32 - offset });
      return;
    }
    const size = Number(type.numberOfBytes);
    switch (type.encoding) {
      case 'inplace':
        if (type.members) {
          for (const member of type.members)
            this.place(
              member.type,
              (slot + BigInt(member.slot)) % WORD,
              member.offset,
              `${name}.${member.label}`,
              depth + 1,
            );
        } else if (type.base) {
          this.placeStaticArray(type, slot, name, depth);
        } else {
          this.addLeaf(slot, { name, typeId, offset, size });
        }
        return;
      case 'mapping':
        this.placeMappingEntries(type, slot, name, depth);
        return;
      case 'dynamic_array':
        this.addLeaf(slot, { name: `${name}.length`, typeId: 'length', offset: 0, size: 32 });
        if (type.base) this.regions.push({ name, start: hashWord(slot), elementTypeId: type.base });
        return;
      case 'bytes':
        this.addLeaf(slot, { name, typeId, offset: 0, size: 32 });
        this.regions.push({ name, start: hashWord(slot), elementTypeId: undefined });
        return;
    }
  }

  private placeStaticArray(type: StorageType, slot: bigint, name: string, depth: number): void {
    const element = this.types[type.base!];
    if (!element) return;
    const elementSize = Number(element.numberOfBytes);
    const total = Number(type.numberOfBytes);
    const packed = elementSize <= 16 && element.encoding === 'inplace' && !element.members && !element.base;
    if (packed) {
      const perSlot = Math.floor(32 / elementSize);
      const count = Math.floor((total / 32) * perSlot);
      for (let i = 0; i < count && this.leafCount < MAX_LEAVES; i++) {
        const at = slot + BigInt(Math.floor(i / perSlot));
        this.addLeaf(at, {
          name: `${name}[${i}]`,
          typeId: type.base!,
          offset: (i % perSlot) * elementSize,
          size: elementSize,
        });
      }
      return;
    }
    const slots = Math.ceil(elementSize / 32);
    const count = Math.floor(total / 32 / slots);
    for (let i = 0; i < count && this.leafCount < MAX_LEAVES; i++)
      this.place(type.base!, slot + BigInt(i * slots), 0, `${name}[${i}]`, depth + 1);
  }

  private placeMappingEntries(type: StorageType, slot: bigint, name: string, depth: number): void {
    if (!type.key || !type.value) return;
    const seen = new Set<bigint>();
    const enter = (hash: bigint, key: Uint8Array) => {
      if (seen.has(hash)) return;
      seen.add(hash);
      this.place(type.value!, hash, 0, `${name}[${this.formatKey(type.key!, key)}]`, depth + 1);
    };
    for (const { hash, key } of this.preimages.withSuffix(slot)) enter(hash, key);
    // Value-type keys are hashed as one padded word: try the candidates the message suggests.
    if (this.isValueKey(type.key)) {
      const base = numberToBytesBE(slot, 32);
      for (const key of this.candidateKeys) {
        const input = new Uint8Array(64);
        input.set(key, 0);
        input.set(base, 32);
        enter(bytesToNumberBE(keccak_256(input)), key);
      }
    }
  }

  private isValueKey(typeId: string): boolean {
    const type = this.types[typeId];
    return type === undefined || type.encoding === 'inplace';
  }

  private formatKey(typeId: string, key: Uint8Array): string {
    const label = this.types[typeId]?.label ?? typeId;
    if (label === 'string') return JSON.stringify(new TextDecoder().decode(key));
    if (label === 'bytes') return `0x${bytesToHex(key)}`;
    const value = bytesToNumberBE(key);
    return this.formatValue(label, value, 32);
  }

  private extract(word: bigint, leaf: Leaf): bigint {
    const bits = BigInt(leaf.size * 8);
    return (word >> BigInt(leaf.offset * 8)) & ((1n << bits) - 1n);
  }

  private format(leaf: Leaf, word: bigint, value: bigint): string {
    if (leaf.typeId === 'length') return value.toString();
    if (leaf.typeId === 'raw') return `0x${value.toString(16).padStart(64, '0')}`;
    const type = this.types[leaf.typeId];
    if (type?.encoding === 'bytes') return formatShortBytes(type.label, word);
    return this.formatValue(type?.label ?? leaf.typeId, value, leaf.size);
  }

  private formatValue(label: string, value: bigint, size: number): string {
    if (label === 'bool') return value === 0n ? 'false' : 'true';
    if (label === 'address' || label === 'address payable' || label.startsWith('contract ')) {
      const hex = `0x${(value & ((1n << 160n) - 1n)).toString(16).padStart(40, '0')}`;
      return checksumAddress(hex as `0x${string}`);
    }
    const int = /^int(\d+)$/.exec(label);
    if (int) {
      const bits = BigInt(Number(int[1]));
      const signed = value >= 1n << (bits - 1n) ? value - (1n << bits) : value;
      return signed.toString();
    }
    if (/^uint\d+$/.test(label) || label.startsWith('enum ')) return value.toString();
    const fixed = /^bytes(\d+)$/.exec(label);
    if (fixed) return `0x${value.toString(16).padStart(Number(fixed[1]) * 2, '0')}`;
    return `0x${value.toString(16).padStart(size * 2, '0')}`;
  }
}

const hashWord = (slot: bigint) => bytesToNumberBE(keccak_256(numberToBytesBE(slot % WORD, 32)));

/** string/bytes in their slot: short values inline (length × 2 in the low byte), long ones as a length. */
function formatShortBytes(label: string, word: bigint): string {
  if (word === 0n) return label === 'string' ? '""' : '0x';
  if ((word & 1n) === 1n) return `(${(word - 1n) / 2n} bytes, stored in data slots)`;
  const length = Number((word & 0xffn) / 2n);
  const bytes = numberToBytesBE(word, 32).subarray(0, length);
  return label === 'string' ? JSON.stringify(new TextDecoder().decode(bytes)) : `0x${bytesToHex(bytes)}`;
}
