import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../compiler/types';
import { applyDiagnosticMarkers } from '../compile/markers';
import { useEditorCursor } from '../state/editorCursor';
import { monaco } from './monacoSetup';

/** A range to highlight (the debugger's current step), in editor lines and columns. */
export interface EditorHighlight {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Gas of a line for the gutter: the text shown and a heat level 0–4. */
export interface GutterGas {
  text: string;
  heat: number;
}

export interface CodeEditorProps {
  path: string;
  language: string;
  value: string;
  /** Bumped when the text was changed outside the editor (an example loaded, a rename). */
  revision: number;
  readOnly?: boolean;
  theme: 'light' | 'dark';
  /** Every path that still exists: models of other paths are disposed. */
  paths: readonly string[];
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+S, with the editor's current text. */
  onSave?: (value: string) => void;
  /** Ctrl/Cmd+Enter. */
  onRun?: () => void;
  /** Ctrl/Cmd+Shift+P (Monaco's own palette stays on F1). */
  onPalette?: () => void;
  /** "Debug: run to this line" from the context menu. */
  onRunToLine?: (line: number) => void;
  /** Compiler diagnostics, shown as markers in every open file they point into. */
  diagnostics?: readonly Diagnostic[];
  /** Moves the cursor there when `nonce` changes (e.g. a clicked diagnostic). */
  reveal?: { line: number; column: number; nonce: number };
  highlight?: EditorHighlight | null;
  /** Gas by line for this file, shown in the gutter. */
  gutterGas?: ReadonlyMap<number, GutterGas> | null;
}

/** The Monaco editor. Default export so the IDE can load it with React.lazy. */
export default function CodeEditor(props: CodeEditorProps) {
  const {
    path,
    language,
    value,
    revision,
    readOnly,
    theme,
    paths,
    diagnostics,
    reveal,
    highlight,
    gutterGas,
  } = props;
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  const highlightDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  const gasDecorations = useRef<monaco.editor.IEditorDecorationsCollection | null>(null);
  /** The revision each model's text last came from. */
  const seenRevisions = useRef(new Map<string, number>());

  useEffect(() => {
    if (!host.current) return;
    const editor = monaco.editor.create(host.current, {
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      'semanticHighlighting.enabled': true,
    });
    editorRef.current = editor;
    highlightDecorations.current = editor.createDecorationsCollection();
    gasDecorations.current = editor.createDecorationsCollection();
    const subscription = editor.onDidChangeModelContent((event) => {
      // Text set from outside (a new revision) is not an edit to report back.
      if (!event.isFlush) callbacks.current.onChange?.(editor.getValue());
    });
    const cursor = editor.onDidChangeCursorPosition((event) => {
      const model = editor.getModel();
      if (model) useEditorCursor.getState().set(model.uri.path.replace(/^\//, ''), event.position.lineNumber);
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () =>
      callbacks.current.onSave?.(editor.getValue()),
    );
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => callbacks.current.onRun?.());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyP, () =>
      callbacks.current.onPalette?.(),
    );
    const runToLine = editor.addAction({
      id: 'fvm.debug.runToLine',
      label: 'Debugger: run to this line',
      contextMenuGroupId: 'navigation',
      run: (ed) => {
        const line = ed.getPosition()?.lineNumber;
        if (line) callbacks.current.onRunToLine?.(line);
      },
    });
    return () => {
      runToLine.dispose();
      cursor.dispose();
      subscription.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  // One Monaco model per file path, so undo history and markers stay with the file. The model is the
  // source of truth while a file is open: `value` seeds a new model, and replaces the text only when the
  // file changed outside the editor (`revision`). Pushing every `value` back would race with typing.
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const uri = monaco.Uri.parse(`file:///${path}`);
    let model = monaco.editor.getModel(uri);
    if (!model) {
      model = monaco.editor.createModel(valueRef.current, language, uri);
      seenRevisions.current.set(path, revision);
    } else if (seenRevisions.current.get(path) !== revision) {
      seenRevisions.current.set(path, revision);
      if (model.getValue() !== valueRef.current) model.setValue(valueRef.current);
    }
    if (editor.getModel() !== model) editor.setModel(model);
    editor.updateOptions({ readOnly: readOnly === true });
  }, [path, language, revision, readOnly]);

  // Models of deleted or renamed files go away with them.
  useEffect(() => {
    const alive = new Set(paths);
    for (const model of monaco.editor.getModels()) {
      const modelPath = model.uri.path.replace(/^\//, '');
      if (model.uri.scheme === 'file' && !alive.has(modelPath) && editorRef.current?.getModel() !== model) {
        seenRevisions.current.delete(modelPath);
        model.dispose();
      }
    }
  }, [paths]);

  // After the model effect, so a newly opened file gets its markers too.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `path` changes mean a model to mark.
  useEffect(() => {
    applyDiagnosticMarkers(monaco, diagnostics ?? []);
  }, [diagnostics, path]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    editor.setPosition({ lineNumber: reveal.line, column: reveal.column });
    editor.revealPositionInCenter({ lineNumber: reveal.line, column: reveal.column });
    editor.focus();
  }, [reveal]);

  // The debugger's current step: the whole line marked, the exact range underlined, scrolled into view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new file (path) needs the decoration again.
  useEffect(() => {
    const editor = editorRef.current;
    const collection = highlightDecorations.current;
    if (!editor || !collection) return;
    if (!highlight) {
      collection.clear();
      return;
    }
    const range = new monaco.Range(
      highlight.startLine,
      highlight.startColumn,
      highlight.endLine,
      highlight.endColumn,
    );
    collection.set([
      {
        range: new monaco.Range(highlight.startLine, 1, highlight.startLine, 1),
        options: {
          isWholeLine: true,
          className: 'debug-line',
          linesDecorationsClassName: 'debug-line-marker',
        },
      },
      { range, options: { inlineClassName: 'debug-range' } },
    ]);
    editor.revealLineInCenterIfOutsideViewport(highlight.startLine);
  }, [highlight, path]);

  // Gas per line in the gutter (next to the line number) and a heat mark beside it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new file (path) needs its own gutter.
  useEffect(() => {
    const editor = editorRef.current;
    const collection = gasDecorations.current;
    if (!editor || !collection) return;
    if (!gutterGas || gutterGas.size === 0) {
      editor.updateOptions({ lineNumbers: 'on', lineNumbersMinChars: 5 });
      collection.clear();
      return;
    }
    editor.updateOptions({
      lineNumbers: (line: number) => {
        const gas = gutterGas.get(line);
        return gas ? `${gas.text}  ${line}` : `${line}`;
      },
      lineNumbersMinChars: 12,
    });
    collection.set(
      [...gutterGas].map(([line, gas]) => ({
        range: new monaco.Range(line, 1, line, 1),
        options: { isWholeLine: true, className: `gas-heat-${gas.heat}` },
      })),
    );
  }, [gutterGas, path]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
