// EVM interpreter: evm-bench style workloads on our core and on @ethereumjs/evm in the same run.
//
// How the workloads are matched: both engines get the same bytecode (compiled once with the bundled
// solc from tests/evm/contracts), the same deployer and deployment, and then the same sequence of calls
// with the same calldata. Each loop call passes a `start` that advances by the loop length, so every
// run writes fresh accounts and does the same work. Before timing, one call per workload runs on both
// engines and their outputs must be identical. Traces are off. Our side runs on the in-memory Ethereum
// host (no gas model); @ethereumjs/evm runs Cancun with its default state manager and a huge gas limit.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { type Abi, encodeDeployData, encodeFunctionData } from 'viem';
import { keccak256Word, keccakEngine, loadFastKeccak } from '../src/worker-vm/crypto/keccak';
import { StepTrace } from '../src/worker-vm/evm/trace/stepTrace';
import { type Chain, EthereumJsChain, OurChain } from '../tests/evm/harness/chains';
import { compileFile } from '../tests/evm/harness/compile';
import { type BenchRow, measure } from './harness';

const DEPLOYER = 0xde910e4n;

const bytesOf = (hex: string) => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

interface Workload {
  name: string;
  contract: { file: string; name: string };
  /** Calldata for the k-th run. */
  call: (abi: Abi, k: number) => Uint8Array;
  ops: number;
  /** Timed runs for @ethereumjs/evm (slower; fewer runs keep the bench short). */
  peerRuns: number;
}

const loop = (functionName: string, n: number) => (abi: Abi, k: number) =>
  bytesOf(encodeFunctionData({ abi, functionName, args: [BigInt(1000 + k * n), BigInt(n)] }));

const WORKLOADS: Workload[] = [
  {
    name: 'ERC-20 transfer loop (1,000 transfers)',
    contract: { file: 'Bench.sol', name: 'BenchToken' },
    call: loop('transferLoop', 1000),
    ops: 1000,
    peerRuns: 5,
  },
  {
    name: 'ERC-20 mint loop (1,000 mints)',
    contract: { file: 'Bench.sol', name: 'BenchToken' },
    call: loop('mintLoop', 1000),
    ops: 1000,
    peerRuns: 5,
  },
  {
    name: 'ERC-20 approve + transferFrom loop (500 pairs)',
    contract: { file: 'Bench.sol', name: 'BenchToken' },
    call: loop('approveTransferFromLoop', 500),
    ops: 500,
    peerRuns: 5,
  },
  {
    name: 'keccak256 chain (20,000 hashes)',
    contract: { file: 'Bench.sol', name: 'Hasher' },
    call: (abi, k) =>
      bytesOf(
        encodeFunctionData({
          abi,
          functionName: 'hashLoop',
          args: [`0x${k.toString(16).padStart(64, '0')}`, 20_000n],
        }),
      ),
    ops: 20_000,
    peerRuns: 3,
  },
  {
    name: 'ray tracer (24x18 pixels, 2 bounces)',
    contract: { file: 'RayTracer.sol', name: 'RayTracer' },
    call: (abi) => bytesOf(encodeFunctionData({ abi, functionName: 'render', args: [24n, 18n] })),
    ops: 24 * 18,
    peerRuns: 3,
  },
];

async function deploy(chain: Chain, file: string, name: string): Promise<{ address: bigint; abi: Abi }> {
  const compiled = compileFile(file)[name]!;
  const abi = compiled.abi as Abi;
  const data = encodeDeployData({ abi, bytecode: `0x${Buffer.from(compiled.bytecode).toString('hex')}` });
  const outcome = await chain.deploy(DEPLOYER, bytesOf(data));
  if (!outcome.success || outcome.created === undefined)
    throw new Error(`${chain.name}: deploying ${name} failed`);
  return { address: outcome.created, abi };
}

async function timeOn(chain: Chain, workload: Workload, runs: number, warmup: number) {
  const { address, abi } = await deploy(chain, workload.contract.file, workload.contract.name);
  let k = 0;
  return measure(
    async () => {
      const outcome = await chain.call(DEPLOYER, address, workload.call(abi, k++));
      if (!outcome.success) throw new Error(`${chain.name}: ${workload.name} failed`);
    },
    { runs, warmup, ops: workload.ops },
  );
}

/** One call per workload on both engines; the outputs must be identical. */
async function checkOutputsMatch(): Promise<void> {
  const ours = new OurChain();
  const theirs = await EthereumJsChain.create();
  for (const chain of [ours, theirs]) await chain.fund(DEPLOYER, 10n ** 24n);
  for (const workload of WORKLOADS) {
    const a = await deploy(ours, workload.contract.file, workload.contract.name);
    const b = await deploy(theirs, workload.contract.file, workload.contract.name);
    const x = await ours.call(DEPLOYER, a.address, workload.call(a.abi, 99));
    const y = await theirs.call(DEPLOYER, b.address, workload.call(b.abi, 99));
    if (
      !x.success ||
      x.output !== y.output ||
      JSON.stringify(x.logs.length) !== JSON.stringify(y.logs.length)
    ) {
      throw new Error(`${workload.name}: the engines disagree (${x.output} vs ${y.output})`);
    }
  }
}

export default async function evmBench(): Promise<BenchRow[]> {
  // As in the VM worker: KECCAK256 hashes with hash-wasm's engine once it is instantiated.
  await loadFastKeccak();
  await checkOutputsMatch();
  const rows: BenchRow[] = [];
  for (const workload of WORKLOADS) {
    const ours = new OurChain();
    await ours.fund(DEPLOYER, 10n ** 24n);
    const theirs = await EthereumJsChain.create();
    await theirs.fund(DEPLOYER, 10n ** 24n);
    const oursTime = await timeOn(ours, workload, 7, 2);
    const peerTime = await timeOn(theirs, workload, workload.peerRuns, 1);
    rows.push({
      name: workload.name,
      ours: oursTime,
      peer: { ...peerTime, label: '@ethereumjs/evm' },
      goal: 'speed-up >= 5x',
    });
  }
  // Hashing alone: @ethereumjs/evm calls @noble's one-shot keccak_256 per KECCAK256; ours hashes with
  // hash-wasm's Keccak (crypto/keccak.ts), our side's floor for the keccak row.
  const input = new Uint8Array(64);
  const hashesAlone = (hash: (data: Uint8Array) => unknown) =>
    measure(
      () => {
        for (let i = 0; i < 20_000; i++) {
          input[0] = i & 0xff;
          hash(input);
        }
      },
      { runs: 5, warmup: 1, ops: 20_000 },
    );
  const nobleOnly = await hashesAlone(keccak_256);
  const oursOnly = await hashesAlone(keccak256Word);
  const keccakRow = rows.find((row) => row.name.startsWith('keccak'))!;
  keccakRow.note = `20,000 hashes of 64 bytes alone: @noble keccak_256 ${nobleOnly.ms.toFixed(0)} ms (what @ethereumjs/evm calls), ours with ${keccakEngine()} ${oursOnly.ms.toFixed(0)} ms`;
  // What a step trace costs when it is on (ours only): the ray tracer with every step recorded.
  const traced = new OurChain(new StepTrace());
  await traced.fund(DEPLOYER, 10n ** 24n);
  const rayTracer = WORKLOADS[WORKLOADS.length - 1]!;
  rows.push({
    name: `${rayTracer.name}, step trace on`,
    ours: await timeOn(traced, rayTracer, 3, 1),
    note: 'same workload with every step recorded (pc, gas, stack deltas, memory writes); compare with the row above',
  });
  rows[0]!.note =
    'same bytecode (bundled solc, optimizer on), same deployment, same calldata sequence; outputs checked identical first; traces off';
  return rows;
}
