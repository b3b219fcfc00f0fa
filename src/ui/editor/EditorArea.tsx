import { lazy, Suspense, useEffect, useMemo } from 'react';
import type { Diagnostic } from '../../compiler/types';
import { useWasmCompile } from '../compile/wasmCompileStore';
import { selectedKey, useChain } from '../state/chain';
import { useDebugger, useGasLines } from '../state/debugger';
import { useEditorCursor } from '../state/editorCursor';
import { usePanels } from '../state/panels';
import { useTheme } from '../state/theme';
import { useWorkspace } from '../state/workspace';
import type { EditorHighlight } from './CodeEditor';
import { gutterFor } from './gutter';

// Monaco is large: it loads after the shell has painted.
const CodeEditor = lazy(() => import('./CodeEditor'));

const languageOf = (path: string) =>
  path.endsWith('.sol')
    ? 'sol'
    : path.endsWith('.json')
      ? 'json'
      : path.endsWith('.wat')
        ? 'wat'
        : // AssemblyScript: TypeScript highlighting only (no TypeScript service, so no false type errors).
          path.endsWith('.ts')
          ? 'typescript'
          : 'plaintext';

/** Tabs and the editor, with the debugger's current line and the selected message's gas by line. */
export function EditorArea({
  onSave,
  diagnostics,
}: {
  onSave(path: string, content: string): void;
  diagnostics: readonly Diagnostic[] | undefined;
}) {
  const theme = useTheme((s) => s.theme);
  const { files, readOnly, openFiles, activeFile, revisions, open, close, setContent } = useWorkspace();
  const reveal = useEditorCursor((s) => s.reveal);
  const bottomTab = usePanels((s) => s.bottomTab);
  const gasInEditor = usePanels((s) => s.gasInEditor);
  const message = useChain((s) => s.selectedMessage);
  const key = useChain(selectedKey);
  const location = useDebugger((s) => (s.key !== null && s.key === key ? s.detail?.location : undefined));
  const gas = useGasLines((s) => (s.key !== null && s.key === key ? s.view : null));
  // Markers of the last Wasm actor compile beside solc's (they name their own files).
  const wasmDiagnostics = useWasmCompile((s) => s.result?.diagnostics);
  const markers = useMemo(
    () =>
      wasmDiagnostics && wasmDiagnostics.length > 0
        ? [...(diagnostics ?? []), ...(wasmDiagnostics as unknown as Diagnostic[])]
        : diagnostics,
    [diagnostics, wasmDiagnostics],
  );

  // The gutter follows the selected message.
  useEffect(() => {
    if (gasInEditor && message !== null && key !== null) void useGasLines.getState().load(message, key);
  }, [gasInEditor, message, key]);

  const path = activeFile ?? undefined;
  const isReadOnly = path !== undefined && !(path in files) && path in readOnly;
  const content = path === undefined ? '' : (files[path] ?? readOnly[path] ?? '');
  const paths = useMemo(() => [...Object.keys(files), ...Object.keys(readOnly)], [files, readOnly]);

  const highlight: EditorHighlight | null =
    bottomTab === 'debugger' && location && location.path === path
      ? {
          startLine: location.startLine,
          startColumn: location.startColumn,
          endLine: location.endLine,
          endColumn: location.endColumn,
        }
      : null;
  const gutterGas = useMemo(
    () => (gasInEditor && gas && path ? gutterFor(gas.files.find((f) => f.path === path)?.lines) : null),
    [gasInEditor, gas, path],
  );
  const revealHere =
    reveal && reveal.path === path
      ? { line: reveal.line, column: reveal.column, nonce: reveal.nonce }
      : undefined;

  return (
    <section className="panel editor-panel" aria-label="Editor">
      <div className="panel-title tab-strip" role="tablist" aria-label="Open files">
        {openFiles.map((file) => (
          <span key={file} className={file === activeFile ? 'tab active' : 'tab'} role="presentation">
            <button
              type="button"
              role="tab"
              aria-selected={file === activeFile}
              className="tab-open"
              onClick={() => open(file)}
              title={file}
            >
              {file.split('/').pop()}
              {!(file in files) && <span className="dim"> (read-only)</span>}
            </button>
            <button
              type="button"
              className="icon-button tab-close"
              aria-label={`Close ${file}`}
              onClick={() => close(file)}
            >
              ×
            </button>
          </span>
        ))}
        {gutterGas && gutterGas.size > 0 && (
          <span className="tab-context dim">gas of message #{message} in the gutter</span>
        )}
      </div>
      {path === undefined ? (
        <div className="editor-loading">No file open. Create one in the Files panel or open an example.</div>
      ) : (
        <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
          <CodeEditor
            path={path}
            language={languageOf(path)}
            value={content}
            revision={revisions[path] ?? 0}
            readOnly={isReadOnly}
            theme={theme}
            paths={paths}
            onChange={(text) => setContent(path, text)}
            onSave={(text) => onSave(path, text)}
            onRun={() => usePanels.getState().requestDeploy()}
            onPalette={() => usePanels.getState().setPalette(true)}
            onRunToLine={(line) => {
              usePanels.getState().showBottom('debugger');
              void useDebugger.getState().navigate({ kind: 'toLine', path, line });
            }}
            diagnostics={markers}
            reveal={revealHere}
            highlight={highlight}
            gutterGas={gutterGas}
          />
        </Suspense>
      )}
    </section>
  );
}
