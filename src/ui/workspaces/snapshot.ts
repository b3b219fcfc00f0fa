import type { CompilerSettings } from '../../compiler/types';
import type {
  CompilerChoice,
  DeployedContract,
  JsonObject,
  WorkspaceData,
  WorkspaceSession,
} from '../../storage/workspace/workspace';
import type { ContractView } from '../../worker-vm/session/views';
import { useCompileStore } from '../compile/compileStore';
import { useChain } from '../state/chain';
import { type BottomTab, type PanelGroup, type PanelSizes, type RunTab, usePanels } from '../state/panels';
import { useWorkspace } from '../state/workspace';

export type StoredCompilerSettings = CompilerChoice;

/** The parts of the UI a workspace keeps, in the storage layer's shapes. */
export interface UiSnapshot {
  files: Record<string, string>;
  compiler: CompilerChoice;
  layout: JsonObject;
  session: WorkspaceSession;
  /** Undefined until the chain view has loaded (nothing to save yet). */
  contracts: DeployedContract[] | undefined;
}

const BOTTOM_TABS: readonly BottomTab[] = [
  'transactions',
  'trace',
  'debugger',
  'diff',
  'gas',
  'live',
  'console',
];
const RUN_TABS: readonly RunTab[] = ['run', 'compile', 'accounts'];

/** What the UI shows now, as the workspace records store it. */
export function uiSnapshot(): UiSnapshot {
  const ws = useWorkspace.getState();
  const compile = useCompileStore.getState();
  const panels = usePanels.getState();
  const chain = useChain.getState();
  const openFiles = ws.openFiles.filter((path) => path in ws.files);
  return {
    files: { ...ws.files },
    compiler: { version: compile.version, settings: compile.settings },
    layout: {
      folders: [...ws.folders],
      bottomTab: panels.bottomTab,
      runTab: panels.runTab,
      panelSizes: { ...panels.sizes },
    },
    session: {
      openFiles,
      activeFile: ws.activeFile !== null && ws.activeFile in ws.files ? ws.activeFile : null,
      selectedMessage: chain.selectedMessage,
    },
    contracts: chain.state ? chain.state.contracts.map(deployedContract) : undefined,
  };
}

/** A contract of the chain view as the workspace's `w/contracts` record keeps it (for share and export). */
export function deployedContract(view: ContractView): DeployedContract {
  const key = view.artifactKey;
  return {
    name: view.name,
    artifact: key ? key.slice(key.indexOf(':') + 1) : null,
    idAddress: view.id ?? 'f00',
    ethAddress: view.eth,
    robustAddress: view.robust && /^[ft]2/.test(view.robust) ? view.robust : null,
    deployedIn: view.createdBy,
    abi: view.abi,
  };
}

/** The snapshot of a workspace just loaded (what is on disk). */
export function snapshotOf(workspace: WorkspaceData): UiSnapshot {
  return {
    files: { ...workspace.files },
    compiler: workspace.compiler,
    layout: workspace.layout,
    session: workspace.session,
    contracts: [...workspace.contracts],
  };
}

/** Puts a loaded workspace into the UI stores. */
export function applyToUi(workspace: WorkspaceData): void {
  const files = { ...workspace.files };
  const layout = workspace.layout;
  const folders = Array.isArray(layout.folders)
    ? layout.folders.filter((f): f is string => typeof f === 'string')
    : [];
  const openFiles = workspace.session.openFiles.filter((p) => p in files);
  const revisions = useWorkspace.getState().revisions;
  const bumped: Record<string, number> = { ...revisions };
  for (const path of new Set([...Object.keys(files), ...Object.keys(useWorkspace.getState().files)]))
    bumped[path] = (bumped[path] ?? 0) + 1;
  useWorkspace.setState({
    files,
    folders,
    openFiles,
    activeFile: workspace.session.activeFile ?? openFiles[0] ?? null,
    revisions: bumped,
    readOnly: {},
  });
  const compile = useCompileStore.getState();
  if (JSON.stringify(compile.settings) !== JSON.stringify(workspace.compiler.settings))
    compile.setSettings(workspace.compiler.settings as CompilerSettings);
  if (compile.version !== workspace.compiler.version) void compile.chooseVersion(workspace.compiler.version);
  const bottom = BOTTOM_TABS.find((t) => t === layout.bottomTab);
  const run = RUN_TABS.find((t) => t === layout.runTab);
  usePanels.setState((s) => ({
    ...(bottom ? { bottomTab: bottom } : {}),
    ...(run ? { runTab: run } : {}),
    sizes: panelSizesOf(layout.panelSizes),
    sizesLoaded: s.sizesLoaded + 1,
  }));
}

const PANEL_GROUPS: readonly PanelGroup[] = ['main', 'center'];

/** Saved panel sizes, keeping only well-formed groups (percentages by panel id); the rest use defaults. */
export function panelSizesOf(value: unknown): Partial<Record<PanelGroup, PanelSizes>> {
  const sizes: Partial<Record<PanelGroup, PanelSizes>> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return sizes;
  for (const group of PANEL_GROUPS) {
    const layout = (value as Record<string, unknown>)[group];
    if (layout === null || typeof layout !== 'object' || Array.isArray(layout)) continue;
    const entries = Object.entries(layout);
    const valid =
      entries.length > 0 &&
      entries.every(
        ([, size]) => typeof size === 'number' && Number.isFinite(size) && size >= 0 && size <= 100,
      );
    if (valid) sizes[group] = Object.fromEntries(entries) as PanelSizes;
  }
  return sizes;
}
