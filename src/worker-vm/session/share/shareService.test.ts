import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChainStore } from '../../../storage/chain/chainStore';
import { decodeShareLink } from '../../../storage/shareLink/codec';
import { isArtifactDeploy } from '../../../storage/shareLink/payload';
import { uniqueName } from '../../../storage/testing/fixtures';
import { WorkspaceRegistry } from '../../../storage/workspace/registry';
import { WorkspaceStore } from '../../../storage/workspace/workspaceStore';
import { PlaygroundError } from '../../errors';
import { PlaygroundSession } from '../session';
import { compileForSession, STORE_PATH, STORE_SOURCE } from '../testing/sessionFixture.node';
import {
  createShareLink,
  exportWorkspace,
  importWorkspace,
  openShareLink,
  previewShareLink,
  setShareRegistry,
} from './shareService';
import type { CompiledContractCode, ShareRequest } from './shareTypes';

const SETTINGS = { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] };
let artifacts: CompiledContractCode[];
let session: PlaygroundSession;
let request: ShareRequest;
const registry = new WorkspaceRegistry({ prefix: uniqueName('share-service') });
setShareRegistry(registry);

/** A session that deployed Store, deposited, had a call revert and funded a new account. */
beforeAll(async () => {
  const { result, input } = await compileForSession({ [STORE_PATH]: STORE_SOURCE });
  artifacts = result.contracts.map((c) => ({ id: c.id, bytecode: c.creation.object, abi: c.abi }));
  session = new PlaygroundSession();
  const { artifacts: registered } = session.registerCompilation(input);
  const store = registered.find((a) => a.name === 'Store')!;
  const from = session.state().accounts.find((a) => a.kind === 'eth')!.robust!;
  session.submit({ kind: 'deploy', from, artifactKey: store.key, args: ['shared'] });
  session.submit({ kind: 'invoke', from, contract: 0, function: 'deposit(uint256)', args: ['5'] });
  session.submit({
    kind: 'invoke',
    from,
    contract: 0,
    function: 'check(uint256)',
    args: ['11'],
    gasLimit: 5_000_000,
  });
  session.createAccount({ kind: 'eth', funder: from, amount: '3 FIL' });
  request = {
    name: 'Store <img src=x onerror=alert(1)>',
    files: [[STORE_PATH, STORE_SOURCE]],
    compiler: { version: 'bundled', settings: SETTINGS },
    openFiles: [STORE_PATH],
    activeFile: STORE_PATH,
    artifacts,
  };
}, 120_000);

describe('share links from the IDE session', () => {
  it('encodes the session chain with deploys named by artifact, and opens it as a new workspace on the same state', async () => {
    const link = createShareLink(session, request);
    expect(link.fragment.startsWith('#v1/')).toBe(true);
    expect(link.length).toBe(link.fragment.length);
    expect(link.messages).toBe(session.records.length);
    const payload = decodeShareLink(link.fragment);
    const deploys = payload.scenario.steps.filter((s) => s.kind === 'deploy');
    expect(deploys).toHaveLength(1);
    expect(isArtifactDeploy(deploys[0]!)).toBe(true);

    const preview = previewShareLink(link.fragment);
    expect(preview.files).toEqual([[STORE_PATH, STORE_SOURCE]]);
    expect(preview.name).toBe(request.name);

    const before = (await registry.list()).entries.length;
    const opened = await openShareLink({ fragment: link.fragment, artifacts });
    expect(opened.sameStateRoot).toBe(true);
    expect(opened.sameReceipts).toBe(true);
    expect(opened.stateRoot).toBe(session.state().stateRoot);
    expect(opened.receipts.map((r) => r.exitCode)).toEqual(
      session.records.map((r) => r.applied.result.receipt.exitCode),
    );
    expect(opened.receipts.some((r) => r.exitCode !== 0)).toBe(true);
    expect((await registry.list()).entries).toHaveLength(before + 1);

    // The new workspace holds the replayed chain and the deployed contract with its ABI.
    const kv = await registry.open(opened.workspaceId);
    const { chain } = await ChainStore.open(kv);
    expect(chain.head.root.toString()).toBe(session.state().stateRoot);
    expect(chain.length).toBe(session.records.length);
    const { workspace } = await new WorkspaceStore(kv).load();
    expect(workspace.contracts.map((c) => [c.name, c.artifact, c.deployedIn])).toEqual([
      ['Store', `${STORE_PATH}:Store`, 0],
    ]);
    expect(workspace.contracts[0]!.abi?.length).toBeGreaterThan(0);
    expect(workspace.session.activeFile).toBe(STORE_PATH);
    await chain.close();
    kv.close();
  });

  it('refuses a damaged link or a link whose contracts did not compile, and creates nothing', async () => {
    const link = createShareLink(session, request);
    const before = (await registry.list()).entries.length;
    const flipped = `${link.fragment.slice(0, 40)}${link.fragment[40] === 'A' ? 'B' : 'A'}${link.fragment.slice(41)}`;
    await expect(openShareLink({ fragment: flipped, artifacts })).rejects.toBeInstanceOf(PlaygroundError);
    await expect(
      openShareLink({ fragment: link.fragment.slice(0, link.fragment.length - 7), artifacts }),
    ).rejects.toBeInstanceOf(PlaygroundError);
    await expect(openShareLink({ fragment: link.fragment, artifacts: [] })).rejects.toThrow(
      /did not produce/,
    );
    expect((await registry.list()).entries).toHaveLength(before);
  });

  it('says when a replay differs from what the link expects', async () => {
    // The same link opened with other creation code for Store (Callee's): the chain differs.
    const link = createShareLink(session, request);
    const callee = artifacts.find((a) => a.id.endsWith(':Callee'))!;
    const wrong = artifacts.map((a) => (a.id.endsWith(':Store') ? { ...a, bytecode: callee.bytecode } : a));
    const opened = await openShareLink({ fragment: link.fragment, artifacts: wrong });
    expect(opened.sameStateRoot).toBe(false);
    expect(opened.sameReceipts).toBe(false);
  });

  it('keeps deploys of code that is not one of the compiled contracts as bytecode', () => {
    const link = createShareLink(session, { ...request, artifacts: [] });
    const payload = decodeShareLink(link.fragment);
    const deploy = payload.scenario.steps.find((s) => s.kind === 'deploy')!;
    expect(isArtifactDeploy(deploy)).toBe(false);
    expect(link.length).toBeGreaterThan(createShareLink(session, request).length);
  });
});

describe('export and import of the IDE session', () => {
  it('exports the workspace and chain as one file that imports as a new workspace on the same state', async () => {
    const exported = exportWorkspace(session, { ...request, name: 'My Store/../x' });
    expect(exported.fileName).toBe('My-Store-..-x.fvmws.car');
    const imported = await importWorkspace(exported.bytes);
    expect(imported.stateRoot).toBe(session.state().stateRoot);
    expect(imported.messages).toBe(session.records.length);
    expect(imported.name).toBe('My Store/../x (imported)');
    const kv = await registry.open(imported.workspaceId);
    const { workspace } = await new WorkspaceStore(kv).load();
    expect(workspace.files[STORE_PATH]).toBe(STORE_SOURCE);
    expect(workspace.contracts[0]?.name).toBe('Store');
    kv.close();
  });

  it('rejects a corrupted or foreign file with the archive message and creates nothing', async () => {
    const exported = exportWorkspace(session, request);
    const before = (await registry.list()).entries.length;
    const corrupted = exported.bytes.slice();
    corrupted[Math.floor(corrupted.length / 2)]! ^= 0xff;
    await expect(importWorkspace(corrupted)).rejects.toBeInstanceOf(PlaygroundError);
    await expect(importWorkspace(new TextEncoder().encode('hello, not a CAR'))).rejects.toBeInstanceOf(
      PlaygroundError,
    );
    expect((await registry.list()).entries).toHaveLength(before);
  });
});
