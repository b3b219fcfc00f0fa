import { describe, expect, it } from 'vitest';
import { decodeModule, encodeModule } from './binary/module';
import { Op } from './binary/opcodes';
import { WasmModuleError, type WasmProblem } from './moduleError';
import { withSection } from './testing/patch.node';
import { type WatFeatures, wat } from './testing/wat.node';
import { validateModule } from './validate';

const ACTOR = `(memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 0)`;
const actor = (extra: string, features?: WatFeatures) => wat(`(module ${ACTOR} ${extra})`, features);

function problemOf(bytes: Uint8Array): { problem: WasmProblem; message: string; kind: string } {
  try {
    validateModule(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(WasmModuleError);
    const err = e as WasmModuleError;
    return { problem: err.problem, message: err.message, kind: err.kind };
  }
  throw new Error('module was accepted');
}

describe('validateModule', () => {
  it('accepts a minimal actor and describes it', async () => {
    const bytes = await wat(`(module
      (import "vm" "exit" (func (param i32 i32 i32)))
      (import "ipld" "block_open" (func (param i32 i32) (result i32)))
      (memory (export "memory") 17 100)
      (table (export "table") 486 funcref)
      (global (export "__heap_base") i32 (i32.const 1024))
      (func (export "invoke") (param i32) (result i32) i32.const 0))`);
    const { info } = validateModule(bytes);
    expect(info.imports).toEqual([
      { module: 'vm', name: 'exit', kind: 'func', type: '(i32, i32, i32) -> ()' },
      { module: 'ipld', name: 'block_open', kind: 'func', type: '(i32, i32) -> i32' },
    ]);
    expect(info.exports.map((e) => `${e.name}:${e.kind}:${e.type}`)).toEqual([
      'memory:memory:memory 17..100',
      'table:table:funcref 486..',
      '__heap_base:global:i32',
      'invoke:func:(i32) -> i32',
    ]);
    expect(info).toMatchObject({
      functionCount: 3,
      importedFunctionCount: 2,
      hasInvoke: true,
      invokeType: '(i32) -> i32',
      memoryMinPages: 17,
      memoryMaxPages: 100,
      tableMinElements: 486,
      tableExportMinElements: 486,
    });
  });

  it('counts a table for init gas only when it is exported as "table" (as ref-fvm does)', async () => {
    const { info } = validateModule(await actor('(table (export "__indirect_function_table") 77 funcref)'));
    expect(info.tableMinElements).toBe(77);
    expect(info.tableExportMinElements).toBeUndefined();
  });

  it('names the missing entry points', async () => {
    const noInvoke = await wat(
      '(module (memory (export "memory") 1) (func (export "run") (param i32) (result i32) i32.const 0))',
    );
    expect(problemOf(noInvoke)).toMatchObject({
      problem: 'missing-invoke',
      message: expect.stringMatching(/"invoke"/),
    });
    const noMemory = await wat(
      '(module (memory 1) (func (export "invoke") (param i32) (result i32) i32.const 0))',
    );
    expect(problemOf(noMemory)).toMatchObject({
      problem: 'missing-memory',
      message: expect.stringMatching(/"memory"/),
    });
    const invokeNotFunc = await wat(
      '(module (memory (export "memory") 1) (global (export "invoke") i32 (i32.const 0)))',
    );
    expect(problemOf(invokeNotFunc).problem).toBe('missing-invoke');
    // Without the actor requirement the same module passes.
    expect(validateModule(noInvoke, { requireActorExports: false }).info.hasInvoke).toBe(false);
  });

  it('rejects garbage bytes and invalid modules as malformed', async () => {
    expect(problemOf(new TextEncoder().encode('definitely not wasm'))).toMatchObject({
      problem: 'malformed',
      kind: 'MalformedData',
    });
    // A function declared to return i32 whose body leaves nothing: decodes, fails the engine validator.
    const m = decodeModule(await actor(''));
    m.codes[0]!.instrs.op[0] = Op.Nop;
    expect(problemOf(encodeModule(m))).toMatchObject({
      problem: 'invalid',
      message: expect.stringMatching(/invalid Wasm module/),
    });
  });

  const disabled: [string, string, WatFeatures, RegExp][] = [
    ['SIMD', '(func (result i32) v128.const i64x2 0 0 i32x4.extract_lane 0)', { simd: true }, /SIMD/],
    [
      'relaxed SIMD',
      '(func (result v128) v128.const i64x2 0 0 v128.const i64x2 0 0 i8x16.relaxed_swizzle)',
      { simd: true, relaxed_simd: true },
      /SIMD/,
    ],
    [
      'atomics on a plain memory',
      '(func (result i32) i32.const 0 i32.atomic.load)',
      { threads: true },
      /threads/,
    ],
    ['ref.null', '(func (result i32) ref.null func ref.is_null)', { reference_types: true }, /ref\.null/],
    [
      'ref.func',
      '(func $x) (elem declare func $x) (func (result funcref) ref.func $x)',
      { reference_types: true },
      /ref\.func/,
    ],
    [
      'typed select',
      '(func (result i32) i32.const 1 i32.const 2 i32.const 0 select (result i32))',
      { reference_types: true },
      /select/,
    ],
    ['tail calls', '(func $t (result i32) return_call $t)', { tail_call: true }, /tail calls/],
    ['exceptions', '(tag $e) (func throw $e)', { exceptions: true }, /exception/],
    [
      'multi-value results',
      '(func (result i32 i32) i32.const 1 i32.const 2)',
      { multi_value: true },
      /multi-value/,
    ],
    [
      'multi-value blocks',
      '(func (result i32) i32.const 1 block (param i32) (result i32) end)',
      { multi_value: true },
      /multi-value/,
    ],
  ];
  for (const [name, text, features, message] of disabled) {
    it(`rejects ${name}`, async () => {
      const result = problemOf(await actor(text, features));
      expect(result.problem).toBe('disabled-feature');
      expect(result.message).toMatch(message);
    });
  }

  // Modules wabt will not write, built by replacing one section's payload.
  const patched: [string, number, number[], RegExp][] = [
    ['shared memory (threads)', 5, [1, 0x03, 1, 1], /threads \(shared memory\)/],
    ['memory64', 5, [1, 0x04, 1], /memory64/],
    ['custom page sizes', 5, [1, 0x08, 1, 0], /custom page sizes/],
    ['extended constant expressions', 6, [1, 0x7f, 0, 0x41, 1, 0x41, 2, 0x6a, 0x0b], /extended constant/],
  ];
  for (const [name, id, payload, message] of patched) {
    it(`rejects ${name}`, async () => {
      const result = problemOf(withSection(await actor(''), id, payload));
      expect(result.problem).toBe('disabled-feature');
      expect(result.message).toMatch(message);
    });
  }

  it('rejects a second memory (multi-memory)', async () => {
    // wabt cannot write two memories without its multi-memory flag; patch the count of a memory section.
    const m = decodeModule(await actor(''));
    m.memories.push({ min: 1, max: undefined });
    expect(problemOf(encodeModule(m))).toMatchObject({
      problem: 'disabled-feature',
      message: expect.stringMatching(/multi-memory/),
    });
  });

  it('rejects imported globals, memories and tables', async () => {
    const g = await wat(`(module (import "env" "g" (global i32)) ${ACTOR})`);
    expect(problemOf(g)).toMatchObject({
      problem: 'unsupported-import',
      message: expect.stringMatching(/imported globals/),
    });
    const mem = await wat(
      '(module (import "env" "m" (memory 1)) (export "memory" (memory 0)) (func (export "invoke") (param i32) (result i32) i32.const 0))',
    );
    expect(problemOf(mem).problem).toBe('unsupported-import');
  });

  it('rejects tables over 20,000 elements and memories over 512 MiB', async () => {
    expect(problemOf(await actor('(table 20001 funcref)'))).toMatchObject({
      problem: 'too-large',
      kind: 'TooLarge',
    });
    expect(validateModule(await actor('(table 20000 funcref)')).info.tableMinElements).toBe(20000);
    const big = await wat(
      '(module (memory (export "memory") 8193) (func (export "invoke") (param i32) (result i32) i32.const 0))',
    );
    expect(problemOf(big).problem).toBe('too-large');
  });

  it('rejects element segments written as expressions (the instrumenter refuses them)', async () => {
    // One active segment (flags 4) holding the expression `ref.null func`.
    const bytes = withSection(
      await actor('(table 1 funcref)'),
      9,
      [1, 4, 0x41, 0, 0x0b, 1, 0xd0, 0x70, 0x0b],
    );
    expect(problemOf(bytes)).toMatchObject({ problem: 'non-constant-expression' });
  });
});
