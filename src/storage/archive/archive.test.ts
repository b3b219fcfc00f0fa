import 'fake-indexeddb/auto';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import * as CarBufferWriter from '@ipld/car/buffer-writer';
import { describe, expect, it } from 'vitest';
import { Address } from '../../worker-vm/address';
import { PlaygroundError } from '../../worker-vm/errors';
import { type CID, cidForBlock, decodeDagCbor, encodeDagCbor } from '../../worker-vm/ipld/cid';
import { DAG_CBOR, IPLD_RAW } from '../../worker-vm/ipld/codecs';
import { compilationHash } from '../../worker-vm/session/persistence/compilationStore';
import { COMPILATION_KEY_PREFIX, META_KEY } from '../../worker-vm/session/persistence/sessionMeta';
import { BUNDLE_KEY, MODULE_NAMES_KEY } from '../../worker-vm/session/persistence/wasmRecords';
import { ChainStore } from '../chain/chainStore';
import { openKv, readAll } from '../kv/kvStore';
import { transfer, uniqueName } from '../testing/fixtures';
import { WorkspaceRegistry } from '../workspace/registry';
import { checkWorkspace } from '../workspace/workspace';
import { WorkspaceStore } from '../workspace/workspaceStore';
import { ARCHIVE_FORMAT, exportArchive } from './exportArchive';
import { importArchive, readArchive } from './importArchive';

const workspaceData = checkWorkspace({
  files: { 'contracts/Counter.sol': 'contract Counter {}', 'notes/<img onerror=x>.md': '"; DROP TABLE' },
  layout: { split: [30, 70] },
  session: { openFiles: ['contracts/Counter.sol'], activeFile: null, selectedMessage: 2 },
});

async function exportedWorkspace() {
  let n = 0;
  const registry = new WorkspaceRegistry({ prefix: uniqueName('archive'), newId: () => `id${++n}` });
  const entry = await registry.create({
    name: 'Workshop',
    workspace: workspaceData,
    genesis: { secpAccounts: 2 },
  });
  const { chain } = await ChainStore.open(await registry.open(entry.id));
  const to = Address.newId(1234);
  chain.applyMessage(transfer(chain.machine, to, 10n));
  chain.applyMessage(transfer(chain.machine, to, 20n));
  await chain.restoreTo(0);
  chain.applyMessage(transfer(chain.machine, to, 30n, 1));
  await chain.advanceEpochs(7);
  await chain.saved();
  const bytes = exportArchive({ name: entry.name, workspace: workspaceData, chain });
  return { registry, entry, chain, bytes };
}

/** The blocks of a CAR, to rebuild a tampered one. */
function blocksOf(bytes: Uint8Array): Array<{ cid: CID; bytes: Uint8Array }> {
  return CarBufferReader.fromBytes(bytes).blocks() as Array<{ cid: CID; bytes: Uint8Array }>;
}

function writeCar(root: CID, blocks: Array<{ cid: CID; bytes: Uint8Array }>): Uint8Array {
  let size = CarBufferWriter.headerLength({ roots: [root] });
  for (const block of blocks) size += CarBufferWriter.blockLength(block);
  const writer = CarBufferWriter.createWriter(new ArrayBuffer(size), { roots: [root] });
  for (const block of blocks) writer.write(block);
  return writer.close();
}

/** Rewrites the root block with `change` applied (a forged file with valid CIDs). */
function withRoot(bytes: Uint8Array, change: (root: Record<string, unknown>) => void): Uint8Array {
  const [rootBlock, ...rest] = blocksOf(bytes);
  const root = decodeDagCbor<Record<string, unknown>>(rootBlock!.bytes);
  change(root);
  const rootBytes = encodeDagCbor(root);
  const cid = cidForBlock(DAG_CBOR, rootBytes);
  return writeCar(cid, [{ cid, bytes: rootBytes }, ...rest]);
}

const rejection = (bytes: Uint8Array) => {
  try {
    readArchive(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(PlaygroundError);
    return error as PlaygroundError;
  }
  throw new Error('the file was accepted');
};

describe('export and import', () => {
  it('round-trips a workspace and its whole chain (branches, head, epoch) into a new workspace', async () => {
    const { registry, entry, chain, bytes } = await exportedWorkspace();
    const before = await readAll(await registry.open(entry.id));
    const { entry: imported, archive } = await importArchive(registry, bytes);
    expect(imported.name).toBe('Workshop (imported)');
    expect(imported.id).not.toBe(entry.id);
    expect(archive.messages).toBe(3);
    expect(archive.ignoredBlocks).toBe(0);

    const kv = await registry.open(imported.id);
    const { workspace, problems } = await new WorkspaceStore(kv).load();
    expect(problems).toEqual([]);
    expect(workspace).toEqual(workspaceData);
    const { chain: copy, recovery } = await ChainStore.open(kv, { verifyHashes: true });
    expect(recovery).toBeUndefined();
    expect(copy.head.root.equals(chain.head.root)).toBe(true);
    expect(copy.head.epoch).toBe(chain.head.epoch);
    expect(copy.head.at).toBe(2);
    expect(copy.pathTo().map((e) => e.applied.index)).toEqual([0, 2]);
    expect(copy.entries().map((e) => e.applied.result.receipt)).toEqual(
      chain.entries().map((e) => e.applied.result.receipt),
    );
    expect(copy.replay(1).reproduced).toBe(true);
    // The imported database is the same as the one the store itself wrote, and no stored value drags the
    // whole file along (IndexedDB would store a view's entire buffer).
    const stored = await readAll(kv);
    expect(new Map(stored)).toEqual(new Map(before));
    for (const [, value] of stored)
      if (value instanceof Uint8Array) expect(value.buffer.byteLength).toBe(value.length);
    // The original is untouched.
    expect(await readAll(await registry.open(entry.id))).toEqual(before);
  });

  it('rejects what is not a playground export, saying what it is', async () => {
    const { bytes } = await exportedWorkspace();
    expect(rejection(new TextEncoder().encode('{"files": {}}')).message).toMatch(/not a CAR file/);
    expect(rejection(bytes.subarray(0, bytes.length - 10)).message).toMatch(/not a CAR file/);
    const foreignBytes = encodeDagCbor({ hello: 'world' });
    const foreign = cidForBlock(DAG_CBOR, foreignBytes);
    expect(rejection(writeCar(foreign, [{ cid: foreign, bytes: foreignBytes }])).message).toMatch(
      /CAR file of something else/,
    );
    const newer = withRoot(bytes, (root) => {
      root.version = 2;
    });
    expect(rejection(newer).message).toMatch(/newer version of the playground \(export format 2\)/);
    expect(
      rejection(
        withRoot(bytes, (root) => {
          root.format = `${ARCHIVE_FORMAT}x`;
        }),
      ).message,
    ).toMatch(/something else/);
    expect(() => readArchive(bytes, 1000)).toThrow(/at most 1000/);
  });

  it('rejects damaged blocks, missing blocks and forged records', async () => {
    const { bytes, chain } = await exportedWorkspace();
    const flipped = bytes.slice();
    flipped[flipped.length - 1]! ^= 0xff;
    expect(rejection(flipped).message).toMatch(/damaged: its bytes do not match its CID/);

    const blocks = blocksOf(bytes);
    const [root, ...rest] = blocks;
    // Genesis blocks may be absent (genesis is rebuilt); a state a message produced may not.
    const state = chain.entry(1).applied.stateRootAfter;
    const withoutState = writeCar(root!.cid, [root!, ...rest.filter((b) => !b.cid.equals(state))]);
    expect(rejection(withoutState).message).toMatch(/the state after message 1 is missing blocks/);
    const genesisRoot = chain.genesis.stateRoot;
    const withoutGenesis = writeCar(root!.cid, [root!, ...rest.filter((b) => !b.cid.equals(genesisRoot))]);
    expect(readArchive(withoutGenesis).messages).toBe(3);

    const dagJson = { cid: cidForBlock(0x0129, Uint8Array.of(1)), bytes: Uint8Array.of(1) };
    expect(rejection(writeCar(root!.cid, [...blocks, dagJson])).message).toMatch(/codec 0x129/);

    const reordered = withRoot(bytes, (r) => {
      (r.messages as CID[]).reverse();
    });
    expect(rejection(reordered).message).toMatch(/says it is message 2/);

    const headLies = withRoot(bytes, (r) => {
      (r.head as Record<string, unknown>).messages = 2;
    });
    expect(rejection(headLies).kind).toBe('MalformedData');
  });

  it('rejects a hostile workspace inside a well-formed file, and leaves the workspaces as they were', async () => {
    const { registry, bytes } = await exportedWorkspace();
    const listed = (await registry.list()).entries;
    const [rootBlock, ...rest] = blocksOf(bytes);
    const root = decodeDagCbor<Record<string, unknown>>(rootBlock!.bytes);
    const evil = new TextEncoder().encode(JSON.stringify({ files: { '../../etc/passwd': 'x' } }));
    const evilCid = cidForBlock(IPLD_RAW, evil);
    root.workspace = evilCid;
    const rootBytes = encodeDagCbor(root);
    const rootCid = cidForBlock(DAG_CBOR, rootBytes);
    const forged = writeCar(rootCid, [
      { cid: rootCid, bytes: rootBytes },
      { cid: evilCid, bytes: evil },
      ...rest,
    ]);
    const error = await importArchive(registry, forged).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'MalformedData' });
    expect((error as Error).message).toMatch(/leaves the workspace/);
    expect((await registry.list()).entries).toEqual(listed);
  });

  it("carries the session's records when given (checked on import); files without them import as before", async () => {
    const { registry, entry, chain, bytes: withoutSession } = await exportedWorkspace();
    const compilation = { contracts: [], sources: [{ path: 'contracts/Counter.sol', content: 'x' }] };
    const compilationKey = `${COMPILATION_KEY_PREFIX}${compilationHash(compilation as never)}`;
    const meta = {
      v: 1,
      accounts: [],
      created: { secp256k1: 0, eth: 0 },
      contracts: [],
      messages: [0, 1, 2].map(() => ({
        kind: 'send',
        action: 'Send',
        contract: null,
        fn: null,
        artifact: null,
        deployed: null,
      })),
    };
    const sessionRecords: Array<[string, string]> = [
      [META_KEY, JSON.stringify(meta)],
      [compilationKey, JSON.stringify(compilation)],
    ];
    const bytes = exportArchive({ name: entry.name, workspace: workspaceData, chain, sessionRecords });
    const { entry: imported, archive } = await importArchive(registry, bytes);
    expect(archive.ignoredBlocks).toBe(0);
    // The same file again: a second workspace, with a name that tells it apart.
    const { entry: again } = await importArchive(registry, bytes);
    expect(again.name).toBe(`${imported.name} 2`);
    const stored = new Map(await readAll(await registry.open(imported.id)));
    expect(stored.get(META_KEY)).toEqual(meta);
    expect(stored.get(compilationKey)).toBe(JSON.stringify(compilation));
    // An older file (no `session` field) still imports, with no session records.
    const { entry: old } = await importArchive(registry, withoutSession);
    const oldKeys = (await readAll(await registry.open(old.id))).map(([key]) => String(key));
    expect(oldKeys.filter((key) => key.startsWith('p/'))).toEqual([]);

    // A changed compilation, an unknown key, a corrupted session record: the file is refused.
    const tampered = (key: string, text: string) => {
      const records = sessionRecords.map(([k, t]): [string, string] => [k, k === key ? text : t]);
      return exportArchive({ name: 'x', workspace: workspaceData, chain, sessionRecords: records });
    };
    expect(rejection(tampered(compilationKey, JSON.stringify({ ...compilation, extra: 1 }))).message).toMatch(
      /does not match its name/,
    );
    expect(rejection(tampered(META_KEY, '{"v":1,"accounts":"nope"}')).message).toMatch(
      /session record is corrupted/,
    );
    expect(rejection(tampered(META_KEY, 'not json')).message).toMatch(/not JSON text/);
    const unknownKey = exportArchive({
      name: 'x',
      workspace: workspaceData,
      chain,
      sessionRecords: [['w/files/evil', '{}']],
    });
    expect(rejection(unknownKey).message).toMatch(/not a session record this version keeps/);
    // The Wasm panel's records: names of the saved shape, a bundle the panel could load.
    const withRecord = (key: string, record: string | Uint8Array) =>
      exportArchive({ name: 'x', workspace: workspaceData, chain, sessionRecords: [[key, record]] });
    expect(rejection(withRecord(MODULE_NAMES_KEY, '{"code":5}')).message).toMatch(/are not module names/);
    expect(rejection(withRecord(BUNDLE_KEY, new Uint8Array([1, 2, 3]))).message).toMatch(
      /not a bundle the playground can load \(.*not a CAR file/,
    );
    const names = { bafkcode: 'counter.wat' };
    const { entry: named } = await importArchive(
      registry,
      withRecord(MODULE_NAMES_KEY, JSON.stringify(names)),
    );
    expect(new Map(await readAll(await registry.open(named.id))).get(MODULE_NAMES_KEY)).toEqual(names);
  });

  it('exports what is in memory even when the disk is full', async () => {
    const kv = openKv(uniqueName('export-unsaved'));
    const { chain } = await ChainStore.create(kv, {});
    kv.close();
    chain.applyMessage(transfer(chain.machine, Address.newId(99), 1n));
    const archive = readArchive(exportArchive({ name: 'x', workspace: workspaceData, chain }));
    expect(archive.messages).toBe(1);
    expect(archive.head.root.equals(chain.head.root)).toBe(true);
  });
});
