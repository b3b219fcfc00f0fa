import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Address } from '../../worker-vm/address';
import { type CID, encodeDagCbor } from '../../worker-vm/ipld/cid';
import { runScenario } from '../../worker-vm/scenario/runScenario';
import { parseScenario } from '../../worker-vm/scenario/scenario';
import { bytesToHex } from '../../worker-vm/util/bytes';
import { exportArchive } from '../archive/exportArchive';
import { importArchive } from '../archive/importArchive';
import { commit, openKv, readKeys } from '../kv/kvStore';
import { decodeShareLink, encodeShareLink } from '../shareLink/codec';
import { replayShared, sharePayloadFor } from '../shareLink/share';
import { transfer, uniqueName } from '../testing/fixtures';
import { WorkspaceRegistry } from '../workspace/registry';
import { emptyWorkspace } from '../workspace/workspace';
import { ChainStore } from './chainStore';
import { installedCodes } from './installedCode';
import { BLOCK_KEY_PREFIX, CODE_KEY_PREFIX } from './keys';

const FIXTURE = join(import.meta.dirname, '../../../tests/fixtures/wasm/counter.scenario.json');
const scenario = parseScenario(JSON.parse(readFileSync(FIXTURE, 'utf8')));

/** The Wasm counter fixture (install, create, increment by 7 and 3) persisted as a workspace's chain. */
async function wasmCounterWorkspace() {
  const outcome = runScenario(scenario);
  expect(outcome.passed).toBe(true);
  const counter = Address.fromString(outcome.steps[1]!.created!.id);
  const registry = new WorkspaceRegistry({ prefix: uniqueName('wasm') });
  const entry = await registry.create({
    name: 'Wasm counter',
    genesis: scenario.genesis ?? {},
    machine: outcome.machine,
  });
  const kv = await registry.open(entry.id);
  const { chain } = await ChainStore.open(kv);
  return { registry, entry, kv, chain, outcome, counter };
}

/** "increment by n" (method 2, DAG-CBOR params) from genesis account 0. */
function increment(chain: ChainStore, counter: Address, n: number) {
  return chain.applyMessage({ ...transfer(chain.machine, counter, 0n), method: 2, params: encodeDagCbor(n) });
}

describe('installed Wasm actor code', () => {
  it('is saved with the chain and installed again on open, so its actors keep running', async () => {
    const { kv, chain, outcome, counter } = await wasmCounterWorkspace();
    expect(installedCodes(chain.machine).map(([cid]) => cid.toString())).toEqual([
      outcome.steps[0]!.installed!.code,
    ]);
    expect(await readKeys(kv, CODE_KEY_PREFIX)).toHaveLength(1);
    const applied = increment(chain, counter, 5);
    expect(applied.result.receipt.exitCode).toBe(0);
    expect(bytesToHex(applied.result.receipt.returnData)).toBe('0f');
    await chain.saved();
    const { chain: reopened, recovery } = await ChainStore.open(openKv(kv.name));
    expect(recovery).toBeUndefined();
    expect(bytesToHex(increment(reopened, counter, 1).result.receipt.returnData)).toBe('10');
  });

  it('is saved when installed during a session', async () => {
    const kv = openKv(uniqueName('install-live'));
    const { chain } = await ChainStore.create(kv, {});
    const wasm = runScenario({ version: 1, steps: [scenario.steps[0]!] }).machine;
    const [[code, bytes]] = installedCodes(wasm) as [[CID, Uint8Array]];
    chain.machine.installActor(bytes);
    await chain.saved();
    const { chain: reopened } = await ChainStore.open(openKv(kv.name));
    expect(reopened.machine.code.has(code)).toBe(true);
  });

  it('missing module bytes are reported and the marker removed', async () => {
    const kv = openKv(uniqueName('install-missing'));
    const { chain } = await ChainStore.create(kv, {});
    const wasm = runScenario({ version: 1, steps: [scenario.steps[0]!] }).machine;
    const [[code, bytes]] = installedCodes(wasm) as [[CID, Uint8Array]];
    chain.machine.installActor(bytes);
    await chain.saved();
    await commit(kv, [], [`${BLOCK_KEY_PREFIX}${code}`]);
    const { recovery } = await ChainStore.open(openKv(kv.name));
    expect(recovery!.problems).toContain(`installed code ${code} is missing its module bytes`);
    expect(await readKeys(kv, CODE_KEY_PREFIX)).toEqual([]);
  });

  it('travels in export files and share links', async () => {
    const { registry, chain, outcome, counter } = await wasmCounterWorkspace();
    const file = exportArchive({ name: 'Wasm counter', workspace: emptyWorkspace(), chain });
    const { entry } = await importArchive(registry, file);
    const { chain: imported, recovery } = await ChainStore.open(await registry.open(entry.id));
    expect(recovery).toBeUndefined();
    expect(bytesToHex(increment(imported, counter, 2).result.receipt.returnData)).toBe('0c');

    const link = encodeShareLink(sharePayloadFor({ workspace: emptyWorkspace(), chain }));
    const payload = decodeShareLink(link.fragment);
    expect(payload.scenario.steps[0]).toMatchObject({ kind: 'installActor' });
    const replay = replayShared(payload, []);
    expect(replay.verdict).toMatchObject({ sameStateRoot: true, sameReceipts: true });
    expect(replay.outcome.machine.stateRoot.equals(outcome.machine.stateRoot)).toBe(true);
  });
});
