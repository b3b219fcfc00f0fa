// Storage: share-link sizes for the workshop examples, link encode/decode/replay, and the chain store's
// commit, open (verification + load), export and import. IndexedDB is fake-indexeddb here (in-memory, in
// Node): browser IndexedDB costs differ, so the chain figures measure our code, not the disk.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Abi, encodeFunctionData, parseEther } from 'viem';
import { createNodeCompiler } from '../src/compiler/compiler.node.js';
import { DEFAULT_SETTINGS } from '../src/compiler/settings';
import type { CompileResult } from '../src/compiler/types';
import { exportArchive } from '../src/storage/archive/exportArchive';
import { readArchive } from '../src/storage/archive/importArchive';
import { ChainStore } from '../src/storage/chain/chainStore';
import { commit, openKv } from '../src/storage/kv/kvStore';
import { decodeShareLink, encodeShareLink, SHARE_LINK_MAX_CHARS } from '../src/storage/shareLink/codec';
import { replayShared, sharePayloadFor } from '../src/storage/shareLink/share';
import { transfer } from '../src/storage/testing/fixtures';
import { checkWorkspace, type WorkspaceData } from '../src/storage/workspace/workspace';
import { exampleWorkspace } from '../src/ui/state/exampleWorkspace';
import { Address } from '../src/worker-vm/address';
import { ethToFilecoin } from '../src/worker-vm/address/ethereum';
import { runScenario } from '../src/worker-vm/scenario/runScenario';
import type { Scenario } from '../src/worker-vm/scenario/scenario';
import { hexToBytes } from '../src/worker-vm/util/bytes';
import { type BenchRow, measure, measureWithSetup } from './harness';

const RUNS = { warmup: 1, runs: 5 };
let dbCounter = 0;
const freshName = () => `bench/storage/${++dbCounter}`;

interface Example {
  readonly title: string;
  readonly files: Record<string, string>;
  readonly contract: string;
  readonly scenario: (creation: string, abi: Abi) => Scenario;
}

const MY_TOKEN = readFileSync(join(import.meta.dirname, '../tests/fixtures/solidity/oz/MyToken.sol'), 'utf8');
const EXAMPLES: Example[] = [
  {
    title: 'Counter example (fund, deploy, 2 increments)',
    files: Object.fromEntries(exampleWorkspace.map((f) => [f.path, f.content])),
    contract: 'contracts/Counter.sol:Counter',
    scenario: (bytecode, abi) => ({
      version: 1,
      steps: [
        { kind: 'send', from: 'secp:0', to: 'eth:0', value: '10 FIL' },
        { kind: 'deploy', name: 'Counter', from: 'eth:0', bytecode },
        ...[0, 1].map(() => ({
          kind: 'invoke' as const,
          from: 'eth:0',
          to: 'Counter',
          calldata: encodeFunctionData({ abi, functionName: 'increment' }),
        })),
      ],
    }),
  },
  {
    title: 'ERC-20 example (OpenZeppelin; fund, deploy, transfer, approve, mint)',
    files: { 'contracts/MyToken.sol': MY_TOKEN },
    contract: 'contracts/MyToken.sol:MyToken',
    scenario: (bytecode, abi) => {
      const holder = (n: number) => `0x${(0xa0 + n).toString(16).padStart(40, '0')}` as const;
      const call = (functionName: string, args: unknown[]) =>
        encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
      const args = encodeFunctionData({
        abi: [{ type: 'function', name: 'c', inputs: [{ type: 'uint256' }], outputs: [] }],
        args: [parseEther('1000000')],
      }).slice(10);
      return {
        version: 1,
        steps: [
          { kind: 'send', from: 'secp:0', to: 'eth:0', value: '10 FIL' },
          { kind: 'deploy', name: 'MyToken', from: 'eth:0', bytecode: `${bytecode}${args}` },
          {
            kind: 'invoke',
            from: 'eth:0',
            to: 'MyToken',
            calldata: call('transfer', [holder(1), parseEther('10')]),
          },
          {
            kind: 'invoke',
            from: 'eth:0',
            to: 'MyToken',
            calldata: call('approve', [holder(2), parseEther('5')]),
          },
          {
            kind: 'invoke',
            from: 'eth:0',
            to: 'MyToken',
            calldata: call('mint', [holder(3), parseEther('1')]),
          },
        ],
      };
    },
  },
];

function artifact(result: CompileResult, id: string) {
  const found = result.contracts.find((c) => c.id === id);
  if (!found)
    throw new Error(`${id} did not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return found;
}

async function linkRows(): Promise<BenchRow[]> {
  const compiler = createNodeCompiler();
  const rows: BenchRow[] = [];
  for (const example of EXAMPLES) {
    const result = await compiler.compile({ files: example.files, settings: DEFAULT_SETTINGS });
    const compiled = artifact(result, example.contract);
    const artifacts = result.contracts.map((c) => ({ id: c.id, bytecode: c.creation.object }));
    const outcome = runScenario(example.scenario(compiled.creation.object, compiled.abi));
    const exits = outcome.steps.map((s) => s.result?.receipt.exitCode);
    const kv = openKv(freshName());
    await commit(kv, ChainStore.initialEntries({}, outcome.machine));
    const { chain } = await ChainStore.open(kv);
    const workspace: WorkspaceData = checkWorkspace({
      files: example.files,
      session: {
        openFiles: Object.keys(example.files),
        activeFile: Object.keys(example.files)[0],
        selectedMessage: null,
      },
    });
    const payload = sharePayloadFor({ workspace, chain, artifacts });
    const link = encodeShareLink(payload);
    const inline = encodeShareLink(sharePayloadFor({ workspace, chain }), Number.MAX_SAFE_INTEGER);
    rows.push({
      name: `share link, ${example.title}: encode`,
      ours: await measure(() => encodeShareLink(payload), RUNS),
      note: `${link.length} characters (with the bytecode inline instead of compiled on opening: ${inline.length}); exit codes ${exits.join(',')}; fallback to a file above ${SHARE_LINK_MAX_CHARS}`,
    });
    rows.push({
      name: `share link, ${example.title}: decode + replay`,
      ours: await measure(() => replayShared(decodeShareLink(link.fragment), artifacts), RUNS),
      note: `verdict ${JSON.stringify(replayShared(decodeShareLink(link.fragment), artifacts).verdict)}`,
    });
  }
  return rows;
}

/** A chain of `count` value transfers (each to a new account, so every message writes new blocks). */
async function chainOf(count: number) {
  const kv = openKv(freshName());
  const { chain } = await ChainStore.create(kv, {});
  for (let i = 0; i < count; i++) {
    const to = ethToFilecoin(hexToBytes((0x1000 + i).toString(16).padStart(40, '0')));
    chain.applyMessage(
      transfer(chain.machine, i % 3 === 0 ? Address.newId(100 + i) : to, 1n + BigInt(i), i % 5),
    );
  }
  await chain.saved();
  return { kv, chain };
}

async function chainRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const COMMITS = 100;
  rows.push({
    name: `chain: apply + save ${COMMITS} messages (one transaction each)`,
    ours: await measureWithSetup(
      async () => {
        const kv = openKv(freshName());
        const { chain } = await ChainStore.create(kv, {});
        return async () => {
          for (let i = 0; i < COMMITS; i++) {
            chain.applyMessage(transfer(chain.machine, Address.newId(100 + i), 1n));
            await chain.saved();
          }
        };
      },
      { warmup: 1, runs: 3, ops: COMMITS },
    ),
  });
  for (const count of [100, 500]) {
    const { kv, chain } = await chainOf(count);
    const blocks = chain.machine.store as unknown as { size?: number };
    rows.push({
      name: `chain: open (check every block of every state, load) with ${count} messages`,
      ours: await measure(() => ChainStore.open(openKv(kv.name), { readOnly: true }), RUNS),
      note: `${blocks.size ?? '?'} blocks in memory`,
    });
    const file = exportArchive({ name: 'bench', workspace: checkWorkspace({ files: {} }), chain });
    rows.push({
      name: `archive: export ${count} messages`,
      ours: await measure(
        () => exportArchive({ name: 'bench', workspace: checkWorkspace({ files: {} }), chain }),
        RUNS,
      ),
      note: `${(file.length / 1024).toFixed(0)} KiB`,
    });
    rows.push({
      name: `archive: read and check ${count} messages (every CID hashed)`,
      ours: await measure(() => readArchive(file), RUNS),
    });
  }
  return rows;
}

export default async function storageBench(): Promise<BenchRow[]> {
  return [...(await linkRows()), ...(await chainRows())];
}
