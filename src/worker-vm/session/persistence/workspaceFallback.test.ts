import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportArchive } from '../../../storage/archive/exportArchive';
import { openKv, readSnapshot } from '../../../storage/kv/kvStore';
import type { CompilationInput } from '../artifacts/artifactRegistry';
import type { PlaygroundSession } from '../session';
import { sessionChain } from '../share/sessionChain';
import {
  createShareLink,
  exportWorkspace,
  importWorkspace,
  openShareLink,
  sessionContracts,
  setShareRegistry,
} from '../share/shareService';
import type { CompiledContractCode, ShareRequest } from '../share/shareTypes';
import { compileForSession, STORE_LINES, STORE_PATH, STORE_SOURCE } from '../testing/sessionFixture.node';
import { sessionOn as sessionOnStored, testBrowser } from '../testing/storedSession';
import { META_KEY } from './sessionMeta';

/**
 * A workspace without the session's own record (opened from a share link, imported from a file that
 * has none) is named and typed from its `w/contracts` record; an export carries the session record, so
 * an import restores everything (source maps and storage names too) before any compile.
 */

let input: CompilationInput;
let artifacts: CompiledContractCode[];
const env = testBrowser('fallback');
setShareRegistry(env.registry);

beforeAll(async () => {
  const compiled = await compileForSession({ [STORE_PATH]: STORE_SOURCE });
  input = compiled.input;
  artifacts = compiled.result.contracts.map((c) => ({ id: c.id, bytecode: c.creation.object, abi: c.abi }));
}, 120_000);

const SNAPSHOT = {
  files: [[STORE_PATH, STORE_SOURCE]] as Array<[string, string]>,
  compiler: {
    version: 'bundled',
    settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
  },
  openFiles: [STORE_PATH],
  activeFile: STORE_PATH,
};

const sessionOn = (id: string) => sessionOnStored(env, id);

/** Deploy Store("vault"), deposit(5), deposit(7), and a check(11) that reverts with TooBig. */
function useStore(session: PlaygroundSession): string {
  const key = session.registerCompilation(input).artifacts.find((a) => a.name === 'Store')!.key;
  const from = session.state().accounts.find((a) => a.kind === 'eth')!.robust!;
  session.submit({ kind: 'deploy', from, artifactKey: key, args: ['vault'] });
  for (const amount of ['5', '7'])
    session.submit({ kind: 'invoke', from, contract: 0, function: 'deposit(uint256)', args: [amount] });
  session.submit({
    kind: 'invoke',
    from,
    contract: 0,
    function: 'check(uint256)',
    args: ['11'],
    gasLimit: 5_000_000,
  });
  return from;
}

/** The variable names message 1's state diff gives Store's storage. */
const storageNames = (session: PlaygroundSession) =>
  session.stateDiff(1).actors.flatMap((a) => a.storage.flatMap((slot) => slot.variables.map((v) => v.name)));

const ACTIONS = ['deploy Store', 'deposit(uint256)', 'deposit(uint256)', 'check(uint256)'];

/** What a restored session must give back without any compile: names, ABIs, decoded calls. */
function expectNamedAndTyped(session: PlaygroundSession, from: string): void {
  const state = session.state();
  expect(state.messages.map((m) => m.action)).toEqual(ACTIONS);
  const store = state.contracts.find((c) => c.createdBy === 0 && c.source === 'deployed')!;
  expect(store.name).toBe('Store');
  expect(store.abi?.some((item) => (item as { name?: string }).name === 'deposit')).toBe(true);
  // The contract its constructor created is listed too.
  expect(state.contracts.some((c) => c.source === 'created' && c.createdBy === 0)).toBe(true);
  // A call decodes: its event by the ABI, a revert by its custom error.
  const deposit = session.message(1);
  expect(deposit.events.map((e) => e.name)).toEqual(['Deposited(address,uint256)']);
  expect(session.message(3).revert?.summary).toBe('TooBig(uint256,uint256): amount=11, max=10');
  // Forms work: a view function reads the state.
  const total = session.read({
    kind: 'invoke',
    from,
    contract: store.index,
    function: 'total()',
    args: [],
  });
  expect(total.returned?.[0]?.text).toBe('12');
}

describe('a workspace without a session record', () => {
  it('opened from a share link: contracts named and typed from the workspace record, source maps after a compile', async () => {
    const { id } = await env.registry.create({ name: 'source' });
    const { session } = await sessionOn(id);
    const from = useStore(session);
    const request: ShareRequest = { ...SNAPSHOT, name: 'Store', artifacts };
    const link = createShareLink(session, request);
    await session.closeWorkspace();

    const opened = await openShareLink({ fragment: link.fragment, artifacts });
    expect(opened.sameStateRoot).toBe(true);
    const kv = openKv(env.registry.dbName(opened.workspaceId));
    expect((await readSnapshot(kv, [META_KEY], [])).singles.get(META_KEY)).toBeUndefined();
    kv.close();

    const { session: shared, opened: info } = await sessionOn(opened.workspaceId);
    expect(info.state.stateRoot).toBe(opened.stateRoot);
    expectNamedAndTyped(shared, from);
    // The ABI-only artifact has no code: the debugger has steps but no source yet.
    expect(shared.debugInfo(1).files).toEqual([]);

    // The app compiles the workspace after opening it: the code matches and the full artifact replaces
    // the ABI-only one (source maps, storage layout), names kept; the session record is then written.
    shared.registerCompilation(input);
    const info1 = shared.debugInfo(1);
    expect(info1.files.map((f) => f.path)).toContain(STORE_PATH);
    const names = storageNames(shared);
    expect(names).toContain('total');
    expect(shared.state().messages.map((m) => m.action)).toEqual(ACTIONS);
    await shared.persistence!.saved();
    await shared.closeWorkspace();

    const { session: reopened } = await sessionOn(opened.workspaceId);
    expectNamedAndTyped(reopened, from);
    expect(reopened.debugInfo(1).files.map((f) => f.path)).toContain(STORE_PATH);
    await reopened.closeWorkspace();
  }, 120_000);

  it('imported from a file without session records (an older export): named from its contracts record', async () => {
    const { id } = await env.registry.create({ name: 'old export' });
    const { session } = await sessionOn(id);
    const from = useStore(session);
    // What an export wrote before it carried the session record.
    const bytes = exportArchive({
      name: 'old export',
      workspace: {
        files: Object.fromEntries(SNAPSHOT.files),
        compiler: SNAPSHOT.compiler,
        contracts: sessionContracts(session),
        layout: {},
        session: { openFiles: [], activeFile: null, selectedMessage: null },
      },
      chain: sessionChain(session),
    });
    await session.closeWorkspace();
    const imported = await importWorkspace(bytes);
    const { session: again } = await sessionOn(imported.workspaceId);
    expectNamedAndTyped(again, from);
    await again.closeWorkspace();
  }, 120_000);

  it('imported from an export: the session record travels, so source maps and storage names work before a compile', async () => {
    const { id } = await env.registry.create({ name: 'exported' });
    const { session } = await sessionOn(id);
    const from = useStore(session);
    const before = session.state();
    const exported = exportWorkspace(session, { ...SNAPSHOT, name: 'exported' });
    await session.closeWorkspace();

    const imported = await importWorkspace(exported.bytes);
    const { session: again, opened } = await sessionOn(imported.workspaceId);
    expect(opened.recovery).toEqual([]);
    expectNamedAndTyped(again, from);
    expect(again.state().contracts.map((c) => [c.name, c.source])).toEqual(
      before.contracts.map((c) => [c.name, c.source]),
    );
    const debug = again.debugInfo(1);
    expect(debug.files.map((f) => f.path)).toContain(STORE_PATH);
    const names = storageNames(again);
    expect(names).toContain('total');
    // The revert's source line comes from the stored source map.
    expect(again.message(3).revertLocation).toEqual({ path: STORE_PATH, line: STORE_LINES.revertTooBig });
    await again.closeWorkspace();
  }, 120_000);
});
