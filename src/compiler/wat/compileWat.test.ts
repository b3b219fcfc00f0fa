import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wat as watForTests } from '../../worker-vm/wasm/testing/wat.node';
import { wasmCodeCid } from '../../worker-vm/wasm/userActors/install';
import { createWatCompiler } from './compileWat';
import { parseWabtErrors } from './watDiagnostics';

const compiler = createWatCompiler();
const counterWat = readFileSync(new URL('../../../tests/fixtures/wasm/counter.wat', import.meta.url), 'utf8');
const compile = (text: string, path = 'actor.wat') =>
  compiler.compile({ files: { [path]: text }, entry: path });

const ACTOR_SHELL = (body: string) => `(module
  (memory (export "memory") 1)
  ${body}
  (func (export "invoke") (param i32) (result i32) (i32.const 0)))`;

describe('WAT compilation', () => {
  it('assembles an actor: the same bytes as the test helper, its code CID, imports, exports and text', async () => {
    const result = await compile(counterWat, './actors//counter.wat');
    expect(result.ok).toBe(true);
    expect(result.entry).toBe('actors/counter.wat');
    expect(result.diagnostics).toEqual([]);
    expect(result.wasm).toEqual(await watForTests(counterWat));
    expect(result.codeCid).toBe(wasmCodeCid(result.wasm!).toString());
    expect(result.module?.exports.map((e) => e.name)).toEqual(['memory', 'invoke']);
    expect(result.module?.imports.map((i) => `${i.module}.${i.name}`)).toContain('ipld.block_link');
    expect(result.wat).toMatch(/^\(module/);
    expect(result.wat).toContain('(import "vm" "exit"');
    expect(result.compilerVersion).toMatch(/^wabt \d+\.\d+\.\d+$/);
  });

  it('reports parse errors at their line and column, in UTF-16 columns after non-ASCII text', async () => {
    const text = '(module\n  (func (;é→😀;) (i32.cons 1)))';
    const result = await compile(text);
    expect(result.ok).toBe(false);
    expect(result.wasm).toBeUndefined();
    const [error] = result.diagnostics;
    expect(error).toMatchObject({ severity: 'error', origin: 'wabt', type: 'WatError' });
    expect(error!.message).toContain('i32.cons');
    // "i32.cons" starts after `  (func (;é→😀;) (`: 18 UTF-16 units, 23 UTF-8 bytes into the line.
    const column = text.split('\n')[1]!.indexOf('i32.cons') + 1;
    expect(error!.location).toEqual({
      file: 'actor.wat',
      range: {
        startLine: 2,
        startColumn: column,
        endLine: 2,
        endColumn: column + 'i32.cons'.length,
        startByte: 8 + 23,
        endByte: 8 + 23 + 8,
      },
    });
  });

  it('reports every parse error, and validation errors with their range', async () => {
    const many = await compile('(module\n (func (foo))\n (func (bar)))');
    expect(many.diagnostics.map((d) => d.location?.range.startLine)).toEqual([2, 3]);
    const invalid = await compile('(module (func (result i32) (i64.const 1)))');
    expect(invalid.diagnostics).toHaveLength(1);
    expect(invalid.diagnostics[0]!.message).toMatch(/type mismatch/);
    expect(invalid.diagnostics[0]!.location?.range).toMatchObject({
      startLine: 1,
      startColumn: 29,
      endColumn: 38,
    });
  });

  it('refuses the Wasm proposals the FVM disables, pointing at them', async () => {
    const simd = await compile('(module (func (drop (v128.const i32x4 0 0 0 0))))');
    expect(simd.ok).toBe(false);
    expect(simd.diagnostics[0]!.location).toBeDefined();
    const multiValue = await compile('(module (func (result i32 i32) (i32.const 1) (i32.const 2)))');
    expect(multiValue.ok).toBe(false);
    const refTypes = await compile('(module (func (drop (ref.null extern))))');
    expect(refTypes.ok).toBe(false);
    // Bulk memory and sign extension are part of the FVM's Wasm.
    const bulk = await compile(
      ACTOR_SHELL(
        '(func (memory.fill (i32.const 0) (i32.const 0) (i32.const 1)) (drop (i32.extend8_s (i32.const 1))))',
      ),
    );
    expect(bulk.ok).toBe(true);
  });

  it('reports what the FVM refuses as errors at the import or export concerned', async () => {
    const envImport = await compile(
      `(module\n  (import "env" "abort" (func (param i32 i32 i32 i32)))\n${ACTOR_SHELL('').slice(8)}`,
    );
    expect(envImport.ok).toBe(false);
    expect(envImport.wasm).toBeDefined();
    expect(envImport.module?.imports).toEqual([
      { module: 'env', name: 'abort', kind: 'func', type: '(i32, i32, i32, i32) -> ()' },
    ]);
    expect(envImport.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        origin: 'fvm',
        code: 'unsupported-import',
        location: expect.objectContaining({
          range: expect.objectContaining({ startLine: 2, startColumn: 3 }),
        }),
      }),
    ]);
    const wrongSignature = await compile(
      ACTOR_SHELL('(import "debug" "log" (func (param i32) (result i32)))').replace(
        '(memory',
        '(import "debug" "log" (func (param i32) (result i32)))\n  (memory',
      ),
    );
    expect(wrongSignature.ok).toBe(false);
    const invokeText =
      '(module (memory (export "memory") 1) (func (export "invoke") (param i64) (result i32) (i32.const 0)))';
    const invoke = await compile(invokeText);
    expect(invoke.diagnostics[0]).toMatchObject({ code: 'invalid-invoke' });
    expect(invoke.diagnostics[0]!.location?.range.startColumn).toBe(
      invokeText.indexOf('(export "invoke"') + 1,
    );
    const noMemory = await compile(
      '(module (func (export "invoke") (param i32) (result i32) (i32.const 0)))',
    );
    expect(noMemory.diagnostics[0]).toMatchObject({ severity: 'error', code: 'missing-memory' });
  });

  it('keeps non-ASCII text in data strings as UTF-8', async () => {
    const result = await compile(ACTOR_SHELL('(data (i32.const 16) "é→😀")'));
    expect(result.ok).toBe(true);
    const bytes = new TextEncoder().encode('é→😀');
    const at = Buffer.from(result.wasm!).indexOf(Buffer.from(bytes));
    expect(at).toBeGreaterThan(0);
  });

  it('accepts a module without invoke with a warning, as installing does', async () => {
    const result = await compile('(module (memory (export "memory") 1) (func))');
    expect(result.ok).toBe(true);
    expect(result.warningCount).toBe(1);
    expect(result.diagnostics[0]!.message).toMatch(/SYS_INVALID_RECEIVER/);
  });

  it('answers bad requests with diagnostics', async () => {
    const missing = await compiler.compile({ files: { 'a.wat': '(module)' }, entry: 'b.wat' });
    expect(missing.diagnostics[0]).toMatchObject({ origin: 'service', type: 'InvalidInput' });
    const notWat = await compiler.compile({ files: { 'a.ts': '' }, entry: 'a.ts' });
    expect(notWat.diagnostics[0]!.message).toMatch(/not a \.wat file/);
    const escaping = await compiler.compile({ files: { '../a.wat': '(module)' }, entry: '../a.wat' });
    expect(escaping.diagnostics[0]!.message).toMatch(/leaves the workspace/);
    const huge = await compile(`(module) ;; ${'x'.repeat(1024 * 1024)}`);
    expect(huge.diagnostics[0]).toMatchObject({ type: 'TooLarge' });
    expect(huge.ok).toBe(false);
  });
});

describe('wabt messages', () => {
  it('are split into diagnostics with ranges from the caret line; unknown text is kept whole', () => {
    const source = 'abc\n  (foo bar)\n';
    const text = 'parseWat failed:\nx.wat:2:4: error: unexpected token foo.\n  (foo bar)\n   ^^^\n';
    expect(parseWabtErrors(text, 'x.wat', source)).toEqual([
      {
        severity: 'error',
        origin: 'wabt',
        type: 'WatError',
        message: 'unexpected token foo.',
        location: {
          file: 'x.wat',
          range: { startLine: 2, startColumn: 4, endLine: 2, endColumn: 7, startByte: 7, endByte: 10 },
        },
      },
    ]);
    expect(parseWabtErrors('something broke', 'x.wat', source)).toEqual([
      { severity: 'error', origin: 'wabt', type: 'WatError', message: 'something broke' },
    ]);
  });
});
