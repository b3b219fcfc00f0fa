import { ARCHIVE_EXTENSION, exportArchive } from '../../../storage/archive/exportArchive';
import { importArchive } from '../../../storage/archive/importArchive';
import {
  decodeShareLink,
  encodeShareLink,
  SHARE_LINK_MAX_CHARS,
  SHARE_LINK_SHORT_CHARS,
} from '../../../storage/shareLink/codec';
import type { SharePayload } from '../../../storage/shareLink/payload';
import { replayShared, sharePayloadFor, workspaceOf } from '../../../storage/shareLink/share';
import { checkName } from '../../../storage/workspace/paths';
import { WorkspaceRegistry } from '../../../storage/workspace/registry';
import {
  checkFiles,
  checkWorkspace,
  type DeployedContract,
  type WorkspaceData,
} from '../../../storage/workspace/workspace';
import type { ScenarioOutcome } from '../../scenario/runScenario';
import { addressForms } from '../addressForms';
import { isModuleName, MODULE_NAMES_KEY } from '../persistence/wasmRecords';
import type { PlaygroundSession } from '../session';
import { sessionChain } from './sessionChain';
import type {
  CompiledContractCode,
  ExportedWorkspace,
  ImportedWorkspace,
  LinkPreview,
  OpenedLink,
  OpenLinkRequest,
  ShareLinkResult,
  ShareRequest,
  WorkspaceSnapshot,
} from './shareTypes';

let registry: WorkspaceRegistry | undefined;
/** The workspace list (IndexedDB is shared by the page and its workers, so this sees the UI's list). */
const workspaces = () => {
  registry ??= new WorkspaceRegistry();
  return registry;
};

/** For tests: the registry new workspaces go to. */
export function setShareRegistry(next: WorkspaceRegistry): void {
  registry = next;
}

/** The workspace records of what the UI has open, with the contracts the session deployed. */
function workspaceData(session: PlaygroundSession, snapshot: WorkspaceSnapshot): WorkspaceData {
  const files = checkFiles(snapshot.files, 'files');
  return checkWorkspace({
    files: Object.fromEntries(Object.entries(files)),
    compiler: snapshot.compiler,
    contracts: sessionContracts(session),
    layout: {},
    session: {
      openFiles: snapshot.openFiles.filter((p) => Object.hasOwn(files, p)),
      activeFile:
        snapshot.activeFile !== null && Object.hasOwn(files, snapshot.activeFile)
          ? snapshot.activeFile
          : null,
      selectedMessage: snapshot.selectedMessage ?? null,
    },
  });
}

/** The session's deployed contracts as workspace records (name, artifact, addresses, ABI). */
export function sessionContracts(session: PlaygroundSession): DeployedContract[] {
  return session.contracts.map((entry) => {
    const artifact = entry.artifactKey ? session.registry.get(entry.artifactKey) : undefined;
    const forms = addressForms(session.machine, entry.address, entry.id);
    return {
      name: entry.name,
      artifact: artifact ? `${artifact.artifact.file}:${artifact.name}` : null,
      idAddress: `f0${entry.id}`,
      ethAddress: forms.eth,
      robustAddress: forms.robust,
      deployedIn: entry.createdBy,
      abi: artifact ? (artifact.abi as readonly unknown[]) : null,
    };
  });
}

/**
 * Encodes the open workspace and the session's chain (the branch to its head, as a runner scenario) as a
 * share link. Deploys of the workspace's compiled contracts travel as their names. Throws TooLarge when
 * the link would pass SHARE_LINK_MAX_CHARS (the UI offers an exported file instead).
 */
export function createShareLink(session: PlaygroundSession, request: ShareRequest): ShareLinkResult {
  const workspace = workspaceData(session, request);
  const chain = sessionChain(session);
  const payload = sharePayloadFor({
    ...(request.name === undefined ? {} : { name: checkName(request.name, 'workspace name') }),
    workspace,
    chain,
    artifacts: request.artifacts,
    moduleNames: session.wasm.saved().names,
  });
  const link = encodeShareLink(payload);
  return {
    fragment: link.fragment,
    length: link.length,
    long: link.long,
    softLimit: SHARE_LINK_SHORT_CHARS,
    maxLength: SHARE_LINK_MAX_CHARS,
    steps: payload.scenario.steps.length,
    messages: chain.pathTo().length,
  };
}

/** Decodes a link with all the codec's checks; what the opener needs to compile its files. */
export function previewShareLink(fragment: string): LinkPreview {
  const payload = decodeShareLink(fragment);
  return {
    name: payload.name ?? null,
    files: Object.entries(payload.files),
    compiler: { version: payload.compiler.version, settings: payload.compiler.settings },
    steps: payload.scenario.steps.length,
    expectedStateRoot: payload.expect?.stateRoot ?? null,
  };
}

/**
 * Opens a link as a NEW workspace: decodes it again (the worker trusts nothing it was handed before),
 * replays its scenario with the creation code the UI compiled from its files, and creates the workspace
 * with the replayed chain in one transaction. Existing workspaces are not touched; any error (a bad link,
 * a contract that did not compile, an invalid step) leaves everything as it was.
 */
export async function openShareLink(request: OpenLinkRequest): Promise<OpenedLink> {
  const payload = decodeShareLink(request.fragment);
  const { scenario, outcome, verdict } = replayShared(payload, request.artifacts);
  const workspace: WorkspaceData = {
    ...workspaceOf(payload),
    contracts: deployedContracts(payload, outcome, request.artifacts),
  };
  const name = `${payload.name ?? 'Shared workspace'}`.slice(0, 91).trim();
  const moduleNames = linkModuleNames(payload, outcome);
  const entry = await workspaces().create({
    name: `${name} (shared)`,
    workspace,
    genesis: scenario.genesis ?? {},
    machine: outcome.machine,
    records: moduleNames.length > 0 ? [[MODULE_NAMES_KEY, Object.fromEntries(moduleNames)]] : [],
  });
  return {
    workspaceId: entry.id,
    name: entry.name,
    stateRoot: verdict.stateRoot,
    expectedStateRoot: verdict.expectedStateRoot ?? null,
    sameStateRoot: verdict.sameStateRoot,
    sameReceipts: verdict.sameReceipts,
    receipts: outcome.steps.flatMap((step) =>
      step.applied
        ? [
            {
              index: step.applied.index,
              exitCode: step.applied.result.receipt.exitCode,
              gasUsed: step.applied.result.receipt.gasUsed,
            },
          ]
        : [],
    ),
  };
}

/**
 * The Wasm panel's names for the modules a link installed (its installActor steps' names), as the panel
 * would save them: a name it could not have given (empty, too long) is left out.
 */
function linkModuleNames(payload: SharePayload, outcome: ScenarioOutcome): Array<[string, string]> {
  const names: Array<[string, string]> = [];
  outcome.steps.forEach((step, i) => {
    const linkStep = payload.scenario.steps[i];
    if (step.installed && linkStep?.kind === 'installActor' && isModuleName(linkStep.name))
      names.push([step.installed.code, linkStep.name]);
  });
  return names;
}

/** The contracts a replayed link deployed, named as its deploy steps name them, with their ABIs. */
function deployedContracts(
  payload: SharePayload,
  outcome: ScenarioOutcome,
  artifacts: readonly CompiledContractCode[],
): DeployedContract[] {
  const contracts: DeployedContract[] = [];
  outcome.steps.forEach((step, i) => {
    const deployed = step.deployed;
    const linkStep = payload.scenario.steps[i];
    if (!deployed || !step.applied || !linkStep || linkStep.kind !== 'deploy') return;
    const artifactId = 'artifact' in linkStep ? linkStep.artifact : null;
    const abi = artifacts.find((a) => a.id === artifactId)?.abi ?? null;
    const contractName = artifactId?.slice(artifactId.lastIndexOf(':') + 1);
    contracts.push({
      name: linkStep.name ?? contractName ?? `contract #${contracts.length}`,
      artifact: artifactId,
      idAddress: `f0${deployed.id}`,
      ethAddress: deployed.ethAddress,
      robustAddress: deployed.robust,
      deployedIn: step.applied.index,
      abi,
    });
  });
  return contracts;
}

/** The open workspace and its whole chain (every branch) as one `.fvmws.car` file. */
export function exportWorkspace(session: PlaygroundSession, snapshot: WorkspaceSnapshot): ExportedWorkspace {
  const name = checkName(snapshot.name ?? 'workspace', 'workspace name');
  const bytes = exportArchive({
    name,
    workspace: workspaceData(session, snapshot),
    chain: sessionChain(session),
    // The session record with its compilations: an import keeps names, ABIs, source maps, layouts.
    ...(session.persistence ? { sessionRecords: session.persistence.exportRecords(session) } : {}),
  });
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'workspace';
  return { bytes, fileName: `${safe}${ARCHIVE_EXTENSION}` };
}

/** Imports an export file as a new workspace (checked completely first; nothing existing changes). */
export async function importWorkspace(bytes: Uint8Array): Promise<ImportedWorkspace> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('an export file is bytes');
  const { entry, archive } = await importArchive(workspaces(), bytes);
  return {
    workspaceId: entry.id,
    name: entry.name,
    messages: archive.messages,
    stateRoot: archive.head.root.toString(),
  };
}
