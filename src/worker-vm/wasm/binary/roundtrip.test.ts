import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlaygroundError } from '../../errors';
import { compileAssemblyScript, SAMPLE_AS } from '../testing/assemblyscript.node';
import { wat } from '../testing/wat.node';
import { formatInstructions } from './instructions';
import { decodeModule, encodeModule } from './module';
import { ByteReader } from './reader';
import { ByteWriter } from './writer';

const FEATURE_TOUR = `(module
  (type $t0 (func (param i32 i64) (result f64)))
  (import "env" "f" (func $imported (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (table $tab 4 funcref)
  (global $g (mut i32) (i32.const -7))
  (global $h i64 (i64.const -9223372036854775808))
  (global $f f32 (f32.const 1.5))
  (global $d f64 (f64.const -0.25))
  (func $a (type $t0) (local i32 i32) (local f32)
    local.get 0 local.get 1 i32.wrap_i64 i32.add local.set 2
    block (result i32) local.get 2 br 0 end
    i32.extend8_s drop
    local.get 1 i64.const 0x7fffffffffffffff i64.and f64.convert_i64_s)
  (func $b (param i32) (result i32)
    (block $out (block $x (block $y (br_table $x $y $out (local.get 0)))) )
    local.get 0 if (result i32) i32.const 1 else i32.const 2 end
    local.get 0 i32.const 100 i32.load offset=8 align=2 i32.add
    i32.const 4 i64.const 5 i64.store32 offset=3
    f32.const 3.25 i32.trunc_sat_f32_s drop
    i32.const 0 i32.const 0 i32.const 16 memory.copy
    i32.const 0 i32.const 255 i32.const 16 memory.fill
    i32.const 0 i32.const 0 i32.const 3 memory.init $passive
    data.drop $passive
    i32.const 0 i32.const 0 i32.const 1 table.init $pelem
    elem.drop $pelem
    i32.const 0 i32.const 1 i32.const 1 table.copy
    memory.size memory.grow drop
    i32.const 1 i64.const 2 i32.const 0 call_indirect (type $t0) drop
    drop drop
    global.get $g global.set $g
    i32.const 1 i32.const 2 local.get 0 select)
  (func $start global.get $g drop)
  (start $start)
  (elem (i32.const 0) $a $b)
  (elem $pelem func $b $a)
  (elem declare func $start)
  (data (i32.const 8) "hello")
  (data $passive "abc")
  (export "b" (func $b))
  (export "g" (global $g))
  (export "tab" (table $tab)))`;

describe('Wasm binary round trip', () => {
  it('re-encodes a module using every accepted instruction shape byte for byte', async () => {
    const bytes = await wat(FEATURE_TOUR);
    const m = decodeModule(bytes);
    expect(m.imports).toHaveLength(1);
    expect(m.codes).toHaveLength(3);
    expect(m.elements.map((e) => [e.mode, e.flags])).toEqual([
      ['active', 0],
      ['passive', 1],
      ['declared', 3],
    ]);
    expect(m.dataCount).toBe(2);
    expect(encodeModule(m)).toEqual(bytes);
  });

  it('decodes instructions with their immediates', async () => {
    const m = decodeModule(await wat(FEATURE_TOUR));
    const b = formatInstructions(m.codes[1]!.instrs);
    expect(b.slice(0, 6)).toEqual(['block', 'block', 'block', 'local.get 0', 'br_table 1 0 2', 'end']);
    expect(b).toContain('i32.load offset=8 align=2');
    expect(b).toContain('i64.store32 offset=3 align=4');
    expect(b).toContain('memory.init 1 0');
    expect(b).toContain('call_indirect (type 0) (table 0)');
    expect(formatInstructions(m.globals[1]!.init)).toEqual(['i64.const -9223372036854775808']);
  });

  it('re-encodes an AssemblyScript-compiled module byte for byte', async () => {
    const bytes = await compileAssemblyScript(SAMPLE_AS);
    const m = decodeModule(bytes);
    expect(m.codes.length).toBeGreaterThan(3);
    expect(encodeModule(m)).toEqual(bytes);
  });

  it('keeps custom sections where they were', async () => {
    const bytes = await compileAssemblyScript(SAMPLE_AS, { debug: true });
    const m = decodeModule(bytes);
    expect(m.customs.map((c) => c.name)).toContain('name');
    expect(encodeModule(m)).toEqual(bytes);
  });

  it('writes non-minimal LEB128 back in the shortest form (as wasm-encoder does)', async () => {
    // `call 0` with its index padded to five bytes: 0x10 0x80 0x80 0x80 0x80 0x00.
    const bytes = await wat('(module (func $f call $f))');
    const callAt = bytes.lastIndexOf(0x10);
    const padded = new Uint8Array([
      ...bytes.subarray(0, callAt + 1),
      0x80,
      0x80,
      0x80,
      0x80,
      0x00,
      ...bytes.subarray(callAt + 2),
    ]);
    // Patch the body size (+4) and the code section size (+4).
    const bodySizeAt = callAt - 2;
    padded[bodySizeAt] = padded[bodySizeAt]! + 4;
    const codeSizeAt = bodySizeAt - 2;
    padded[codeSizeAt] = padded[codeSizeAt]! + 4;
    expect(WebAssembly.validate(padded)).toBe(true);
    expect(encodeModule(decodeModule(padded))).toEqual(bytes);
  });

  it('rejects garbage and truncation with a typed error naming the offset', async () => {
    const bytes = await wat('(module (func (result i32) i32.const 42))');
    const cases = [
      new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]),
      bytes.subarray(0, bytes.length - 3),
      bytes.subarray(0, 5),
    ];
    for (const c of cases) {
      try {
        decodeModule(c);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(PlaygroundError);
        expect((e as PlaygroundError).kind).toBe('MalformedData');
        expect((e as Error).message).toMatch(/byte 0x/);
      }
    }
  });
});

describe('LEB128', () => {
  it('round-trips every u32, s32, s33 and s64 in shortest form', () => {
    const w = new ByteWriter(16);
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.integer(),
        fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
        (u, s, big) => {
          const s33 = Number(BigInt.asIntN(33, BigInt(s) * 3n));
          w.reset();
          w.u32(u);
          w.s32(s);
          w.s33(s33);
          w.s64(big);
          const r = new ByteReader(w.finish());
          expect(r.u32()).toBe(u);
          expect(r.s32()).toBe(s);
          expect(r.s33()).toBe(s33);
          expect(r.s64()).toBe(big);
          expect(r.eof()).toBe(true);
        },
      ),
    );
  });

  it('rejects over-long and out-of-range encodings', () => {
    expect(() => new ByteReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])).u32()).toThrow(
      /too long/,
    );
    expect(() => new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x1f])).u32()).toThrow(/too large/);
    expect(() => new ByteReader(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x4f])).s32()).toThrow(/too large/);
    expect(() => new ByteReader(new Uint8Array([0x80])).u32()).toThrow(/end of data/);
  });
});
