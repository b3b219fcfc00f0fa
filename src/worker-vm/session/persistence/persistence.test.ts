import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { commit, openKv, prefixRange } from '../../../storage/kv/kvStore';
import type { CompilationInput } from '../artifacts/artifactRegistry';
import type { PlaygroundSession } from '../session';
import { compileForSession, STORE_PATH, STORE_SOURCE } from '../testing/sessionFixture.node.js';
import { sessionOn, testBrowser } from '../testing/storedSession';
import { COMPILATION_KEY_PREFIX, META_KEY } from './sessionMeta';

let input: CompilationInput;
beforeAll(async () => {
  ({ input } = await compileForSession({ [STORE_PATH]: STORE_SOURCE }));
}, 120_000);

const browser = () => testBrowser('persist');

/** Deploys Store and calls deposit(5) and deposit(7): messages 0, 1, 2. */
function useStore(session: PlaygroundSession) {
  const key = session.registerCompilation(input).artifacts.find((a) => a.name === 'Store')!.key;
  const from = session.state().accounts.find((a) => a.kind === 'eth')!.robust!;
  expect(session.submit({ kind: 'deploy', from, artifactKey: key, args: ['vault'] }).exitCode).toBe(0);
  for (const amount of ['5', '7'])
    expect(
      session.submit({ kind: 'invoke', from, contract: 0, function: 'deposit(uint256)', args: [amount] })
        .exitCode,
    ).toBe(0);
  return from;
}

const total = (session: PlaygroundSession, from: string) =>
  session.read({ kind: 'invoke', from, contract: 0, function: 'total()', args: [] }).returned?.[0]?.text;

describe('a session on a stored workspace', () => {
  it('reopens with the log, contracts, ABIs and names, and recomputes traces by replay', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session, opened } = await sessionOn(env, id);
    expect(opened.status.readOnly).toBe(false);
    const from = useStore(session);
    const before = session.state();
    const beforeDetail = session.message(1);
    await session.persistence!.saved();
    await session.closeWorkspace();

    // A new worker (a reload): no compile registered yet, the session record brings the artifacts.
    const { session: again, opened: reopened } = await sessionOn(env, id);
    expect(reopened.recovery).toEqual([]);
    const after = again.state();
    expect(after.stateRoot).toBe(before.stateRoot);
    expect(after.messages).toEqual(before.messages);
    expect(after.contracts.map((c) => [c.name, c.source, c.abi !== null])).toEqual(
      before.contracts.map((c) => [c.name, c.source, true]),
    );
    expect(again.traceOrigin(1)).toEqual({ origin: 'recomputed', mismatch: null });
    const detail = again.message(1);
    expect(detail.action).toBe('deposit(uint256)');
    expect(detail.events.map((e) => e.name)).toEqual(beforeDetail.events.map((e) => e.name));
    expect(again.callTree(1).count).toBeGreaterThan(1);
    expect(again.stateDiff(1).actors.length).toBeGreaterThan(0);
    expect(again.debugInfo(1).totalSteps).toBeGreaterThan(0);
    expect(total(again, from)).toBe('12');
    await again.closeWorkspace();
  }, 120_000);

  it('time travel: restores an earlier state, branches from it, and lists only the branch contracts', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session } = await sessionOn(env, id);
    const from = useStore(session);
    await session.restoreTo(1);
    expect(total(session, from)).toBe('5');
    session.submit({ kind: 'invoke', from, contract: 0, function: 'deposit(uint256)', args: ['1'] });
    expect(total(session, from)).toBe('6');
    expect(session.chainInfo()).toMatchObject({ at: 3, parents: [-1, 0, 1, 1], onPath: [0, 1, 3] });
    await session.restoreTo(-1);
    expect(session.state().contracts).toEqual([]);
    await expect(session.restoreTo(9)).rejects.toThrow(/no message #9/);
    await session.persistence!.saved();
    await session.closeWorkspace();
    const { session: again } = await sessionOn(env, id);
    expect(again.chainInfo()).toMatchObject({ at: -1, parents: [-1, 0, 1, 1] });
    await again.closeWorkspace();
  }, 120_000);

  it('a second tab opens read-only, refuses writes, follows the writer and takes over when it leaves', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session: writer } = await sessionOn(env, id);
    const { session: reader, opened } = await sessionOn(env, id);
    expect(opened.status.readOnly).toBe(true);
    const from = useStore(writer);
    await writer.persistence!.saved();
    expect(() => reader.submit({ kind: 'send', from, to: from, value: '1' })).toThrow(/read-only/);
    await expect(reader.restoreTo(-1)).rejects.toThrow(/read-only/);
    const followed = await reader.followWriter();
    expect(followed.changed).toBe(true);
    expect(followed.state.stateRoot).toBe(writer.state().stateRoot);
    expect(followed.state.messages.map((m) => m.action)).toEqual([
      'deploy Store',
      'deposit(uint256)',
      'deposit(uint256)',
    ]);

    const free = reader.awaitWriter();
    await writer.closeWorkspace();
    expect(await free).toBe(true);
    const taken = await reader.takeOver();
    expect(taken.status.readOnly).toBe(false);
    reader.submit({ kind: 'invoke', from, contract: 0, function: 'deposit(uint256)', args: ['1'] });
    expect(total(reader, from)).toBe('13');
    await reader.closeWorkspace();
  }, 120_000);

  it('rebuilds the log from the chain alone when the session record is corrupted', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session } = await sessionOn(env, id);
    useStore(session);
    await session.persistence!.saved();
    await session.closeWorkspace();
    const kv = openKv(env.registry.dbName(id));
    await commit(kv, [[META_KEY, { v: 1, accounts: 'nope' }]]);
    kv.close();

    const { session: again, opened } = await sessionOn(env, id);
    expect(opened.status.readOnly).toBe(false);
    expect(opened.recovery).toEqual([
      expect.stringMatching(/session record is corrupted.*rebuilt from the chain/),
    ]);
    const state = again.state();
    // The stored compilations still load: the deployed code matches one, so the contract and its deploy
    // are named again; calls stay plain (which function was called was in the lost record).
    expect(state.messages.map((m) => m.action)).toEqual(['deploy Store', 'call', 'call']);
    expect(state.contracts.map((c) => [c.name, c.source])).toEqual([
      ['Store', 'deployed'],
      ['Callee', 'created'],
    ]);
    await again.closeWorkspace();

    // The writable reopen saved a fresh record. Without it and the compilations, the chain alone gives
    // IDs until a compile names the contracts by their code.
    const kv2 = openKv(env.registry.dbName(id));
    await commit(kv2, [], [META_KEY, prefixRange(COMPILATION_KEY_PREFIX)]);
    kv2.close();
    const { session: bare } = await sessionOn(env, id);
    const plain = bare.state();
    expect(plain.messages.map((m) => m.action)).toEqual([
      `deploy EVM f0${plain.contracts[0]!.id!.slice(2)}`,
      'call',
      'call',
    ]);
    bare.registerCompilation(input);
    expect(bare.state().contracts.map((c) => c.name)).toEqual(['Store', 'Callee']);
    expect(bare.state().messages[0]!.action).toBe('deploy Store');
    await bare.closeWorkspace();
  }, 120_000);

  it('live mode reset starts a fresh chain in the same workspace', async () => {
    const env = browser();
    const { id } = await env.registry.create({ name: 'w' });
    const { session } = await sessionOn(env, id);
    useStore(session);
    const state = await session.reset();
    expect(state.messages).toEqual([]);
    await session.closeWorkspace();
    const { session: again } = await sessionOn(env, id);
    expect(again.state().messages).toEqual([]);
    expect(again.chainInfo()).toMatchObject({ at: -1, parents: [] });
    await again.closeWorkspace();
  }, 120_000);
});
