import type { CID } from '../../worker-vm/ipld/cid';
import { DAG_CBOR } from '../../worker-vm/ipld/codecs';
import { scanIpldLinks } from '../../worker-vm/ipld/scanLinks';

/** Finds a block's bytes (the loaded database, then the rebuilt genesis). */
export type BlockLookup = (cid: CID) => Uint8Array | undefined;

/**
 * CIDs that state links to but that are not blocks of the chain: the built-in actors' code CIDs (ref-fvm
 * keeps the Wasm bundle in the blockstore; the playground runs those actors natively, so it has none).
 */
export type ExternalCids = (cid: CID) => boolean;

export const noExternalCids: ExternalCids = () => false;

/** A CID's bytes as a binary string: a cheap Map key (no base32). */
export function cidKey(cid: CID): string {
  return String.fromCharCode.apply(null, cid.bytes as unknown as number[]);
}

/** The links of a block: DAG-CBOR blocks are scanned as the FVM scans them; CBOR and raw have none. */
function linksOf(cid: CID, bytes: Uint8Array): CID[] {
  return cid.code === DAG_CBOR ? scanIpldLinks(DAG_CBOR, bytes).links : [];
}

interface Frame {
  readonly key: string;
  readonly links: CID[];
  next: number;
  complete: boolean;
}

/**
 * Decides, for state roots, whether every block they reach is present and decodable. Each block is read
 * once however many roots share it (the roots of a chain share almost everything), by a post-order walk
 * that remembers each block's answer; the walk is iterative, so deep trees cannot overflow the stack.
 */
export class CompletenessCheck {
  private readonly complete = new Map<string, boolean>();
  /** Blocks some root needs that are not there. */
  readonly missing: CID[] = [];
  /** Blocks that are there but do not decode (their links cannot be known). */
  readonly broken: CID[] = [];
  /** Every present block met, with its bytes (what a root needs, for loading or export). */
  readonly found: Array<[CID, Uint8Array]> = [];

  constructor(
    private readonly lookup: BlockLookup,
    private readonly external: ExternalCids = noExternalCids,
  ) {}

  get blocksRead(): number {
    return this.complete.size;
  }

  isComplete(root: CID): boolean {
    const known = this.complete.get(cidKey(root));
    if (known !== undefined) return known;
    const stack: Frame[] = [];
    const rootFrame = this.open(root, cidKey(root));
    if (!rootFrame) return this.complete.get(cidKey(root))!;
    stack.push(rootFrame);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.links.length) {
        const child = top.links[top.next++]!;
        const key = cidKey(child);
        const answer = this.complete.get(key);
        if (answer !== undefined) {
          if (!answer) top.complete = false;
          continue;
        }
        const frame = this.open(child, key);
        if (frame) stack.push(frame);
        else if (!this.complete.get(key)) top.complete = false;
        continue;
      }
      stack.pop();
      this.complete.set(top.key, top.complete);
      if (!top.complete && stack.length > 0) stack[stack.length - 1]!.complete = false;
    }
    return this.complete.get(cidKey(root))!;
  }

  /** Starts a block, or records it as missing or broken and returns undefined. */
  private open(cid: CID, key: string): Frame | undefined {
    if (this.external(cid)) {
      this.complete.set(key, true);
      return undefined;
    }
    const bytes = this.lookup(cid);
    if (!bytes) {
      this.complete.set(key, false);
      this.missing.push(cid);
      return undefined;
    }
    let links: CID[];
    try {
      links = linksOf(cid, bytes);
    } catch {
      this.complete.set(key, false);
      this.broken.push(cid);
      return undefined;
    }
    this.found.push([cid, bytes]);
    return { key, links, next: 0, complete: true };
  }
}

/**
 * Every block reachable from `roots` that `lookup` has (for loading, export and finding orphans).
 * Missing blocks are skipped; use CompletenessCheck to know whether anything is missing.
 */
export function collectReachable(
  roots: Iterable<CID>,
  lookup: BlockLookup,
  external: ExternalCids = noExternalCids,
): Array<[CID, Uint8Array]> {
  const seen = new Set<string>();
  const out: Array<[CID, Uint8Array]> = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const cid = stack.pop()!;
    const key = cidKey(cid);
    if (seen.has(key)) continue;
    seen.add(key);
    const bytes = external(cid) ? undefined : lookup(cid);
    if (!bytes) continue;
    out.push([cid, bytes]);
    try {
      for (const link of linksOf(cid, bytes)) stack.push(link);
    } catch {
      // A block that does not decode links nothing we could follow.
    }
  }
  return out;
}
