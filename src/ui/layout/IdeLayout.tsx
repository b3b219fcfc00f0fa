import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Group, type GroupImperativeHandle, type Layout, Panel, Separator } from 'react-resizable-panels';
import type { Diagnostic } from '../../compiler/types';
import { CompilePanel } from '../compile/CompilePanel';
import { useCompileStore } from '../compile/compileStore';
import { useWorkspaceCompiler } from '../compile/useWorkspaceCompiler';
import { EditorArea } from '../editor/EditorArea';
import { EmbedFrame } from '../embed/EmbedFrame';
import { CommandPalette, useCommands } from '../palette/CommandPalette';
import { BottomPanel } from '../panels/BottomPanel';
import { FilesPanel } from '../panels/FilesPanel';
import { RunPanel } from '../panels/RunPanel';
import { ShareHost } from '../share/ShareHost';
import { ShareMenu } from '../share/ShareMenu';
import { useChain } from '../state/chain';
import { useConsole } from '../state/consoleLog';
import { useEditorCursor } from '../state/editorCursor';
import { useLive } from '../state/live';
import { type PanelGroup, usePanels } from '../state/panels';
import { useTheme } from '../state/theme';
import { useWorkerStatus } from '../state/workerStatus';
import { useWorkspace } from '../state/workspace';
import { useWorkspaces } from '../state/workspaces';
import { watchUiForSaves } from '../workspaces/persistUi';
import { StorageIndicator } from '../workspaces/StorageIndicator';
import { watchVmSaves } from '../workspaces/vmSaves';
import { WorkspaceBanner } from '../workspaces/WorkspaceBanner';
import { WorkspaceMenu } from '../workspaces/WorkspaceMenu';
import { TopBar } from './TopBar';
import '../embed/embed.css';
import '../share/share.css';
import '../ide.css';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The IDE frame: files | editor over the output views | run panel, resizable. Wires the compiler's results
 * to the VM worker (every successful compile is registered there, and live mode replays on it). `embed`
 * (the `?embed` URL flag) shows the editor and the run panel only.
 */
export function IdeLayout({ embed = false }: { embed?: boolean } = {}) {
  const theme = useTheme((s) => s.theme);
  const files = useWorkspace((s) => s.files);
  const fileList = useMemo(
    () => Object.entries(files).map(([path, content]) => ({ path, content })),
    [files],
  );
  const compileWorkspace = useWorkspaceCompiler(fileList);
  const result = useCompileStore((s) => s.result);
  const diagnostics = result?.diagnostics;
  const vmReady = useWorkerStatus((s) => s.vm.status === 'ready');

  // As soon as the VM answers: open the workspace (its chain in the worker, its files here), then keep
  // saving what changes.
  useEffect(() => {
    if (!vmReady) return;
    void useWorkspaces.getState().start();
    const stopUi = watchUiForSaves();
    const stopVm = watchVmSaves();
    return () => {
      stopUi();
      stopVm();
    };
  }, [vmReady]);

  // Every successful compile goes to the VM worker (deploy forms, source maps, storage layouts), and in live
  // mode replays what the user did on a fresh chain.
  useEffect(() => {
    if (!result?.ok) return;
    let cancelled = false;
    void (async () => {
      try {
        await useChain.getState().register(result);
        if (!cancelled && useLive.getState().enabled) await useLive.getState().replay();
      } catch (error) {
        useConsole
          .getState()
          .log('error', `Could not hand the compiled contracts to the VM: ${describe(error)}`);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [result]);

  const showDiagnostic = ({ location }: Diagnostic) => {
    if (!location || !(location.file in useWorkspace.getState().files)) return;
    useWorkspace.getState().open(location.file);
    useEditorCursor
      .getState()
      .requestReveal(location.file, location.range.startLine, location.range.startColumn);
  };

  // Panel sizes: what the user drags to is kept with the workspace; a loaded workspace's sizes are applied.
  const mainGroup = useRef<GroupImperativeHandle | null>(null);
  const centerGroup = useRef<GroupImperativeHandle | null>(null);
  const sizesLoaded = usePanels((s) => s.sizesLoaded);
  useEffect(() => {
    if (sizesLoaded === 0) return;
    const { sizes } = usePanels.getState();
    try {
      if (sizes.main) mainGroup.current?.setLayout(sizes.main);
      if (sizes.center) centerGroup.current?.setLayout(sizes.center);
    } catch {
      // Sizes saved for other panels (an older layout): the defaults stay.
    }
  }, [sizesLoaded]);
  const keepSizes = useCallback(
    (group: PanelGroup) => (layout: Layout, meta: { isUserInteraction: boolean }) => {
      if (meta.isUserInteraction) usePanels.getState().setSizes(group, layout);
    },
    [],
  );

  const compileNow = useCallback(() => compileWorkspace(), [compileWorkspace]);
  const commands = useCommands(compileNow);

  // Shortcuts outside the editor (the editor binds the same keys itself).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (event.shiftKey && key === 'p') {
        event.preventDefault();
        usePanels.getState().setPalette(true);
      } else if (key === 'enter') {
        event.preventDefault();
        usePanels.getState().requestDeploy();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (embed)
    return (
      <div className="ide" data-theme={theme}>
        <EmbedFrame
          editor={
            <EditorArea
              onSave={(path, content) => compileWorkspace({ [path]: content })}
              diagnostics={diagnostics}
            />
          }
          run={
            <RunPanel>
              <CompilePanel onCompile={() => compileWorkspace()} onSelectDiagnostic={showDiagnostic} />
            </RunPanel>
          }
        />
        <CommandPalette commands={commands} />
        <ShareHost />
      </div>
    );

  return (
    <div className="ide" data-theme={theme}>
      <TopBar
        shareSlot={<ShareMenu />}
        workspaceSlot={
          <>
            <WorkspaceMenu />
            <StorageIndicator />
          </>
        }
      />
      <WorkspaceBanner />
      <Group
        orientation="horizontal"
        className="ide-main"
        groupRef={mainGroup}
        onLayoutChanged={keepSizes('main')}
      >
        <Panel id="files" defaultSize="15" minSize="8">
          <FilesPanel />
        </Panel>
        <Separator className="resize-handle" />
        <Panel id="center" defaultSize="57" minSize="25">
          <Group orientation="vertical" groupRef={centerGroup} onLayoutChanged={keepSizes('center')}>
            <Panel id="editor" defaultSize="55" minSize="15">
              <EditorArea
                onSave={(path, content) => compileWorkspace({ [path]: content })}
                diagnostics={diagnostics}
              />
            </Panel>
            <Separator className="resize-handle horizontal" />
            <Panel id="output" defaultSize="45" minSize="10">
              <BottomPanel />
            </Panel>
          </Group>
        </Panel>
        <Separator className="resize-handle" />
        <Panel id="run" defaultSize="28" minSize="15">
          <RunPanel>
            <CompilePanel onCompile={() => compileWorkspace()} onSelectDiagnostic={showDiagnostic} />
          </RunPanel>
        </Panel>
      </Group>
      <CommandPalette commands={commands} />
      <ShareHost />
    </div>
  );
}
