/**
 * The compiler service against plain solc-js, in Node, on the same inputs with the same output selection.
 *
 * - "ours": src/compiler's pipeline (import graph walked up front, library files from node_modules,
 *   standard-JSON built, solc called without a callback, output normalized into artifacts with
 *   editor positions).
 * - "plain": `require('solc')` and `solc.compile(JSON.stringify(input), { import })`, where the import
 *   callback reads the same files from node_modules, followed by `JSON.parse` of the output (without
 *   which the output is not usable).
 *
 * Cold start clears Node's module cache so each run instantiates soljson's Wasm afresh. In the browser the
 * worker also fetches soljson from our origin first; that part is measured by the e2e tests, not here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { exampleFile } from '../src/compiler/assemblyscript/exampleCatalog.node.js';
import { ascArguments, SDK_LIB_DIR } from '../src/compiler/assemblyscript/options';
import { nodeSdkFiles } from '../src/compiler/assemblyscript/sdkFiles.node.js';
import {
  createNodeAssemblyScriptCompiler,
  createNodeCompiler,
  createNodeWatCompiler,
} from '../src/compiler/compiler.node.js';
import { consoleSolFor } from '../src/compiler/consoleLog/consoleSol';
import { DEFAULT_SETTINGS } from '../src/compiler/settings';
import { standardJsonInput } from '../src/compiler/solc/standardJson';
import type { CompileRequest, SourceFiles } from '../src/compiler/types';
import { FVM_WAT_FEATURES, loadWabt } from '../src/compiler/wat/compileWat';
import type { BenchRow, Measurement } from './harness';

const require = createRequire(import.meta.url);
const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures', 'solidity');

interface PlainSolc {
  compile(
    input: string,
    callbacks?: { import(path: string): { contents: string } | { error: string } },
  ): string;
  version(): string;
}

/** Drops solc from Node's module cache, so the next require instantiates a fresh compiler. */
function forgetSolc(): void {
  for (const id of Object.keys(require.cache)) {
    if (/[\\/]node_modules[\\/]solc[\\/]/.test(id)) delete require.cache[id];
  }
}

const COUNTER = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

contract Counter {
    uint256 public count;
    event Incremented(address indexed by, uint256 count);

    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }
}
`;

const workloads: { name: string; files: SourceFiles }[] = [
  { name: 'small contract (Counter)', files: { 'contracts/Counter.sol': COUNTER } },
  {
    name: 'OpenZeppelin ERC-20',
    files: { 'contracts/MyToken.sol': readFileSync(join(FIXTURES, 'oz/MyToken.sol'), 'utf8') },
  },
  {
    name: 'DealClient-style (filecoin-solidity-api, CBOR, BigInts, console.sol)',
    files: { 'contracts/DealBroker.sol': readFileSync(join(FIXTURES, 'filecoin/DealBroker.sol'), 'utf8') },
  },
];

/** Plain solc-js given the same request: same sources, settings and output selection. */
function plainCompile(solc: PlainSolc, files: SourceFiles): unknown {
  const sources = new Map(Object.entries(files).map(([name, content]) => [name, { content, ast: true }]));
  const input = standardJsonInput(sources, DEFAULT_SETTINGS);
  const output = solc.compile(JSON.stringify(input), {
    import(path) {
      if (path === 'hardhat/console.sol') return { contents: consoleSolFor(solc.version()) };
      try {
        return { contents: readFileSync(require.resolve(path), 'utf8') };
      } catch {
        return { error: `File not found: ${path}` };
      }
    },
  });
  return JSON.parse(output);
}

/**
 * Times two workloads run alternately and returns both medians. Both drive the same soljson Wasm
 * instance, whose code V8 keeps optimizing in the background; alternating gives neither side the
 * advantage of running later.
 */
async function measurePair(
  a: () => unknown,
  b: () => unknown,
  { warmup, runs }: { warmup: number; runs: number },
): Promise<[Measurement, Measurement]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const timesA: number[] = [];
  const timesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a();
    timesA.push(performance.now() - start);
    start = performance.now();
    await b();
    timesB.push(performance.now() - start);
  }
  const median = (times: number[]) => times.sort((x, y) => x - y)[Math.floor(times.length / 2)]!;
  return [
    { ms: median(timesA), ops: 1 },
    { ms: median(timesB), ops: 1 },
  ];
}

export default async function compilerBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const request = (files: SourceFiles): CompileRequest => ({ files, settings: DEFAULT_SETTINGS });

  // Warm recompiles: one compiler kept, as the worker keeps it.
  const compiler = createNodeCompiler();
  const solc = require('solc') as PlainSolc;
  for (const workload of workloads) {
    const check = await compiler.compile(request(workload.files));
    if (!check.ok) throw new Error(`${workload.name} does not compile: ${check.diagnostics[0]?.message}`);
    const runs = workload.name.startsWith('small') ? 41 : 15;
    // Our own work around the solc call (import walk, library reads, output normalization), per run.
    const aroundSolc: number[] = [];
    const [oursWarm, plainWarm] = await measurePair(
      async () => {
        const { timings } = await compiler.compile(request(workload.files));
        aroundSolc.push(timings.resolveImportsMs + timings.normalizeMs);
      },
      () => plainCompile(solc, workload.files),
      { warmup: 3, runs },
    );
    const ownMs = aroundSolc.sort((x, y) => x - y)[Math.floor(aroundSolc.length / 2)]!;
    const overhead = (oursWarm.ms / plainWarm.ms - 1) * 100;
    rows.push({
      name: `warm recompile: ${workload.name}`,
      ours: oursWarm,
      peer: { ...plainWarm, label: 'plain solc-js' },
      goal: workload.name.startsWith('DealClient') ? undefined : 'overhead < 20% (speed-up >= 0.83x)',
      note:
        `overhead ${overhead.toFixed(1)}% end to end; our work outside the solc call ${ownMs.toFixed(2)} ms ` +
        `(${((ownMs / plainWarm.ms) * 100).toFixed(1)}% of plain); same input and output selection`,
    });
  }
  // Cold start last: each run leaves a soljson instance (100+ MB of Wasm memory) for the GC to reclaim.
  // A new compiler instance (soljson instantiated afresh) and its first compile. Every soljson instance
  // adds its own process listeners, which Node would otherwise warn about after ten.
  process.setMaxListeners(64);
  const [ours, plain] = await measurePair(
    async () => {
      forgetSolc();
      const result = await createNodeCompiler().compile(request(workloads[0]!.files));
      if (!result.ok) throw new Error('cold compile failed');
    },
    () => {
      forgetSolc();
      plainCompile(require('solc') as PlainSolc, workloads[0]!.files);
    },
    { warmup: 1, runs: 5 },
  );
  rows.push({
    name: 'cold start to first compile (small contract)',
    ours,
    peer: { ...plain, label: 'plain solc-js' },
    note: 'includes instantiating soljson; in the browser the worker also fetches it from our origin',
  });

  rows.push(...(await wasmActorRows()));
  return rows;
}

/**
 * Wasm actors: AssemblyScript (asc + Binaryen, pure JavaScript) and WAT (wabt). "Plain" is the bare tool on
 * the same input: asc.main with the same arguments and in-memory files, wabt's parse + binary; ours adds
 * the workspace checks, diagnostics, the text output and the FVM checks (validation and instrumentation).
 */
async function wasmActorRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const token = exampleFile('token.ts');
  const assemblyScript = createNodeAssemblyScriptCompiler();
  const asRequest = { files: { 'token.ts': token }, entry: 'token.ts' };

  const start = performance.now();
  const first = await assemblyScript.compile(asRequest);
  const firstMs = performance.now() - start;
  if (!first.ok) throw new Error(`token.ts does not compile: ${first.diagnostics[0]?.message}`);
  rows.push({
    name: 'AssemblyScript: first compile in a process (token example)',
    ours: { ms: firstMs, ops: 1 },
    note:
      `loading asc and Binaryen ${first.timings.loadCompilerMs.toFixed(0)} ms, compiling ` +
      `${first.timings.compileMs.toFixed(0)} ms (one run; under tsx, which transforms Binaryen's 13 MB of ` +
      'JavaScript as it loads: a browser worker loads the chunk far faster)',
  });

  const asc = await import('assemblyscript/asc');
  const sdk = nodeSdkFiles();
  const plainAsc = async () => {
    const result = await asc.main(ascArguments('token.ts', true), {
      stdout: asc.createMemoryStream(),
      stderr: asc.createMemoryStream(),
      readFile: (name, baseDir) =>
        baseDir === SDK_LIB_DIR ? (sdk.get(name) ?? null) : name === 'token.ts' ? token : null,
      writeFile: () => {},
      listFiles: (dirname) => (dirname === SDK_LIB_DIR ? [...sdk.keys()] : []),
    });
    if (result.error) throw result.error;
  };
  const [oursAs, plainAsMeasured] = await measurePair(() => assemblyScript.compile(asRequest), plainAsc, {
    warmup: 2,
    runs: 7,
  });
  rows.push({
    name: 'AssemblyScript: warm compile (token example, -O3)',
    ours: oursAs,
    peer: { ...plainAsMeasured, label: 'plain asc.main' },
    note: `FVM checks ${first.timings.checkMs.toFixed(1)} ms of ours`,
  });

  const watCompiler = createNodeWatCompiler();
  const counterWat = readFileSync(
    join(import.meta.dirname, '..', 'tests', 'fixtures', 'wasm', 'counter.wat'),
    'utf8',
  );
  const watRequest = { files: { 'counter.wat': counterWat }, entry: 'counter.wat' };
  const wabt = await loadWabt();
  const [oursWat, plainWat] = await measurePair(
    () => watCompiler.compile(watRequest),
    () => {
      const module = wabt.parseWat('counter.wat', counterWat, FVM_WAT_FEATURES);
      try {
        module.resolveNames();
        module.validate();
        module.toBinary({});
      } finally {
        module.destroy();
      }
    },
    { warmup: 3, runs: 21 },
  );
  rows.push({
    name: 'WAT: warm compile (counter.wat)',
    ours: oursWat,
    peer: { ...plainWat, label: 'plain wabt' },
    note: 'ours adds the text output (wabt) and the FVM checks',
  });
  return rows;
}
