import { describe, expect, it } from 'vitest';
import { SYSCALLS, signatureText } from '../../worker-vm/wasm/syscalls/signatures';
import { createAssemblyScriptCompiler } from './compileAssemblyScript';
import { bundledSdkFiles } from './sdkFiles';
import { nodeSdkFiles } from './sdkFiles.node';

const compiler = createAssemblyScriptCompiler({ loadSdk: nodeSdkFiles });
const compile = (files: Record<string, string>, entry = Object.keys(files)[0]!, optimize = true) =>
  compiler.compile({ files, entry, optimize });

const MINIMAL = `export function invoke(params: u32): u32 { return 0; }\n`;

describe('AssemblyScript compilation', () => {
  it('compiles a minimal actor with the fixed options: memory exported, no imports, no table', async () => {
    const result = await compile({ 'actor.ts': MINIMAL });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.compilerVersion).toMatch(/^AssemblyScript \d+\.\d+\.\d+/);
    expect(result.module).toMatchObject({ imports: [], hasInvoke: true, invokeType: '(i32) -> i32' });
    expect(result.module?.exports.map((e) => e.name).sort()).toEqual(['invoke', 'memory']);
    expect(result.module?.tableExportMinElements).toBeUndefined();
    expect(result.wat).toContain('(export "invoke"');
    expect(result.codeCid).toMatch(/^bafk2bza/);
    // Deterministic: the same source gives the same module.
    expect((await compile({ 'actor.ts': MINIMAL })).wasm).toEqual(result.wasm);
  });

  it('reports type errors at their place with AssemblyScript codes, in the file that has them', async () => {
    const result = await compile(
      {
        'actors/main.ts': `import { double } from "./lib/math";\nexport function invoke(p: u32): u32 {\n  return double(p);\n}\n`,
        'actors/lib/math.ts': `export function double(x: u32): u32 {\n  return x * "two";\n}\n`,
      },
      'actors/main.ts',
    );
    expect(result.ok).toBe(false);
    expect(result.wasm).toBeUndefined();
    const error = result.diagnostics.find((d) => d.severity === 'error')!;
    expect(error).toMatchObject({ origin: 'assemblyscript', type: 'AS2365', code: '2365' });
    expect(error.location?.file).toBe('actors/lib/math.ts');
    expect(error.location?.range).toMatchObject({ startLine: 2, startColumn: 10, endLine: 2, endColumn: 19 });
    expect(error.inLibrary).toBeUndefined();
  });

  it('reports syntax errors, unknown names and missing imports', async () => {
    const syntax = await compile({ 'a.ts': 'export function invoke(p: u32): u32 {\n  return (p +;\n}\n' });
    expect(syntax.ok).toBe(false);
    expect(syntax.diagnostics[0]!.location?.range.startLine).toBe(2);
    const unknown = await compile({ 'a.ts': 'export function invoke(p: u32): u32 { return nope; }\n' });
    expect(unknown.diagnostics[0]).toMatchObject({ type: 'AS2304', message: "Cannot find name 'nope'." });
    expect(unknown.diagnostics[0]!.location?.range).toMatchObject({ startColumn: 46, endColumn: 50 });
    const missing = await compile({
      'a.ts': 'import { x } from "./nowhere";\nexport function invoke(p: u32): u32 { return x; }\n',
    });
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics[0]!.location?.range.startLine).toBe(1);
    const missingPackage = await compile({ 'a.ts': `import { x } from "as-bignum";\n${MINIMAL}` });
    expect(missingPackage.ok).toBe(false);
  });

  it('gives UTF-16 columns after non-ASCII text', async () => {
    const result = await compile({
      'a.ts': 'export function invoke(p: u32): u32 { const s = "é😀"; return nope; }\n',
    });
    const range = result.diagnostics[0]!.location!.range;
    const text = 'export function invoke(p: u32): u32 { const s = "é😀"; return nope; }';
    expect(range.startColumn).toBe(text.indexOf('nope') + 1);
    expect(range.startByte).toBe(new TextEncoder().encode(text.slice(0, text.indexOf('nope'))).length);
  });

  it('links AssemblyScript abort and trace to the SDK, so nothing but syscalls is imported', async () => {
    const result = await compile({
      'a.ts':
        'export function invoke(p: u32): u32 { assert(p != 7, "seven"); trace("p", 1, <f64>p); return [1, 2][p]; }\n',
    });
    expect(result.ok).toBe(true);
    expect(result.module?.imports.map((i) => `${i.module}.${i.name}`).sort()).toEqual([
      'debug.log',
      'vm.exit',
    ]);
  });

  it('declares every syscall of spec 2.4.1 with its exact signature', async () => {
    // Calls every declaration of sdk/sys.ts behind a branch the optimiser cannot remove.
    const calls = SYSCALLS.map((s) => {
      const args = [...s.params].map((p) => (p === 'I' ? '<u64>p' : 'p')).join(', ');
      return `${s.module}_${s.name}(${args});`;
    }).join('\n    ');
    const result = await compile({
      'a.ts': `import * as sys from "fvm/sys";\nexport function invoke(p: u32): u32 {\n  if (p == 12345) {\n    ${calls.replaceAll(/^|(\n\s*)/g, '$1sys.')}\n  }\n  return 0;\n}\n`,
    });
    expect(result.diagnostics).toEqual([]);
    const imports = result.module!.imports.map((i) => `${i.module}.${i.name} ${i.type}`).sort();
    expect(imports).toEqual(SYSCALLS.map((s) => `${s.module}.${s.name} ${signatureText(s)}`).sort());
    expect(result.ok).toBe(true);
  });

  it('points FVM problems at their source: foreign imports, Math.random, the invoke signature', async () => {
    const external = await compile({
      'a.ts': `@external("env", "now")\ndeclare function now(): u64;\nexport function invoke(p: u32): u32 { return <u32>now(); }\n`,
    });
    expect(external.ok).toBe(false);
    expect(external.diagnostics[0]).toMatchObject({ origin: 'fvm', code: 'unsupported-import' });
    expect(external.diagnostics[0]!.location?.range).toMatchObject({ startLine: 1, startColumn: 1 });
    const bare = await compile({
      'host.ts': `declare function ping(): void;\nexport function invoke(p: u32): u32 { ping(); return 0; }\n`,
    });
    expect(bare.diagnostics[0]!.message).toMatch(/host\.ping/);
    expect(bare.diagnostics[0]!.location?.range.startLine).toBe(1);
    const random = await compile({
      'a.ts': 'export function invoke(p: u32): u32 { return <u32>(Math.random() * 10); }\n',
    });
    expect(random.ok).toBe(false);
    expect(random.diagnostics[0]!.message).toMatch(/env\.seed.*chainRandomness/);
    const invoke = await compile({ 'a.ts': 'export function invoke(p: u64): void {}\n' });
    expect(invoke.diagnostics[0]).toMatchObject({ code: 'invalid-invoke' });
    expect(invoke.diagnostics[0]!.location?.range).toMatchObject({ startLine: 1, startColumn: 1 });
    const none = await compile({ 'a.ts': 'export function other(): u32 { return 1; }\n' });
    expect(none.ok).toBe(true);
    expect(none.warningCount).toBe(1);
  });

  it('ignores an asconfig.json in the workspace: the options are fixed', async () => {
    const result = await compile({
      'a.ts': MINIMAL,
      'asconfig.json': JSON.stringify({ options: { runtime: 'incremental', exportTable: true } }),
    });
    expect(result.ok).toBe(true);
    expect(result.module?.exports.map((e) => e.name).sort()).toEqual(['invoke', 'memory']);
  });

  it('compiles unoptimised on request (larger, same behaviour)', async () => {
    const source = {
      'a.ts':
        'export function invoke(p: u32): u32 { let s: u32 = 0; for (let i: u32 = 0; i < p; i++) s += i; return s; }\n',
    };
    const fast = await compile(source);
    const plain = await compile(source, 'a.ts', false);
    expect(plain.ok).toBe(true);
    expect(plain.wasm!.length).toBeGreaterThan(fast.wasm!.length);
  });

  it('answers bad requests with diagnostics', async () => {
    const wrongKind = await compiler.compile({ files: { 'a.wat': '(module)' }, entry: 'a.wat' });
    expect(wrongKind.diagnostics[0]!.message).toMatch(/not a \.ts file/);
    const missing = await compiler.compile({ files: {}, entry: 'a.ts' });
    expect(missing.diagnostics[0]).toMatchObject({ origin: 'service', type: 'InvalidInput' });
    const notText = await compiler.compile({ files: { 'a.ts': 5 as unknown as string }, entry: 'a.ts' });
    expect(notText.ok).toBe(false);
  });

  it('reports a compiler that cannot load as a diagnostic, and loads it again next time', async () => {
    let attempts = 0;
    const flaky = createAssemblyScriptCompiler({
      loadSdk: nodeSdkFiles,
      loadAsc: async () => {
        attempts++;
        if (attempts === 1) throw new Error('chunk failed to load');
        return import('assemblyscript/asc');
      },
    });
    const first = await flaky.compile({ files: { 'a.ts': MINIMAL }, entry: 'a.ts' });
    expect(first.diagnostics[0]).toMatchObject({ type: 'CompilerUnavailable' });
    expect(first.diagnostics[0]!.message).toMatch(/chunk failed to load/);
    expect((await flaky.compile({ files: { 'a.ts': MINIMAL }, entry: 'a.ts' })).ok).toBe(true);
  });
});

describe('the SDK sources', () => {
  it('are the same files bundled for the app as read in Node', () => {
    expect([...bundledSdkFiles()]).toEqual([...nodeSdkFiles()]);
    expect([...nodeSdkFiles().keys()]).toContain('fvm/index.ts');
  });

  it('compile without a single diagnostic when everything is used', async () => {
    const result = await compile({
      'a.ts': `import * as fvm from "fvm";
export function invoke(p: u32): u32 {
  if (p == 1) {
    const w = new fvm.CborWriter().array(3).uint(1).text("x").cid(fvm.putBlock(fvm.RAW, new Uint8Array(1)));
    const r = new fvm.CborReader(w.finish()); r.skip(); r.end();
    fvm.saveState(w.finish()); fvm.stateReader();
    fvm.send(fvm.idAddress(100), 0); fvm.transfer(fvm.f410Address(new Uint8Array(20)), fvm.TokenAmount.fromFil(1));
    new fvm.ActorEvent().add("k", new Uint8Array(1)).emit();
    fvm.sha256(fvm.utf8("a")); fvm.keccak256(new Uint8Array(0)); fvm.blake2b512(new Uint8Array(0)); fvm.ripemd160(new Uint8Array(0));
    fvm.log(fvm.networkContext().baseFee.toString()); fvm.debugEnabled(); fvm.gasAvailable(); fvm.chargeGas("x", 1);
    fvm.chainRandomness(0); fvm.beaconRandomness(0); fvm.currentBalance(); fvm.balanceOf(1);
    fvm.lookupDelegatedAddress(1); fvm.ethAddressOf(1); fvm.addressToString(fvm.idAddress(5));
    const e = fvm.invokeContract(fvm.idAddress(5), new fvm.AbiWriter("f(uint256,bytes)").uint64(1).bytes(new Uint8Array(3)).finish());
    new fvm.AbiReader(e.output).string(0);
    fvm.exit(16, "x", fvm.returnCbor(w));
  }
  fvm.require(p != 9, "nine");
  return fvm.readParams(p).isEmpty() ? fvm.NO_RETURN : fvm.returnBytes(fvm.RAW, fvm.blockRead(p));
}
`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
