import { describe, expect, it } from 'vitest';
import { MemoryBlockstore, putDagCbor } from './blockstore';
import { cidForBlock } from './cid';
import { DAG_CBOR } from './codecs';

describe('FVM CIDs', () => {
  it('EMPTY_ARR_CID is the blake2b-256 DAG-CBOR CID of an empty array (spec 7.1)', () => {
    const cid = cidForBlock(DAG_CBOR, new Uint8Array([0x80]));
    expect(cid.toString()).toBe('bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a');
    expect(Buffer.from(cid.multihash.digest).toString('hex')).toBe(
      '45b0cfc220ceec5b7c1c62c4d4193d38e4eba48e8815729ce75f9c0ab0e4c1c0',
    );
  });

  it('the empty HAMT node [h"", []] has the CID the spec computes (spec 7.1)', () => {
    const store = new MemoryBlockstore();
    const cid = putDagCbor(store, [new Uint8Array(0), []]);
    expect(Buffer.from(store.get(cid)!).toString('hex')).toBe('824080');
    expect(cid.toString()).toBe('bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay');
  });
});
