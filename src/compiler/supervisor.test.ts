import { describe, expect, it } from 'vitest';
import type { CompilerApi } from './api';
import { CompilerSupervisor, type WorkerHandle } from './supervisor';
import type { CompileRequest, CompileResult } from './types';

const request = (tag: string): CompileRequest => ({
  files: { [`${tag}.sol`]: '' },
  settings: { optimizer: { enabled: false, runs: 200 }, viaIR: false, remappings: [] },
});

const result = (tag: string): CompileResult => ({
  ok: true,
  solcVersion: tag,
  contracts: [],
  sources: [],
  diagnostics: [],
  errorCount: 0,
  warningCount: 0,
  timings: { loadCompilerMs: 0, resolveImportsMs: 0, solcMs: 0, normalizeMs: 0 },
});

/** A worker whose compiles finish when the test says so. */
class FakeWorker implements WorkerHandle {
  readonly started: string[] = [];
  readonly finish = new Map<string, () => void>();
  terminated = false;
  private deathListener: ((reason: string) => void) | undefined;
  readonly api: CompilerApi = {
    solcVersion: async () => '0.8.37',
    versions: async () => ({ bundled: '0.8.37', releases: [], cached: [] }),
    prepareVersion: async (v) => v,
    compileAssemblyScript: () => Promise.reject(new Error('not used here')),
    compileWat: () => Promise.reject(new Error('not used here')),
    assemblyScriptSdk: async () => ({}),
    compile: (req) => {
      const tag = Object.keys(req.files)[0]!.replace('.sol', '');
      this.started.push(tag);
      return new Promise((resolve) => this.finish.set(tag, () => resolve(result(tag))));
    },
  };
  onDeath(listener: (reason: string) => void) {
    this.deathListener = listener;
  }
  die(reason: string) {
    this.deathListener?.(reason);
  }
  terminate() {
    this.terminated = true;
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(timeoutMs?: number) {
  const workers: FakeWorker[] = [];
  const restarts: string[] = [];
  const supervisor = new CompilerSupervisor(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    { timeoutMs, onRestart: (reason) => restarts.push(reason) },
  );
  return { supervisor, workers, restarts };
}

describe('the compiler supervisor', () => {
  it('starts the worker on first use and returns compile results', async () => {
    const { supervisor, workers } = setup();
    expect(workers).toHaveLength(0);
    const outcome = supervisor.compile(request('a'));
    await tick();
    workers[0]!.finish.get('a')!();
    expect(await outcome).toEqual({ status: 'done', result: result('a') });
  });

  it('lets the newest request win: waiting and running older ones come back superseded', async () => {
    const { supervisor, workers } = setup();
    const a = supervisor.compile(request('a'));
    await tick();
    const b = supervisor.compile(request('b'));
    const c = supervisor.compile(request('c'));
    expect(await b).toEqual({ status: 'superseded' });
    const worker = workers[0]!;
    expect(worker.started).toEqual(['a']);
    worker.finish.get('a')!();
    expect(await a).toEqual({ status: 'superseded' });
    await tick();
    expect(worker.started).toEqual(['a', 'c']);
    worker.finish.get('c')!();
    expect(await c).toEqual({ status: 'done', result: result('c') });
  });

  it('answers with a diagnostic when the worker dies, and starts a fresh worker next time', async () => {
    const { supervisor, workers, restarts } = setup();
    const a = supervisor.compile(request('a'));
    await tick();
    workers[0]!.die('out of memory');
    const outcome = await a;
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.result.ok).toBe(false);
    expect(outcome.result.diagnostics[0]).toMatchObject({ severity: 'error', type: 'CompilerCrashed' });
    expect(outcome.result.diagnostics[0]!.message).toMatch(/stopped: out of memory.*restarted/);
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual(['the compiler worker stopped: out of memory']);

    const b = supervisor.compile(request('b'));
    await tick();
    expect(workers).toHaveLength(2);
    workers[1]!.finish.get('b')!();
    expect(await b).toEqual({ status: 'done', result: result('b') });
  });

  it('stops a compile that runs past the time limit and restarts the worker', async () => {
    const { supervisor, workers } = setup(30);
    const outcome = await supervisor.compile(request('slow'));
    expect(outcome.status === 'done' && outcome.result.diagnostics[0]!.message).toMatch(
      /did not finish.*restarted/,
    );
    expect(workers[0]!.terminated).toBe(true);
  });

  it('protects other calls the same way', async () => {
    const { supervisor, workers } = setup();
    expect(await supervisor.call((api) => api.solcVersion())).toBe('0.8.37');
    const hanging = supervisor.call(() => new Promise<string>(() => {}));
    workers[0]!.die('crashed');
    await expect(hanging).rejects.toThrow(/crashed/);
  });
});
