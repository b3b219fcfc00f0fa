/**
 * One writer per workspace across tabs. The tab that holds a workspace's writer lock saves its chain and
 * records; any other tab opens it read-only and follows (workspaceChannel.ts). Web Locks are used where
 * they exist (every current browser, in windows and workers): the lock is the browser's, so it is
 * released when the holding tab closes or crashes and handed to the next tab waiting for it. Where they
 * do not, a BroadcastChannel protocol elects a writer (ask; if nobody answers, claim; the lower token
 * wins a tie); it cannot see a crashed holder, so waiting tabs retry from time to time.
 */

/** The part of the Web Locks API used here (navigator.locks). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The part of BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type ChannelFactory = (name: string) => ChannelLike;

export interface TabEnvironment {
  /** navigator.locks, when the context has it. */
  readonly locks?: LockManagerLike;
  /** Opens a BroadcastChannel, when the context has them. */
  readonly channel?: ChannelFactory;
  /** Fallback protocol timing (ms): how long to wait for answers before and after claiming. */
  readonly answerMs?: number;
  /** Fallback protocol: how often a waiting tab tries again (a crashed writer never says it left). */
  readonly retryMs?: number;
}

export interface WriterLease {
  readonly workspaceId: string;
  readonly via: 'web-locks' | 'broadcast-channel';
  /** Settles if the lease is taken away (the fallback protocol's tie-break); Web Locks never do. */
  readonly lost: Promise<void>;
  release(): void;
}

/** What this context offers: navigator.locks and BroadcastChannel, when present. */
export function browserTabEnvironment(): TabEnvironment {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel;
  return {
    ...(nav?.locks ? { locks: nav.locks } : {}),
    ...(Channel ? { channel: (name: string) => new Channel(name) } : {}),
  };
}

const lockName = (workspaceId: string) => `fvm-playground/workspace/${workspaceId}/writer`;

/**
 * Takes the workspace's writer lock if no other tab holds it; undefined means another tab writes and
 * this one should open the workspace read-only. With neither Web Locks nor BroadcastChannel (a single
 * context), the lease is granted.
 */
export function tryAcquireWriter(
  workspaceId: string,
  env: TabEnvironment = browserTabEnvironment(),
): Promise<WriterLease | undefined> {
  if (env.locks) return viaWebLocks(env.locks, workspaceId, false, undefined);
  if (env.channel) return new ChannelElection(env, workspaceId).tryAcquire();
  return Promise.resolve(lease(workspaceId, 'web-locks', () => undefined, new Promise(() => undefined)));
}

/**
 * Waits until this tab can be the writer (the writing tab closed), then holds the lock. Rejects with an
 * AbortError when `signal` aborts.
 */
export async function waitForWriter(
  workspaceId: string,
  env: TabEnvironment = browserTabEnvironment(),
  signal?: AbortSignal,
): Promise<WriterLease> {
  if (env.locks) return (await viaWebLocks(env.locks, workspaceId, true, signal))!;
  if (!env.channel) return (await tryAcquireWriter(workspaceId, env))!;
  const retryMs = env.retryMs ?? 2000;
  for (;;) {
    signal?.throwIfAborted();
    const got = await new ChannelElection(env, workspaceId).tryAcquire();
    if (got) return got;
    await releasedOrTimeout(env.channel, workspaceId, retryMs, signal);
  }
}

function lease(
  workspaceId: string,
  via: WriterLease['via'],
  release: () => void,
  lost: Promise<void>,
): WriterLease {
  let released = false;
  return {
    workspaceId,
    via,
    lost,
    release() {
      if (released) return;
      released = true;
      release();
    },
  };
}

function viaWebLocks(
  locks: LockManagerLike,
  workspaceId: string,
  wait: boolean,
  signal: AbortSignal | undefined,
): Promise<WriterLease | undefined> {
  return new Promise((resolve, reject) => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const options = wait ? (signal ? { signal } : {}) : { ifAvailable: true };
    locks
      .request(lockName(workspaceId), options, async (lock) => {
        if (!lock) {
          resolve(undefined);
          return;
        }
        resolve(lease(workspaceId, 'web-locks', release, new Promise(() => undefined)));
        // The browser keeps the lock until this promise settles (or the tab goes away).
        await held;
      })
      .catch(reject);
  });
}

type Note = { t: 'who' | 'held' | 'claim' | 'released'; from: string };

function isNote(data: unknown): data is Note {
  if (typeof data !== 'object' || data === null) return false;
  const { t, from } = data as Record<string, unknown>;
  return (t === 'who' || t === 'held' || t === 'claim' || t === 'released') && typeof from === 'string';
}

/** The BroadcastChannel fallback: one election attempt (and, once won, the holder's answers). */
class ChannelElection {
  private readonly channel: ChannelLike;
  private readonly token = crypto.randomUUID();
  private state: 'asking' | 'claiming' | 'holding' | 'done' = 'asking';
  private beaten = false;
  private loseLease: (() => void) | undefined;

  constructor(
    private readonly env: TabEnvironment,
    private readonly workspaceId: string,
  ) {
    this.channel = env.channel!(lockName(workspaceId));
    this.channel.onmessage = (event) => {
      if (isNote(event.data) && event.data.from !== this.token) this.hear(event.data);
    };
  }

  private post(t: Note['t']): void {
    this.channel.postMessage({ t, from: this.token } satisfies Note);
  }

  private hear(note: Note): void {
    if (this.state === 'asking' && (note.t === 'held' || note.t === 'claim')) this.beaten = true;
    if (this.state === 'claiming' && (note.t === 'held' || (note.t === 'claim' && note.from < this.token)))
      this.beaten = true;
    if (this.state === 'holding') {
      if (note.t === 'who' || (note.t === 'claim' && note.from > this.token)) this.post('held');
      // Two holders (they missed each other): the lower token keeps the lease.
      else if ((note.t === 'held' || note.t === 'claim') && note.from < this.token) this.loseLease?.();
    }
  }

  async tryAcquire(): Promise<WriterLease | undefined> {
    const wait = () => new Promise((r) => setTimeout(r, this.env.answerMs ?? 150));
    this.post('who');
    await wait();
    if (!this.beaten) {
      this.state = 'claiming';
      this.post('claim');
      await wait();
    }
    if (this.beaten) {
      this.state = 'done';
      this.channel.close();
      return undefined;
    }
    this.state = 'holding';
    const lost = new Promise<void>((resolve) => {
      this.loseLease = () => {
        this.state = 'done';
        this.channel.close();
        resolve();
      };
    });
    return lease(
      this.workspaceId,
      'broadcast-channel',
      () => {
        if (this.state !== 'holding') return;
        this.state = 'done';
        this.post('released');
        this.channel.close();
      },
      lost,
    );
  }
}

/** Resolves when a writer announces it left, or after `ms` (a crashed writer announces nothing). */
function releasedOrTimeout(
  open: ChannelFactory,
  workspaceId: string,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const channel = open(lockName(workspaceId));
    const finish = (error?: unknown) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      channel.close();
      if (error === undefined) resolve();
      else reject(error);
    };
    const abort = () => finish(signal!.reason);
    const timer = setTimeout(() => finish(), ms);
    channel.onmessage = (event) => {
      if (isNote(event.data) && event.data.t === 'released') finish();
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
