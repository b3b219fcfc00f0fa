import type { LockManagerLike } from '../tabs/writerLock';

/**
 * An in-memory Web Locks manager for tests (Node has no navigator.locks): exclusive locks by name,
 * `ifAvailable` answered with null when held, waiters served in order, `signal` aborting a wait. One
 * instance plays one browser: tabs share it.
 */
export class FakeLockManager implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, Array<() => void>>();

  async request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown> {
    if (this.held.has(name)) {
      if (options.ifAvailable) return callback(null);
      await new Promise<void>((resolve, reject) => {
        const queue = this.waiting.get(name) ?? [];
        this.waiting.set(name, queue);
        const grant = () => resolve();
        queue.push(grant);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(grant), 1);
          reject(new DOMException('the wait was aborted', 'AbortError'));
        });
      });
      // The releasing holder handed the lock over: it is still marked held.
    } else this.held.add(name);
    try {
      return await callback({ name, mode: 'exclusive' });
    } finally {
      const next = this.waiting.get(name)?.shift();
      if (next) next();
      else this.held.delete(name);
    }
  }
}
