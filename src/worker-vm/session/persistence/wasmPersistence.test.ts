import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../../storage/archive/importArchive';
import { commit, openKv } from '../../../storage/kv/kvStore';
import { decodeShareLink } from '../../../storage/shareLink/codec';
import { writeBundle } from '../../wasm/bundle/bundle';
import { wat } from '../../wasm/testing/wat.node';
import { createShareLink, exportWorkspace, openShareLink, setShareRegistry } from '../share/shareService';
import { sessionOn, testBrowser } from '../testing/storedSession';
import type { PersistenceEnv } from './sessionPersistence';
import { BUNDLE_KEY, MODULE_NAMES_KEY } from './wasmRecords';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../tests/fixtures/wasm/${name}`, import.meta.url), 'utf8');

let bundle: Uint8Array;
let counter: Uint8Array;
beforeAll(async () => {
  bundle = writeBundle([{ name: 'account', bytes: await wat(fixture('account.wat')) }]);
  counter = await wat(fixture('counter.wat'));
});

const browser = () => testBrowser('wasm-persist');

/** The UI's side of an export or a share: a one-file workspace (the chain is what is tested). */
const SNAPSHOT = {
  name: 'w',
  files: [['a.sol', 'contract A {}']] as Array<[string, string]>,
  compiler: {
    version: 'bundled',
    settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
  },
  openFiles: [],
  activeFile: null,
};

/** A workspace where the bundle's account actor ran message 0 (PubkeyAddress on a genesis account). */
async function workspaceWithBundle(env: PersistenceEnv) {
  const { id } = await env.registry.create({ name: 'w' });
  const { session } = await sessionOn(env, id);
  await session.loadBundle(bundle);
  const code = session.installWasm(counter, 'counter.wat').code;
  const [from, to] = session.state().accounts.map((a) => a.robust!);
  const detail = session.submit({ kind: 'wasmInvoke', from: from!, to: to!, method: 2 });
  expect(detail.exitCode).toBe(0);
  await session.persistence!.saved();
  await session.closeWorkspace();
  return { id, code, gasUsed: detail.gasUsed };
}

describe('the Wasm panel across a reload', () => {
  it('reapplies the saved bundle (traces replay the same) and keeps module names', async () => {
    const env = browser();
    const { id, code, gasUsed } = await workspaceWithBundle(env);

    const { session, opened } = await sessionOn(env, id);
    expect(opened.recovery).toEqual([]);
    const overview = session.wasmOverview();
    expect(overview.bundle?.actors.map((a) => [a.name, a.replaces !== null])).toEqual([['account', true]]);
    expect(overview.codes.find((c) => c.code === code)?.name).toBe('counter.wat');
    expect(session.traceOrigin(0)).toEqual({ origin: 'recomputed', mismatch: null });
    expect(session.message(0).gasUsed).toBe(gasUsed);
    // New messages run the bundle's actor too: the same call costs the same.
    const [from, to] = session.state().accounts.map((a) => a.robust!);
    expect(session.submit({ kind: 'wasmInvoke', from: from!, to: to!, method: 2 }).gasUsed).toBe(gasUsed);
    await session.closeWorkspace();
  });

  it('without the saved bundle the native actor replays, and the trace is marked as differing', async () => {
    const env = browser();
    const { id } = await workspaceWithBundle(env);
    const kv = await openKv(env.registry.dbName(id));
    await commit(kv, [], [BUNDLE_KEY]);
    kv.close();

    const { session } = await sessionOn(env, id);
    expect(session.wasmOverview().bundle).toBeNull();
    expect(session.traceOrigin(0).origin).toBe('differs');
    await session.closeWorkspace();
  });

  it('a corrupted record is reported and dropped; the workspace still opens', async () => {
    const env = browser();
    const { id } = await workspaceWithBundle(env);
    const kv = await openKv(env.registry.dbName(id));
    await commit(kv, [
      [BUNDLE_KEY, 'not bytes'],
      [MODULE_NAMES_KEY, { code: 42 }],
    ]);
    kv.close();

    const { session, opened } = await sessionOn(env, id);
    expect(opened.recovery).toEqual([
      expect.stringMatching(/saved bundle was not loaded/),
      expect.stringMatching(/module names were not loaded/),
    ]);
    expect(session.wasmOverview().bundle).toBeNull();
    expect(session.wasmOverview().codes.every((c) => c.name === null)).toBe(true);
    await session.closeWorkspace();
  });

  it('an export file carries the bundle and the names: the imported workspace replays the same', async () => {
    const env = browser();
    const { id, code, gasUsed } = await workspaceWithBundle(env);
    const { session } = await sessionOn(env, id);
    const exported = exportWorkspace(session, SNAPSHOT);
    await session.closeWorkspace();

    const { entry } = await importArchive(env.registry, exported.bytes);
    const { session: imported, opened } = await sessionOn(env, entry.id);
    expect(opened.recovery).toEqual([]);
    const overview = imported.wasmOverview();
    expect(overview.bundle?.actors.map((a) => a.name)).toEqual(['account']);
    expect(overview.codes.find((c) => c.code === code)?.name).toBe('counter.wat');
    // The bundle's actor replays message 0: the trace is the one recorded, not the native actor's.
    expect(imported.traceOrigin(0)).toEqual({ origin: 'recomputed', mismatch: null });
    expect(imported.message(0).gasUsed).toBe(gasUsed);
    await imported.closeWorkspace();
  });

  it('a share link carries the module names (not the bundle); the opened workspace shows them', async () => {
    const env = browser();
    setShareRegistry(env.registry);
    const { id: made } = await env.registry.create({ name: 'w' });
    const { session } = await sessionOn(env, made);
    const code = session.installWasm(counter, 'counter.wat').code;
    // A label that is another module's CID would take its place in createActor steps: it stays out.
    const empty =
      '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 0))';
    const other = session.installWasm(await wat(empty), code).code;
    const from = session.state().accounts[0]!.robust!;
    expect(session.submit({ kind: 'wasmCreate', from, code }).exitCode).toBe(0);
    const link = createShareLink(session, { ...SNAPSHOT, artifacts: [] });
    await session.closeWorkspace();
    const installs = decodeShareLink(link.fragment).scenario.steps.filter((s) => s.kind === 'installActor');
    expect(installs.map((s) => ('name' in s ? s.name : undefined)).sort()).toEqual([
      'counter.wat',
      undefined,
    ]);

    const opened = await openShareLink({ fragment: link.fragment, artifacts: [] });
    expect(opened.sameStateRoot).toBe(true);
    const { session: shared, opened: open } = await sessionOn(env, opened.workspaceId);
    expect(open.recovery).toEqual([]);
    const names = new Map(shared.wasmOverview().codes.map((c) => [c.code, c.name]));
    expect(names.get(code)).toBe('counter.wat');
    expect(names.get(other)).toBeNull();
    await shared.closeWorkspace();
  });

  it('a read-only tab may not load a bundle', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session: writer } = await sessionOn(env, id);
    const { session: reader, opened } = await sessionOn(env, id);
    expect(opened.status.readOnly).toBe(true);
    await expect(reader.loadBundle(bundle)).rejects.toThrow(/read-only/);
    expect(reader.wasmOverview().bundle).toBeNull();
    await reader.closeWorkspace();
    await writer.closeWorkspace();
  });
});
