import { describe, expect, it } from 'vitest';
import { Address } from '../address';
import { MemoryBlockstore, putDagCbor } from '../ipld/blockstore';
import { cidForBlock, encodeDagCbor } from '../ipld/cid';
import { DAG_CBOR } from '../ipld/codecs';
import { Manifest, V18_MANIFEST_DATA_CID } from './manifest';
import { StateTree } from './stateTree';

describe('builtin-actors v18 manifest', () => {
  it('encodes to the real bundle manifest data CID (spec Appendix A)', () => {
    const manifest = new Manifest();
    expect(cidForBlock(DAG_CBOR, encodeDagCbor(manifest.toData())).toString()).toBe(V18_MANIFEST_DATA_CID);
  });
  it('knows type ids and names', () => {
    const manifest = new Manifest();
    expect(manifest.typeOf(manifest.code('evm'))).toBe(14);
    expect(manifest.typeOf(manifest.code('ethaccount'))).toBe(16);
    expect(manifest.codeForType(15)?.equals(manifest.code('eam'))).toBe(true);
    expect(manifest.typeOf(cidForBlock(DAG_CBOR, new Uint8Array([0x80])))).toBe(0);
  });
});

describe('state tree', () => {
  const setup = () => {
    const store = new MemoryBlockstore();
    const empty = putDagCbor(store, []);
    const tree = StateTree.create(store, empty);
    const manifest = new Manifest();
    const actor = (balance: bigint) => ({
      code: manifest.code('account'),
      head: empty,
      sequence: 0,
      balance,
      delegatedAddress: null,
    });
    return { store, tree, actor };
  };

  it('flushes to a version-5 root that loads back the same actors', () => {
    const { store, tree, actor } = setup();
    tree.setActor(100, actor(5n));
    tree.setActor(101, {
      ...actor(7n),
      delegatedAddress: Address.newDelegated(10, new Uint8Array(20).fill(1)),
    });
    const root = tree.flush();
    const loaded = StateTree.load(store, root);
    expect(loaded.getActor(100)?.balance).toBe(5n);
    expect(loaded.getActor(101)?.delegatedAddress?.toString()).toMatch(/^f410f/);
    expect(loaded.flush().equals(root)).toBe(true);
  });

  it('rolls back nested transactions and keeps committed ones', () => {
    const { tree, actor } = setup();
    tree.setActor(100, actor(1n));
    tree.beginTransaction();
    tree.setActor(100, actor(2n));
    tree.beginTransaction();
    tree.setActor(100, actor(3n));
    tree.deleteActor(100);
    tree.endTransaction(true);
    expect(tree.getActor(100)?.balance).toBe(2n);
    tree.endTransaction(false);
    expect(tree.getActor(100)?.balance).toBe(2n);
    tree.beginTransaction();
    tree.setActor(102, actor(9n));
    tree.endTransaction(true);
    expect(tree.getActor(102)).toBeUndefined();
  });

  it('refuses to flush inside a transaction and rejects foreign roots with a clear error', () => {
    const { store, tree } = setup();
    tree.beginTransaction();
    expect(() => tree.flush()).toThrow(/inside a transaction/);
    tree.endTransaction(false);
    const notAStateRoot = putDagCbor(store, [4, 'x', 'y']);
    expect(() => StateTree.load(store, notAStateRoot)).toThrow(/version 4 is not supported/);
    expect(() => StateTree.load(store, putDagCbor(store, { a: 1 }))).toThrow(
      /expected \[version, actors, info\]/,
    );
  });
});
