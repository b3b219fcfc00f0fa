import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PlaygroundError } from '../../worker-vm/errors';
import { ChainStore } from '../chain/chainStore';
import { commit, openKv, readKeys } from '../kv/kvStore';
import { faultyKv, transfer, uniqueName } from '../testing/fixtures';
import { checkFilePath, checkName } from './paths';
import { WorkspaceRegistry } from './registry';
import { checkWorkspace, emptyWorkspace, type WorkspaceData } from './workspace';
import { COMPILER_KEY, FILE_KEY_PREFIX, LAYOUT_KEY, SESSION_KEY, WorkspaceStore } from './workspaceStore';

const COUNTER = 'pragma solidity ^0.8.20;\ncontract Counter { uint256 public count; }\n';

function sampleWorkspace(): WorkspaceData {
  return checkWorkspace({
    files: { 'contracts/Counter.sol': COUNTER, 'README.md': '<script>alert(1)</script>' },
    compiler: { version: '0.8.26+commit.8a97fa7a', settings: { optimizer: { enabled: true, runs: 1000 } } },
    contracts: [
      {
        name: 'Counter',
        artifact: 'contracts/Counter.sol:Counter',
        idAddress: 'f01001',
        ethAddress: '0x00000000000000000000000000000000000003e9',
        robustAddress: null,
        deployedIn: 0,
        abi: [{ type: 'function', name: 'count', inputs: [], outputs: [], stateMutability: 'view' }],
      },
    ],
    layout: { panels: [20, 50, 30], theme: 'dark' },
    session: {
      openFiles: ['contracts/Counter.sol'],
      activeFile: 'contracts/Counter.sol',
      selectedMessage: 0,
    },
  });
}

describe('file paths and names', () => {
  it('accepts plain relative paths, exactly as written', () => {
    for (const path of ['a.sol', 'contracts/Token.sol', 'lib/ä/ß.sol', '__proto__', 'x y/z.sol'])
      expect(checkFilePath(path)).toBe(path);
  });

  it('refuses traversal, absolute and non-canonical paths, and control or direction characters', () => {
    for (const path of [
      '',
      '../x.sol',
      'a/../../x.sol',
      '/etc/passwd',
      './a.sol',
      'a//b.sol',
      'a\\b.sol',
      'a\u0000.sol',
      'a\n.sol',
      'a\u202e.sol',
      'a\ud800.sol',
      'x'.repeat(513),
      42,
    ]) {
      expect(() => checkFilePath(path), JSON.stringify(path)).toThrow(PlaygroundError);
    }
  });

  it('checks workspace names', () => {
    expect(checkName('  My workshop  ')).toBe('My workshop');
    expect(() => checkName('   ')).toThrow(/empty/);
    expect(() => checkName('a\u0007b')).toThrow(/control/);
  });
});

describe('WorkspaceStore', () => {
  it('saves and loads every part of a workspace', async () => {
    const kv = openKv(uniqueName('ws'));
    const store = new WorkspaceStore(kv);
    const workspace = sampleWorkspace();
    await commit(kv, WorkspaceStore.entriesFor(workspace));
    const { workspace: loaded, problems } = await store.load();
    expect(problems).toEqual([]);
    expect(loaded).toEqual(workspace);
    // Script in a file is just text: stored and returned exactly.
    expect(loaded.files['README.md']).toBe('<script>alert(1)</script>');

    await store.saveFile('contracts/Other.sol', '// other');
    await store.renameFile('contracts/Counter.sol', 'contracts/Count.sol', COUNTER);
    await store.saveSession({
      openFiles: ['contracts/Count.sol'],
      activeFile: 'contracts/Count.sol',
      selectedMessage: 3,
    });
    await store.saveLayout({ panels: [10, 90] });
    const again = (await store.load()).workspace;
    expect(Object.keys(again.files).sort()).toEqual([
      'README.md',
      'contracts/Count.sol',
      'contracts/Other.sol',
    ]);
    expect(again.session.selectedMessage).toBe(3);
    expect(again.layout).toEqual({ panels: [10, 90] });

    await store.replaceFiles({ 'only.sol': '' });
    expect(Object.keys((await store.load()).workspace.files)).toEqual(['only.sol']);
    await store.deleteFile('only.sol');
    expect((await readKeys(kv, FILE_KEY_PREFIX)).length).toBe(0);
  });

  it('keeps a __proto__ file as data', async () => {
    const store = new WorkspaceStore(openKv(uniqueName('proto')));
    await store.saveFile('__proto__', 'polluted?');
    const { workspace } = await store.load();
    expect(Object.getPrototypeOf(workspace.files)).toBeNull();
    expect(Object.getOwnPropertyDescriptor(workspace.files, '__proto__')?.value).toBe('polluted?');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports each corrupted record clearly and loads the rest', async () => {
    const kv = openKv(uniqueName('corrupt'));
    await commit(kv, WorkspaceStore.entriesFor(sampleWorkspace()));
    await commit(kv, [
      [COMPILER_KEY, { v: 1, version: 'bundled', settings: { optimizer: { enabled: 'yes', runs: 1 } } }],
      [LAYOUT_KEY, 'not a record'],
      [SESSION_KEY, { v: 9, openFiles: [] }],
      [`${FILE_KEY_PREFIX}../evil.sol`, { v: 1, content: 'x' }],
      [`${FILE_KEY_PREFIX}bad.sol`, { v: 1, content: 42 }],
    ]);
    const { workspace, problems } = await new WorkspaceStore(kv).load();
    expect(problems.map((p) => p.kind)).toEqual(Array(5).fill('MalformedData'));
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/w\/compiler: the workspace record is corrupted .*optimizer\.enabled/);
    expect(text).toMatch(/w\/layout: .*not a record/);
    expect(text).toMatch(/w\/session: .*newer version .*9/);
    expect(text).toMatch(/w\/file\/\.\.\/evil\.sol/);
    expect(text).toMatch(/w\/file\/bad\.sol/);
    expect(workspace.compiler.version).toBe('bundled');
    expect(workspace.layout).toEqual({});
    expect(Object.keys(workspace.files).sort()).toEqual(['README.md', 'contracts/Counter.sol']);
  });

  it('refuses bad input before writing anything', async () => {
    const kv = openKv(uniqueName('bad-input'));
    const store = new WorkspaceStore(kv);
    await expect(store.saveFile('../x', 'a')).rejects.toThrow(PlaygroundError);
    await expect(store.saveLayout({ f: (() => 1) as unknown as number })).rejects.toThrow(/plain JSON/);
    await expect(
      store.saveCompiler({ version: 'latest', settings: emptyWorkspace().compiler.settings }),
    ).rejects.toThrow(/solc version/);
    expect(await readKeys(kv, '')).toEqual([]);
  });

  it('turns a full quota into a typed error and keeps the previous file', async () => {
    const name = uniqueName('ws-quota');
    const store = new WorkspaceStore(faultyKv(openKv(name), () => 'quota'));
    await new WorkspaceStore(openKv(name)).saveFile('a.sol', 'old');
    const error = await store.saveFile('a.sol', 'new').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'TooLarge', where: 'storage' });
    expect((await new WorkspaceStore(openKv(name)).load()).workspace.files['a.sol']).toBe('old');
  });
});

describe('WorkspaceRegistry', () => {
  const registry = () => {
    let n = 0;
    return new WorkspaceRegistry({ prefix: uniqueName('registry'), newId: () => `ws${++n}`, now: () => n });
  };

  it('creates, lists, renames, duplicates (with the chain) and deletes workspaces', async () => {
    const workspaces = registry();
    const first = await workspaces.create({
      name: 'First',
      workspace: sampleWorkspace(),
      genesis: { ethAccounts: 1 },
    });
    const second = await workspaces.create({ name: 'Second' });
    expect((await workspaces.list()).entries.map((e) => e.name)).toEqual(['First', 'Second']);

    const { chain } = await ChainStore.open(await workspaces.open(first.id));
    chain.applyMessage(transfer(chain.machine, chain.machine.accounts[1]!.address, 7n));
    await chain.saved();

    const copy = await workspaces.duplicate(first.id);
    expect(copy.name).toBe('First (copy)');
    const copied = await ChainStore.open(await workspaces.open(copy.id));
    expect(copied.chain.head.root.equals(chain.head.root)).toBe(true);
    expect((await new WorkspaceStore(await workspaces.open(copy.id)).load()).workspace).toEqual(
      sampleWorkspace(),
    );

    // Changing the copy leaves the original alone.
    copied.chain.applyMessage(transfer(copied.chain.machine, copied.chain.machine.accounts[1]!.address, 1n));
    await copied.chain.saved();
    expect((await ChainStore.open(await workspaces.open(first.id))).chain.head.messages).toBe(1);

    await workspaces.rename(second.id, 'Renamed');
    await chain.close();
    await workspaces.delete(first.id);
    expect((await workspaces.list()).entries.map((e) => e.name)).toEqual(['Renamed', 'First (copy)']);
    await expect(workspaces.open(first.id)).rejects.toMatchObject({ kind: 'NotFound' });
    // The database itself is gone: opening its name again finds an empty one.
    expect(await readKeys(openKv(workspaces.dbName(first.id)), '')).toEqual([]);
  });

  it('deletes a workspace even while a connection to it is open', async () => {
    const workspaces = registry();
    const entry = await workspaces.create({ name: 'Busy' });
    const { chain } = await ChainStore.open(await workspaces.open(entry.id));
    await workspaces.delete(entry.id);
    expect((await workspaces.list()).entries).toEqual([]);
    void chain;
  });

  it('refuses a bad name and leaves the list unchanged', async () => {
    const workspaces = registry();
    await expect(workspaces.create({ name: '' })).rejects.toThrow(PlaygroundError);
    await expect(
      workspaces.create({ name: 'x', workspace: { ...emptyWorkspace(), files: { '../a': '' } } }),
    ).rejects.toThrow(/leaves the workspace/);
    expect((await workspaces.list()).entries).toEqual([]);
  });
});
