/**
 * Looks after the compiler worker from the UI side:
 *  - Latest wins: solc cannot be interrupted, so while one compile runs, only the newest request waits;
 *    older waiting ones and the running one (once it ends) come back as `superseded`.
 *  - A worker that dies (uncaught error, out of memory) or a compile that runs past the time limit is
 *    detected: the worker is terminated, a new one is started on the next call, and the affected compile
 *    comes back with a diagnostic instead of hanging.
 * Plain TypeScript with the worker behind an interface, so it is tested in Node with fake workers.
 */
import type { CompilerApi } from './api';
import { COMPILE_TIMEOUT_MS } from './limits';
import type { CompileRequest, CompileResult, Diagnostic } from './types';

export interface WorkerHandle {
  api: CompilerApi;
  /** Calls back once if the worker dies. */
  onDeath(listener: (reason: string) => void): void;
  terminate(): void;
}

export type CompileOutcome = { status: 'done'; result: CompileResult } | { status: 'superseded' };

export interface SupervisorEvents {
  /** A worker was stopped and will be replaced (for logging). */
  onRestart?(reason: string): void;
}

interface Live {
  handle: WorkerHandle;
  /** Rejects when this worker dies or is stopped. */
  death: Promise<never>;
  kill(reason: string): void;
}

interface Waiting {
  request: CompileRequest;
  resolve(outcome: CompileOutcome): void;
}

export class CompilerSupervisor {
  private live: Live | undefined;
  private running: { superseded: boolean } | undefined;
  private waiting: Waiting | undefined;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly options: { timeoutMs?: number } & SupervisorEvents = {},
  ) {}

  /** Compiles, or reports that a newer request replaced this one. Never rejects. */
  compile(request: CompileRequest): Promise<CompileOutcome> {
    return new Promise((resolve) => {
      if (this.running) {
        this.running.superseded = true;
        this.waiting?.resolve({ status: 'superseded' });
        this.waiting = { request, resolve };
        return;
      }
      this.run({ request, resolve });
    });
  }

  /** Any other call to the worker, with the same protection against a dead worker. */
  async call<T>(
    work: (api: CompilerApi) => Promise<T>,
    timeoutMs = this.options.timeoutMs ?? COMPILE_TIMEOUT_MS,
  ): Promise<T> {
    const live = this.ensureLive();
    return withTimeout(Promise.race([work(live.handle.api), live.death]), timeoutMs, () =>
      this.restart(live, `the compiler worker did not answer within ${Math.round(timeoutMs / 1000)} s`),
    );
  }

  /** Stops the worker; the next call starts a fresh one. */
  dispose(): void {
    if (this.live) this.restart(this.live, 'disposed');
  }

  private async run(job: Waiting): Promise<void> {
    const state = { superseded: false };
    this.running = state;
    const started = performance.now();
    let outcome: CompileOutcome;
    try {
      const result = await this.call((api) => api.compile(job.request));
      outcome = state.superseded ? { status: 'superseded' } : { status: 'done', result };
    } catch (error) {
      // The worker died or hung: this compile gets the explanation, whoever replaced it.
      const reason = error instanceof Error ? error.message : String(error);
      const elapsed = performance.now() - started;
      outcome = state.superseded
        ? { status: 'superseded' }
        : { status: 'done', result: crashResult(reason, elapsed) };
    }
    this.running = undefined;
    job.resolve(outcome);
    const next = this.waiting;
    this.waiting = undefined;
    if (next) void this.run(next);
  }

  private ensureLive(): Live {
    if (this.live) return this.live;
    const handle = this.spawn();
    let kill: (reason: string) => void = () => {};
    const death = new Promise<never>((_, reject) => {
      kill = (reason) => reject(new Error(reason));
    });
    // Nobody may be listening when it dies; that must not surface as an unhandled rejection.
    death.catch(() => {});
    const live: Live = { handle, death, kill };
    handle.onDeath((reason) => this.restart(live, `the compiler worker stopped: ${reason}`));
    this.live = live;
    return live;
  }

  private restart(live: Live, reason: string): void {
    if (this.live !== live) return;
    this.live = undefined;
    live.handle.terminate();
    live.kill(reason);
    this.options.onRestart?.(reason);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`no answer within ${Math.round(ms / 1000)} s`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function crashResult(reason: string, elapsedMs: number): CompileResult {
  const diagnostic: Diagnostic = {
    severity: 'error',
    origin: 'service',
    type: 'CompilerCrashed',
    message: `The compile did not finish: ${reason}. The compiler has been restarted; compile again to retry.`,
  };
  return {
    ok: false,
    contracts: [],
    sources: [],
    diagnostics: [diagnostic],
    errorCount: 1,
    warningCount: 0,
    timings: { loadCompilerMs: 0, resolveImportsMs: 0, solcMs: elapsedMs, normalizeMs: 0 },
  };
}
