import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Address } from '../../worker-vm/address';
import { runScenario } from '../../worker-vm/scenario/runScenario';
import { parseScenario, type Scenario } from '../../worker-vm/scenario/scenario';
import { ChainStore } from '../chain/chainStore';
import { readAll } from '../kv/kvStore';
import { transfer, uniqueName } from '../testing/fixtures';
import { WorkspaceRegistry } from '../workspace/registry';
import { checkWorkspace } from '../workspace/workspace';
import { resolveArtifacts } from './artifacts';
import { decodeShareLink, encodeShareLink, SHARE_LINK_SHORT_CHARS } from './codec';
import { isArtifactDeploy } from './payload';
import { receiptsDigest } from './receipts';
import { scenarioFromChain } from './scenarioFromChain';
import { replayShared, sharePayloadFor, verdictOf, workspaceOf } from './share';

const FIXTURE = join(import.meta.dirname, '../../../tests/fixtures/scenarios/counter.json');
const counterScenario = parseScenario(JSON.parse(readFileSync(FIXTURE, 'utf8')));
const counterBytecode = (counterScenario.steps.find((s) => s.kind === 'deploy') as { bytecode: string })
  .bytecode;
/** Stands in for the compiler's output for the workspace's Counter.sol (the fixture's creation code). */
const artifacts = [{ id: 'contracts/Counter.sol:Counter', bytecode: counterBytecode }];
const COUNTER_SOL = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

/// A counter: the smallest contract that writes state.
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 count);

    function increment() external {
        count += 1;
        emit Incremented(msg.sender, count);
    }
}
`;

/** A workspace whose chain ran the counter scenario (fund, deploy, two increments, a failing send). */
async function counterWorkspace() {
  const registry = new WorkspaceRegistry({ prefix: uniqueName('share') });
  const outcome = runScenario(counterScenario);
  expect(outcome.passed).toBe(true);
  const deployIndex = outcome.steps.find((s) => s.kind === 'deploy')!.applied!.index;
  const workspace = checkWorkspace({
    files: { 'contracts/Counter.sol': COUNTER_SOL },
    contracts: [
      {
        name: 'Counter',
        artifact: 'contracts/Counter.sol:Counter',
        idAddress: `f0${outcome.steps[1]!.deployed!.id}`,
        ethAddress: outcome.steps[1]!.deployed!.ethAddress,
        deployedIn: deployIndex,
      },
    ],
    session: {
      openFiles: ['contracts/Counter.sol'],
      activeFile: 'contracts/Counter.sol',
      selectedMessage: 1,
    },
  });
  const entry = await registry.create({
    name: 'Counter workshop',
    workspace,
    genesis: counterScenario.genesis ?? {},
    machine: outcome.machine,
  });
  const { chain } = await ChainStore.open(await registry.open(entry.id));
  return { registry, entry, workspace, chain, outcome };
}

describe('share links end to end', () => {
  it('a link replays to the same state root and receipts, into a new workspace', async () => {
    const { registry, entry, workspace, chain, outcome } = await counterWorkspace();
    const before = await readAll(await registry.open(entry.id));

    const payload = sharePayloadFor({ name: 'Counter workshop', workspace, chain, artifacts });
    expect(payload.scenario.steps.some(isArtifactDeploy)).toBe(true);
    const { fragment, length } = encodeShareLink(payload);
    console.log(
      `share link for the Counter example (fund, deploy, 2 calls, epochs, a failing send): ${length} chars`,
    );
    expect(length).toBeLessThan(SHARE_LINK_SHORT_CHARS);

    // The opener: decode, "compile", replay, create a workspace.
    const opened = decodeShareLink(fragment);
    const replay = replayShared(opened, artifacts);
    expect(replay.verdict).toMatchObject({ sameStateRoot: true, sameReceipts: true });
    expect(replay.outcome.machine.stateRoot.equals(outcome.machine.stateRoot)).toBe(true);
    const created = await registry.create({
      name: opened.name!,
      workspace: workspaceOf(opened),
      genesis: replay.scenario.genesis ?? {},
      machine: replay.outcome.machine,
    });
    const { chain: copy } = await ChainStore.open(await registry.open(created.id));
    expect(copy.head.root.equals(chain.head.root)).toBe(true);
    expect(copy.head.epoch).toBe(chain.head.epoch);
    expect(receiptsDigest(copy.pathTo().map((e) => e.applied.result.receipt))).toBe(opened.expect!.receipts);
    expect(copy.entries().map((e) => e.applied.cid.toString())).toEqual(
      chain.entries().map((e) => e.applied.cid.toString()),
    );
    // The sharer's workspace is untouched.
    expect(await readAll(await registry.open(entry.id))).toEqual(before);
    expect((await registry.list()).entries.map((e) => e.name)).toEqual([
      'Counter workshop',
      'Counter workshop',
    ]);
  });

  it('shares the branch the user is on after time travel, and the clock', async () => {
    const { workspace, chain } = await counterWorkspace();
    await chain.restoreTo(2);
    chain.applyMessage(transfer(chain.machine, Address.newId(4321), 99n, 2));
    await chain.advanceEpochs(3);
    const path = chain.pathTo().map((e) => e.applied.index);
    expect(path).toEqual([0, 1, 2, chain.length - 1]);

    const payload = decodeShareLink(
      encodeShareLink(sharePayloadFor({ workspace, chain, artifacts })).fragment,
    );
    const replay = replayShared(payload, artifacts);
    expect(replay.verdict).toMatchObject({ sameStateRoot: true, sameReceipts: true });
    expect(replay.outcome.machine.epoch).toBe(chain.head.epoch);
    // The invoke steps name the deployed contract, not its address.
    expect(
      replay.scenario.steps.filter((s) => s.kind === 'invoke').map((s) => (s as { to: string }).to),
    ).toEqual(['Counter']);
  });

  it('says so when the replay does not reproduce the link', async () => {
    const { workspace, chain } = await counterWorkspace();
    const payload = sharePayloadFor({ workspace, chain, artifacts });
    const other = runScenario({ version: 1, steps: [] });
    const verdict = verdictOf(payload, other.machine.stateRoot, []);
    expect(verdict).toMatchObject({ sameStateRoot: false, sameReceipts: false });
    expect(verdictOf({ ...payload, expect: undefined }, chain.head.root, [])).toMatchObject({
      sameStateRoot: undefined,
    });
  });

  it('stops a replay that uses more gas than its budget (a hostile link of endless loops)', async () => {
    const { workspace, chain } = await counterWorkspace();
    const payload = sharePayloadFor({ workspace, chain, artifacts });
    // Runtime JUMPDEST PUSH1 0 JUMP: every call loops until its gas limit runs out.
    const loop = '0x6004600c60003960046000f35b600056';
    const spin = {
      kind: 'invoke' as const,
      from: 'eth:0',
      to: 'loop',
      calldata: '0x',
      gasLimit: 400_000_000,
    };
    const hostile = {
      ...payload,
      scenario: {
        version: 1 as const,
        steps: [
          { kind: 'send' as const, from: 'secp:0', to: 'eth:0', value: '100 FIL' },
          { kind: 'deploy' as const, name: 'loop', from: 'eth:0', bytecode: loop },
          ...Array.from({ length: 6 }, () => spin),
        ],
      },
    };
    // Three loops (1.2 billion gas) pass 1 billion: the fifth step is not run.
    expect(() => replayShared(hostile, artifacts, 1_000_000_000)).toThrow(
      /before step 5 used [\d,]+ gas, more than the 1,000,000,000 allowed/,
    );
    // Within the budget the same steps run (and each loop ends out of gas).
    const { outcome } = replayShared(hostile, artifacts, 10_000_000_000);
    expect(outcome.steps.slice(2).map((s) => s.result?.receipt.exitCode)).toEqual(Array(6).fill(7));
  });

  it('refuses to replay a deploy of a contract that did not compile', () => {
    const payload = {
      version: 1 as const,
      steps: [{ kind: 'deploy' as const, from: 'eth:0', artifact: 'contracts/Counter.sol:Counter' }],
    };
    expect(() => resolveArtifacts(payload, [])).toThrow(/did not produce/);
    const resolved = resolveArtifacts(
      { ...payload, steps: [{ ...payload.steps[0]!, args: '0x01' }] },
      artifacts,
    );
    expect((resolved.steps[0] as { bytecode: string }).bytecode).toBe(`${counterBytecode}01`);
  });

  it('refuses what a scenario cannot express, so the UI offers a file instead', async () => {
    const { chain } = await counterWorkspace();
    const sender = chain.machine.accounts[0]!.address;
    chain.applyMessage({
      ...transfer(chain.machine, Address.newId(5), 1n),
      sequence: chain.machine.nonceOf(sender) + 5,
    });
    expect(() => scenarioFromChain(chain)).toThrow(/nonce .* a scenario always uses the next nonce/);
  });

  it('writes the runner format: the scenario replays in the headless runner as it is', async () => {
    const { chain, outcome } = await counterWorkspace();
    const scenario: Scenario = scenarioFromChain(chain);
    expect(parseScenario(JSON.parse(JSON.stringify(scenario)))).toEqual(scenario);
    expect(runScenario(scenario).machine.stateRoot.equals(outcome.machine.stateRoot)).toBe(true);
  });
});
