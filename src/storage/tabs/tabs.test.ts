import 'fake-indexeddb/auto';
import { BroadcastChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Address } from '../../worker-vm/address';
import { ChainStore } from '../chain/chainStore';
import { requestPersistentStorage, storageStatus } from '../durability';
import { openKv } from '../kv/kvStore';
import { FakeLockManager } from '../testing/fakeLocks';
import { transfer, uniqueName } from '../testing/fixtures';
import { parseNotice, WorkspaceChannel, type WorkspaceNotice } from './workspaceChannel';
import {
  type ChannelLike,
  type TabEnvironment,
  tryAcquireWriter,
  type WriterLease,
  waitForWriter,
} from './writerLock';

const opened: ChannelLike[] = [];
/** Node's BroadcastChannel: instances in one process talk to each other, as tabs of one origin do. */
const channel = (name: string): ChannelLike => {
  const c = new BroadcastChannel(name) as unknown as ChannelLike;
  opened.push(c);
  return c;
};
afterEach(() => {
  for (const c of opened.splice(0)) c.close();
});

const settled = async <T>(promise: Promise<T>, ms = 50): Promise<T | 'pending'> =>
  Promise.race([promise, new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('writer lock with Web Locks', () => {
  it('lets one tab write; another waits and takes over when the first releases', async () => {
    const env: TabEnvironment = { locks: new FakeLockManager() };
    const first = await tryAcquireWriter('ws', env);
    expect(first?.via).toBe('web-locks');
    expect(await tryAcquireWriter('ws', env)).toBeUndefined();
    expect(await tryAcquireWriter('other', env)).toBeDefined();

    const second = waitForWriter('ws', env);
    expect(await settled(second)).toBe('pending');
    first!.release();
    expect((await second).workspaceId).toBe('ws');
    expect(await tryAcquireWriter('ws', env)).toBeUndefined();
  });

  it('stops waiting when aborted', async () => {
    const env: TabEnvironment = { locks: new FakeLockManager() };
    await tryAcquireWriter('ws', env);
    const controller = new AbortController();
    const waiting = waitForWriter('ws', env, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('writer lock over BroadcastChannel (no Web Locks)', () => {
  const env = (): TabEnvironment => ({ channel, answerMs: 40, retryMs: 5000 });

  it('elects one writer; the next one takes over when it says it left', async () => {
    const id = uniqueName('bc');
    const first = await tryAcquireWriter(id, env());
    expect(first?.via).toBe('broadcast-channel');
    expect(await tryAcquireWriter(id, env())).toBeUndefined();
    const second = waitForWriter(id, env());
    expect(await settled(second, 150)).toBe('pending');
    first!.release();
    const lease = await second;
    expect(lease.via).toBe('broadcast-channel');
    lease.release();
  });

  it('gives the lease to exactly one of two tabs that ask at the same time', async () => {
    const id = uniqueName('bc-race');
    const leases = (await Promise.all([tryAcquireWriter(id, env()), tryAcquireWriter(id, env())])).filter(
      (l): l is WriterLease => l !== undefined,
    );
    expect(leases).toHaveLength(1);
    leases[0]!.release();
  });
});

describe('following the writer', () => {
  it('a read-only tab moves to each head the writer saves', async () => {
    const name = uniqueName('follow');
    const writerChannel = new WorkspaceChannel(name, channel);
    const { chain: writer } = await ChainStore.create(
      openKv(name),
      {},
      {
        onSaved: (head) => writerChannel.headSaved(head),
      },
    );
    const { chain: follower } = await ChainStore.open(openKv(name), { readOnly: true });
    const followerChannel = new WorkspaceChannel(name, channel);
    const notices: WorkspaceNotice[] = [];
    const caughtUp = new Promise<void>((resolve) => {
      followerChannel.listen(async (notice) => {
        notices.push(notice);
        if (notice.kind === 'head' && (await follower.refresh()) === 'advanced' && follower.length === 2)
          resolve();
      });
    });
    writer.applyMessage(transfer(writer.machine, Address.newId(500), 1n));
    writer.applyMessage(transfer(writer.machine, Address.newId(501), 2n));
    await caughtUp;
    expect(notices[0]).toMatchObject({ kind: 'head' });
    expect(follower.head.root.equals(writer.head.root)).toBe(true);
    followerChannel.close();
    writerChannel.close();
  });

  it('ignores notices that are not well-formed', () => {
    for (const junk of [
      null,
      'head',
      { kind: 'head', root: 1 },
      { kind: 'head', root: 'x', epoch: '-1', messages: 0, at: -1 },
      { kind: 'workspace', records: [1] },
      { kind: 'exec' },
    ])
      expect(parseNotice(junk)).toBeUndefined();
    expect(parseNotice({ kind: 'head', root: 'bafy', epoch: '1000', messages: 2, at: 1 })).toMatchObject({
      kind: 'head',
    });
  });
});

describe('durability', () => {
  it('asks for persistent storage and reports the quota', async () => {
    let granted = false;
    const storage = {
      persisted: async () => granted,
      persist: async () => {
        granted = true;
        return true;
      },
      estimate: async () => ({ usage: 1024, quota: 10 * 1024 ** 3 }),
    };
    expect(await storageStatus(storage)).toEqual({
      supported: true,
      persisted: false,
      usage: 1024,
      quota: 10 * 1024 ** 3,
    });
    expect((await requestPersistentStorage(storage)).persisted).toBe(true);
    expect(await storageStatus({})).toEqual({
      supported: false,
      persisted: false,
      usage: undefined,
      quota: undefined,
    });
    expect(
      (await storageStatus({ persisted: async () => Promise.reject(new Error('denied')) })).persisted,
    ).toBe(false);
  });
});
