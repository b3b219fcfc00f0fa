import { describe, expect, it, vi } from 'vitest';
import { formatInstructions as formatInstructionsOf } from './binary/instructions';
import { assembleModule, decodeModule, SectionId } from './binary/module';
import { InstrumentedModuleCache, instrumentModule } from './instrumentModule';
import { WasmModuleError } from './moduleError';
import { compileAssemblyScript, SAMPLE_AS } from './testing/assemblyscript.node';
import { instantiate, runInvoke } from './testing/run.node';
import { wat } from './testing/wat.node';

const MINIMAL =
  '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) i32.const 7))';

describe('instrumentModule', () => {
  it('instruments an AssemblyScript program without changing what it computes', async () => {
    const original = await compileAssemblyScript(SAMPLE_AS);
    const { bytes, info } = instrumentModule(original);
    expect(WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)).toBe(true);
    expect(info.hasInvoke).toBe(true);
    expect(info.instrumentation.thunkCount).toBeGreaterThan(0);
    const plainModule = new WebAssembly.Module(original as Uint8Array<ArrayBuffer>);
    for (const arg of [0, 1, 2, 3]) {
      // A fresh instance per call on both sides: the sample keeps state in memory.
      const plain = new WebAssembly.Instance(plainModule).exports;
      const expected = (plain.invoke as (x: number) => number)(arg);
      const first = runInvoke(bytes, arg);
      expect(first.result).toBe(expected);
      expect(first.used).toBeGreaterThan(0n);
      // Metering is deterministic: the same call costs the same gas every time.
      expect(runInvoke(bytes, arg).used).toBe(first.used);
    }
  });

  it('writes sections in the reference layout: one custom section (the last) first, empty export and element sections kept', async () => {
    const base = await wat(MINIMAL);
    const m = decodeModule(base);
    const custom = (name: string) => {
      const text = new TextEncoder().encode(name);
      return Uint8Array.from([text.length, ...text, 1, 2, 3]);
    };
    const sections: [number, Uint8Array][] = m.sections.map((s) => [s.id, base.subarray(s.start, s.end)]);
    sections.splice(1, 0, [SectionId.Custom, custom('first')]);
    sections.push([SectionId.Custom, custom('last')]);
    const out = decodeModule(instrumentModule(assembleModule(sections)).bytes);
    expect(out.sections.map((s) => s.id)).toEqual([0, 1, 2, 3, 5, 6, 7, 9, 10]);
    expect(out.customs.map((c) => c.name)).toEqual(['last']);
    expect(out.elements).toEqual([]);
  });

  it('caps the memory maximum at 8192 pages so growth beyond 512 MiB fails as under wasmtime', async () => {
    const bytes = await wat(
      '(module (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) local.get 0 memory.grow))',
    );
    const capped = instrumentModule(bytes);
    expect(decodeModule(capped.bytes).memories).toEqual([{ min: 1, max: 8192 }]);
    expect(runInvoke(capped.bytes, 8192).result).toBe(-1);
    expect(runInvoke(capped.bytes, 1).result).toBe(1);
    const exact = instrumentModule(bytes, { capLimits: false });
    expect(decodeModule(exact.bytes).memories).toEqual([{ min: 1, max: undefined }]);
    expect(exact.info.instrumentation.limitsCapped).toBe(false);
    // A smaller declared maximum is kept.
    const small = await wat(
      '(module (memory (export "memory") 1 2) (func (export "invoke") (param i32) (result i32) i32.const 0))',
    );
    expect(decodeModule(instrumentModule(small).bytes).memories).toEqual([{ min: 1, max: 2 }]);
  });

  it('refuses a module with no function section, as the reference stack limiter does', async () => {
    const bytes = await wat(
      '(module (import "env" "f" (func $f (param i32) (result i32))) (memory (export "memory") 1) (export "invoke" (func $f)))',
    );
    expect(() => instrumentModule(bytes)).toThrow(WasmModuleError);
    expect(() => instrumentModule(bytes)).toThrow(/no function section/);
  });

  it('returns facts about the original module with the instrumentation figures', async () => {
    const { info } = instrumentModule(await wat(MINIMAL));
    expect(info).toMatchObject({
      memoryMinPages: 1,
      functionCount: 1,
      instrumentation: { stackLimit: 2048, gasFunction: 2, stackHeightGlobal: 1, thunkCount: 1 },
    });
  });
});

describe('inlined gas charges', () => {
  const LOOPY = `(module (memory (export "memory") 1)
    (func $sq (param i32) (result i32) local.get 0 local.get 0 i32.mul)
    (func (export "invoke") (param i32) (result i32) (local i32)
      block loop
        local.get 0 i32.eqz br_if 1
        local.get 1 local.get 0 call $sq i32.add local.set 1
        i32.const 0 i32.const 1 local.get 0 memory.fill
        local.get 0 i32.const 1 i32.sub local.set 0
        br 0
      end end
      local.get 1))`;

  it('charge exactly what the reference form charges, and run out of gas at the same point', async () => {
    for (const source of [await wat(LOOPY), await compileAssemblyScript(SAMPLE_AS)]) {
      const reference = instrumentModule(source).bytes;
      const inlined = instrumentModule(source, { inlineGasCharges: true }).bytes;
      expect(inlined).not.toEqual(reference);
      for (const arg of [0, 1, 3, 17]) {
        const a = runInvoke(reference, arg);
        const b = runInvoke(inlined, arg);
        expect(b).toEqual(a);
        // With a budget that runs out part way, both trap and leave the same negative counter.
        const budget = a.used / 2n;
        const left = (bytes: Uint8Array) => {
          const { exports, gas } = instantiate(bytes, budget);
          expect(() => (exports.invoke as (x: number) => number)(arg)).toThrow(WebAssembly.RuntimeError);
          return gas.value as bigint;
        };
        if (budget > 0n) expect(left(inlined)).toBe(left(reference));
      }
    }
  });

  it('leave the counter as the reference does wherever the host can see it: at imports, after callees, at any trap', async () => {
    // An import that records the counter; a callee that charges; a division trap after more blocks.
    const text = `(module (import "env" "peek" (func $peek (param i32)))
      (memory (export "memory") 1)
      (func $work (param i32) (result i32) (local i32)
        (loop $l (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 9))))
        (local.get 1))
      (func (export "invoke") (param i32) (result i32)
        (call $peek (i32.const 1))
        (drop (call $work (local.get 0)))
        ;; a block charged right after the callee's charges
        (if (i32.eqz (local.get 0)) (then (return (i32.const 0))))
        (call $peek (i32.const 2))
        (memory.fill (i32.const 0) (i32.const 1) (local.get 0))
        (call $peek (i32.const 3))
        (if (i32.eqz (local.get 0)) (then (return (i32.const 0))))
        (i32.div_u (i32.const 1) (i32.sub (local.get 0) (local.get 0)))))`;
    const source = await wat(text);
    const observe = (bytes: Uint8Array) => {
      const seen: bigint[] = [];
      let counter: WebAssembly.Global | undefined;
      const run = instantiate(bytes, 10n ** 12n, {
        env: { peek: () => seen.push(counter!.value as bigint) },
      });
      counter = run.gas;
      expect(() => (run.exports.invoke as (x: number) => number)(5)).toThrow(WebAssembly.RuntimeError);
      return [...seen, run.gas.value as bigint];
    };
    const reference = observe(instrumentModule(source).bytes);
    expect(reference).toHaveLength(4);
    expect(observe(instrumentModule(source, { inlineGasCharges: true }).bytes)).toEqual(reference);
  });

  it('keep the gas function for dynamic charges only', async () => {
    const m = decodeModule(instrumentModule(await wat(LOOPY), { inlineGasCharges: true }).bytes);
    const gasFunction = m.functions.length - 1;
    const calls = m.codes
      .flatMap((c) => formatInstructionsOf(c.instrs))
      .filter((i) => i === `call ${gasFunction}`);
    expect(calls).toHaveLength(1); // memory.fill's dynamic length
  });
});

describe('InstrumentedModuleCache', () => {
  it('instruments and compiles once per key', async () => {
    const bytes = await wat(MINIMAL);
    const cache = new InstrumentedModuleCache();
    const load = vi.fn(() => bytes);
    const a = cache.get('bafk-code', load);
    const b = cache.get('bafk-code', load);
    expect(a).toBe(b);
    expect(load).toHaveBeenCalledTimes(1);
    expect(a.module).toBeInstanceOf(WebAssembly.Module);
    expect(a.info.instrumentation.inlineGasCharges).toBe(true);
    const gas = new WebAssembly.Global({ value: 'i64', mutable: true }, 1_000_000n);
    const instance = new WebAssembly.Instance(a.module, { gas: { gas_counter: gas } });
    expect((instance.exports.invoke as (x: number) => number)(0)).toBe(7);
    expect(instantiate(a.bytes, 10n).instance).toBeInstanceOf(WebAssembly.Instance);
  });

  it('remembers failures instead of re-validating', () => {
    const cache = new InstrumentedModuleCache();
    const load = vi.fn(() => new Uint8Array([0, 1, 2, 3]));
    expect(() => cache.get('bad', load)).toThrow(WasmModuleError);
    expect(() => cache.get('bad', load)).toThrow(WasmModuleError);
    expect(load).toHaveBeenCalledTimes(1);
    cache.delete('bad');
    expect(cache.has('bad')).toBe(false);
  });
});
