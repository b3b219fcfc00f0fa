// IPLD blocks: an invocation sees blocks through handles (ids from 1), creates blocks from bytes, links them
// (computes their CID, blake2b-256, and stores them) and opens blocks reachable from its state or params.
import { BLAKE2B_256 } from "./crypto";
import { check } from "./errors";
import { ipld_block_create, ipld_block_link, ipld_block_open, ipld_block_read, ipld_block_stat, SCRATCH } from "./sys";

/** Codecs the FVM accepts for blocks (spec 3.3). */
export const CBOR: u64 = 0x51;
export const DAG_CBOR: u64 = 0x71;
export const RAW: u64 = 0x55;

/** The longest CID the FVM writes (`MAX_CID_LEN`). */
export const MAX_CID_LENGTH: u32 = 100;

/** "No block": a handle for no params and no return value. */
export const NO_BLOCK: u32 = 0;

export class BlockStat {
  codec: u64 = 0;
  size: u32 = 0;
}

export class OpenedBlock {
  id: u32 = 0;
  codec: u64 = 0;
  size: u32 = 0;
}

/** Creates a block from `data` under `codec`; returns its handle. */
export function blockCreate(codec: u64, data: Uint8Array): u32 {
  check(ipld_block_create(SCRATCH, codec, data.dataStart, <u32>data.length), "ipld.block_create");
  return load<u32>(SCRATCH);
}

/** The codec and size of the block `id`. */
export function blockStat(id: u32): BlockStat {
  check(ipld_block_stat(SCRATCH, id), "ipld.block_stat");
  const stat = new BlockStat();
  stat.codec = load<u64>(SCRATCH);
  stat.size = load<u32>(SCRATCH + 8);
  return stat;
}

/** The bytes of the block `id`, all of them. */
export function blockRead(id: u32): Uint8Array {
  const size = blockStat(id).size;
  const data = new Uint8Array(<i32>size);
  if (size > 0) check(ipld_block_read(SCRATCH, id, 0, data.dataStart, size), "ipld.block_read");
  return data;
}

/** Opens the block with this CID (it must be reachable: the state root, a params link, ...). */
export function blockOpen(cid: Uint8Array): OpenedBlock {
  check(ipld_block_open(SCRATCH, cid.dataStart), "ipld.block_open");
  const opened = new OpenedBlock();
  opened.codec = load<u64>(SCRATCH);
  opened.id = load<u32>(SCRATCH + 8);
  opened.size = load<u32>(SCRATCH + 12);
  return opened;
}

/** Stores the block `id` and returns its CID (CIDv1, the block's codec, blake2b-256: the only hash allowed). */
export function blockLink(id: u32): Uint8Array {
  const cid = new Uint8Array(<i32>MAX_CID_LENGTH);
  check(ipld_block_link(SCRATCH, id, BLAKE2B_256, 32, cid.dataStart, MAX_CID_LENGTH), "ipld.block_link");
  return cid.slice(0, <i32>load<u32>(SCRATCH));
}

/** Stores `data` as a block and returns its CID. */
export function putBlock(codec: u64, data: Uint8Array): Uint8Array {
  return blockLink(blockCreate(codec, data));
}

/** The bytes of the (reachable) block with this CID. */
export function getBlock(cid: Uint8Array): Uint8Array {
  const opened = blockOpen(cid);
  const data = new Uint8Array(<i32>opened.size);
  if (opened.size > 0) {
    check(ipld_block_read(SCRATCH, opened.id, 0, data.dataStart, opened.size), "ipld.block_read");
  }
  return data;
}
