import type { Receipt } from '../../worker-vm/executor/applyMessage';
import type { CID } from '../../worker-vm/ipld/cid';
import { runScenario, type ScenarioOutcome } from '../../worker-vm/scenario/runScenario';
import type { Scenario } from '../../worker-vm/scenario/scenario';
import { emptyWorkspace, type WorkspaceData } from '../workspace/workspace';
import { type CreationCode, compactScenario, resolveArtifacts } from './artifacts';
import { MAX_LINK_REPLAY_GAS, type SharePayload } from './payload';
import { receiptsDigest } from './receipts';
import { type ShareableChain, scenarioFromChain } from './scenarioFromChain';

/**
 * The two ends of sharing. The sharer builds a payload from the open workspace and chain (then
 * `encodeShareLink`); the opener decodes it, compiles its files, and `replayShared` rebuilds the chain and
 * says whether it reproduced the sharer's state root and receipts; `workspaceOf` gives the new workspace's
 * records. Creating the workspace (registry.create with the replayed machine) leaves every existing
 * workspace untouched.
 */
export interface ShareSource {
  readonly name?: string;
  readonly workspace: WorkspaceData;
  readonly chain: ShareableChain;
  /** The workspace's compiled contracts: deploys of them travel as names, not bytecode. */
  readonly artifacts?: Iterable<CreationCode>;
  /** The Wasm panel's module names by code CID: the link's installActor steps carry them. */
  readonly moduleNames?: Readonly<Record<string, string>>;
}

export function sharePayloadFor(source: ShareSource): SharePayload {
  const { workspace, chain } = source;
  const contractNames = new Map<number, string>();
  // A deploy may create more contracts (a constructor's `new`); the deployed one is listed first.
  for (const contract of workspace.contracts)
    if (contract.deployedIn !== null && !contractNames.has(contract.deployedIn))
      contractNames.set(contract.deployedIn, contract.name);
  const scenario = scenarioFromChain(chain, {
    contractNames,
    ...(source.moduleNames ? { moduleNames: source.moduleNames } : {}),
  });
  const receipts = chain.pathTo().map((e) => e.applied.result.receipt);
  const { openFiles, activeFile } = workspace.session;
  return {
    ...(source.name === undefined ? {} : { name: source.name }),
    files: workspace.files,
    compiler: workspace.compiler,
    scenario: compactScenario(scenario, source.artifacts ?? []),
    expect: { stateRoot: chain.head.root.toString(), receipts: receiptsDigest(receipts) },
    ...(openFiles.length > 0 || activeFile !== null
      ? { open: { files: openFiles, active: activeFile } }
      : {}),
  };
}

/** The workspace a link opens into (no contracts or layout yet: the replay and the UI add those). */
export function workspaceOf(payload: SharePayload): WorkspaceData {
  return {
    ...emptyWorkspace(),
    files: payload.files,
    compiler: payload.compiler,
    session: {
      openFiles: payload.open?.files ?? [],
      activeFile: payload.open?.active ?? null,
      selectedMessage: null,
    },
  };
}

export interface ReplayVerdict {
  /** undefined when the link carries no expectation (a hand-made link). */
  readonly sameStateRoot: boolean | undefined;
  readonly sameReceipts: boolean | undefined;
  readonly stateRoot: string;
  readonly expectedStateRoot: string | undefined;
}

export interface SharedReplay {
  readonly scenario: Scenario;
  readonly outcome: ScenarioOutcome;
  readonly verdict: ReplayVerdict;
}

/**
 * Replays a link's scenario with the creation code the opener compiled from the link's files. Throws a
 * typed error if a deploy names a contract that did not compile or a step is invalid.
 */
export function replayShared(
  payload: SharePayload,
  artifacts: Iterable<CreationCode>,
  gasBudget = MAX_LINK_REPLAY_GAS,
): SharedReplay {
  const scenario = resolveArtifacts(payload.scenario, artifacts);
  const outcome = runScenario(scenario, { gasBudget });
  const receipts = outcome.steps.flatMap((step) => (step.applied ? [step.applied.result.receipt] : []));
  return { scenario, outcome, verdict: verdictOf(payload, outcome.machine.stateRoot, receipts) };
}

export function verdictOf(
  payload: SharePayload,
  stateRoot: CID,
  receipts: readonly Receipt[],
): ReplayVerdict {
  const expect = payload.expect;
  return {
    sameStateRoot: expect ? expect.stateRoot === stateRoot.toString() : undefined,
    sameReceipts: expect ? expect.receipts === receiptsDigest(receipts) : undefined,
    stateRoot: stateRoot.toString(),
    expectedStateRoot: expect?.stateRoot,
  };
}
