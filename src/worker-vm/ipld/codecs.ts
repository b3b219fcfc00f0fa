/** IPLD codec and multihash codes the FVM uses (spec 3.3, 7.1). */
export const CBOR = 0x51;
export const DAG_CBOR = 0x71;
export const IPLD_RAW = 0x55;
export const IDENTITY_HASH = 0x00;
export const BLAKE2B_256 = 0xb220;
/** Largest block `ipld.block_create` accepts (spec 6.8). */
export const MAX_BLOCK_SIZE = 1 << 20;
