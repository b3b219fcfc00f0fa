import { lazy, Suspense, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import type { Diagnostic } from '../../compiler/types';
import { CompilePanel } from '../compile/CompilePanel';
import { useCompileStore } from '../compile/compileStore';
import { useWorkspaceCompiler } from '../compile/useWorkspaceCompiler';
import { ConsolePanel } from '../panels/ConsolePanel';
import { FilesPanel } from '../panels/FilesPanel';
import { RunPanel } from '../panels/RunPanel';
import { exampleWorkspace } from '../state/exampleWorkspace';
import { useTheme } from '../state/theme';

// Monaco is large: it loads after the shell has painted.
const CodeEditor = lazy(() => import('../editor/CodeEditor'));

const languageOf = (path: string) =>
  path.endsWith('.sol') ? 'sol' : path.endsWith('.json') ? 'json' : 'plaintext';

export function IdeLayout() {
  const theme = useTheme((s) => s.theme);
  const toggleTheme = useTheme((s) => s.toggle);
  const [files, setFiles] = useState(exampleWorkspace);
  const [activePath, setActivePath] = useState(exampleWorkspace[0]!.path);
  const active = files.find((file) => file.path === activePath) ?? files[0]!;

  const updateActive = (content: string) =>
    setFiles((current) => current.map((file) => (file.path === active.path ? { ...file, content } : file)));

  const compileWorkspace = useWorkspaceCompiler(files);
  const diagnostics = useCompileStore((s) => s.result?.diagnostics);
  const [reveal, setReveal] = useState<{ line: number; column: number; nonce: number }>();
  const showDiagnostic = ({ location }: Diagnostic) => {
    if (!location || !files.some((file) => file.path === location.file)) return;
    setActivePath(location.file);
    setReveal({ line: location.range.startLine, column: location.range.startColumn, nonce: Date.now() });
  };

  return (
    <div className="ide" data-theme={theme}>
      <header className="topbar">
        <span className="brand">FVM Playground</span>
        <span className="topbar-spacer" />
        <button type="button" className="link-button" onClick={toggleTheme} aria-label="Toggle theme">
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </header>
      <Group orientation="horizontal" className="ide-main">
        <Panel id="files" defaultSize="18" minSize="10">
          <FilesPanel files={files} activePath={active.path} onOpen={setActivePath} />
        </Panel>
        <Separator className="resize-handle" />
        <Panel id="center" defaultSize="56" minSize="25">
          <Group orientation="vertical">
            <Panel id="editor" defaultSize="70" minSize="20">
              <section className="panel editor-panel" aria-label="Editor">
                <header className="panel-title tab-strip">
                  <span className="tab active">{active.path.split('/').pop()}</span>
                </header>
                <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
                  <CodeEditor
                    path={active.path}
                    language={languageOf(active.path)}
                    value={active.content}
                    theme={theme}
                    onChange={updateActive}
                    onSave={(content) => compileWorkspace({ [active.path]: content })}
                    diagnostics={diagnostics}
                    reveal={reveal}
                  />
                </Suspense>
              </section>
            </Panel>
            <Separator className="resize-handle horizontal" />
            <Panel id="console" defaultSize="30" minSize="8">
              <ConsolePanel />
            </Panel>
          </Group>
        </Panel>
        <Separator className="resize-handle" />
        <Panel id="run" defaultSize="26" minSize="15">
          <RunPanel>
            <CompilePanel onCompile={() => compileWorkspace()} onSelectDiagnostic={showDiagnostic} />
          </RunPanel>
        </Panel>
      </Group>
    </div>
  );
}
