import { readBits, writeBits } from './keyBits';

/**
 * A KAMT link's extension: key bits skipped between a node and the child the link points to, so a
 * run of single-pointer levels costs one link instead of a chain of nodes. `path` holds the `bits`
 * packed most significant bit first, trailing bits of the last byte zero (as ref-fvm packs them).
 */
export interface Extension {
  readonly bits: number;
  readonly path: Uint8Array;
}

export const NO_EXTENSION: Extension = { bits: 0, path: new Uint8Array(0) };

/** Copies `count` bits of `source` starting at bit `from` into a new extension. */
export function extensionFromBits(source: Uint8Array, from: number, count: number): Extension {
  if (count === 0) return NO_EXTENSION;
  const path = new Uint8Array(Math.ceil(count / 8));
  for (let done = 0; done < count; done += 8) {
    const chunk = count - done < 8 ? count - done : 8;
    writeBits(path, done, readBits(source, from + done, chunk), chunk);
  }
  return { bits: count, path };
}

/**
 * How many bits of the extension the key matches from `offset`, compared a `bitWidth` chunk at a time
 * (a partly matching chunk does not count), as ref-fvm's `Extension::longest_match`.
 */
export function matchExtension(
  extension: Extension,
  key: Uint8Array,
  offset: number,
  bitWidth: number,
): number {
  let matched = 0;
  while (matched < extension.bits) {
    const count = extension.bits - matched < bitWidth ? extension.bits - matched : bitWidth;
    if (readBits(key, offset + matched, count) !== readBits(extension.path, matched, count)) break;
    matched += bitWidth;
  }
  return matched;
}

/**
 * Splits an extension where a key stopped matching it: the matched head, the slot index of the next
 * chunk (where the old child hangs under the new intermediate node) and the tail after that chunk.
 */
export function splitExtension(
  extension: Extension,
  matched: number,
  bitWidth: number,
): { head: Extension; index: number; tail: Extension } {
  return {
    head: extensionFromBits(extension.path, 0, matched),
    index: readBits(extension.path, matched, bitWidth),
    tail: extensionFromBits(extension.path, matched + bitWidth, extension.bits - matched - bitWidth),
  };
}

/** Undoes a split: parent extension ‖ the child's slot index ‖ the grandchild's extension. */
export function joinExtensions(head: Extension, index: number, bitWidth: number, tail: Extension): Extension {
  const bits = head.bits + bitWidth + tail.bits;
  const path = new Uint8Array(Math.ceil(bits / 8));
  const copy = (from: Extension, at: number) => {
    for (let done = 0; done < from.bits; done += 8) {
      const chunk = from.bits - done < 8 ? from.bits - done : 8;
      writeBits(path, at + done, readBits(from.path, done, chunk), chunk);
    }
  };
  copy(head, 0);
  writeBits(path, head.bits, index, bitWidth);
  copy(tail, head.bits + bitWidth);
  return { bits, path };
}

/**
 * The longest run of whole chunks, from `offset`, that `key` shares with every one of `others`: the
 * extension of the child a full bucket is pushed down into (ref-fvm `longest_common_prefix`). The
 * keys differ, so the run always ends before the last chunk.
 */
export function commonPrefix(
  key: Uint8Array,
  others: readonly Uint8Array[],
  offset: number,
  bitWidth: number,
): Extension {
  const totalBits = key.length * 8;
  let at = offset;
  while (at < totalBits) {
    const count = totalBits - at < bitWidth ? totalBits - at : bitWidth;
    const chunk = readBits(key, at, count);
    let shared = true;
    for (const other of others) {
      if (readBits(other, at, count) !== chunk) {
        shared = false;
        break;
      }
    }
    if (!shared) break;
    at += count;
  }
  return extensionFromBits(key, offset, at - offset);
}
