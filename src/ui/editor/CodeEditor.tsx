import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../compiler/types';
import { applyDiagnosticMarkers } from '../compile/markers';
import { monaco } from './monacoSetup';

export interface CodeEditorProps {
  path: string;
  language: string;
  value: string;
  theme: 'light' | 'dark';
  onChange?: (value: string) => void;
  /** Ctrl/Cmd+S, with the editor's current text. */
  onSave?: (value: string) => void;
  /** Compiler diagnostics, shown as markers in every open file they point into. */
  diagnostics?: readonly Diagnostic[];
  /** Moves the cursor there when `nonce` changes (e.g. a clicked diagnostic). */
  reveal?: { line: number; column: number; nonce: number };
}

/** The Monaco editor. Default export so the IDE can load it with React.lazy. */
export default function CodeEditor({
  path,
  language,
  value,
  theme,
  onChange,
  onSave,
  diagnostics,
  reveal,
}: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;

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
    const subscription = editor.onDidChangeModelContent(() => onChangeRef.current?.(editor.getValue()));
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () =>
      onSaveRef.current?.(editor.getValue()),
    );
    return () => {
      subscription.dispose();
      editor.dispose();
      editorRef.current = null;
    };
  }, []);

  // One Monaco model per file path, so undo history and markers stay with the file. The model is the
  // source of truth while a file is open: `value` only seeds a new model. (Pushing every `value` back
  // would race with typing, since React renders after several keystrokes may have landed.)
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor) return;
    const uri = monaco.Uri.parse(`file:///${path}`);
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(valueRef.current, language, uri);
    if (editor.getModel() !== model) editor.setModel(model);
  }, [path, language]);

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

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
