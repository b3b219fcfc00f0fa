import { describe, expect, it } from 'vitest';
import type { CompilerApi } from '../api';
import { compileWasmActorWith, wasmLanguageOf } from './compileWasmActor';
import type { WasmCompileRequest, WasmCompileResult } from './wasmResult';

const answer = (language: WasmCompileResult['language']): WasmCompileResult => ({
  ok: true,
  language,
  entry: 'x',
  compilerVersion: language,
  diagnostics: [],
  errorCount: 0,
  warningCount: 0,
  timings: { loadCompilerMs: 0, compileMs: 0, checkMs: 0 },
});

/** A supervisor whose worker answers each compile with its language, or dies. */
function supervisor(dies = false) {
  const asked: string[] = [];
  const api = {
    compileAssemblyScript: async (request: WasmCompileRequest) => {
      asked.push(`as:${request.entry}`);
      return answer('assemblyscript');
    },
    compileWat: async (request: WasmCompileRequest) => {
      asked.push(`wat:${request.entry}`);
      return answer('wat');
    },
  } as unknown as CompilerApi;
  return {
    asked,
    call: <T>(work: (api: CompilerApi) => Promise<T>): Promise<T> =>
      dies ? Promise.reject(new Error('the compiler worker stopped: out of memory')) : work(api),
  };
}

describe('compileWasmActor', () => {
  it('picks the compiler by the entry extension', async () => {
    const s = supervisor();
    expect((await compileWasmActorWith(s, { files: {}, entry: 'a/b.ts' })).language).toBe('assemblyscript');
    expect((await compileWasmActorWith(s, { files: {}, entry: 'c.wat' })).language).toBe('wat');
    expect(s.asked).toEqual(['as:a/b.ts', 'wat:c.wat']);
    expect(wasmLanguageOf('x.sol')).toBeUndefined();
  });

  it('answers other files and dead workers with diagnostics instead of rejecting', async () => {
    const other = await compileWasmActorWith(supervisor(), { files: {}, entry: 'x.sol' });
    expect(other.ok).toBe(false);
    expect(other.diagnostics[0]).toMatchObject({ origin: 'service', type: 'InvalidInput' });
    const crashed = await compileWasmActorWith(supervisor(true), { files: {}, entry: 'x.ts' });
    expect(crashed.ok).toBe(false);
    expect(crashed.language).toBe('assemblyscript');
    expect(crashed.diagnostics[0]).toMatchObject({ type: 'CompilerCrashed' });
    expect(crashed.diagnostics[0]!.message).toMatch(/out of memory.*restarted/);
  });
});
