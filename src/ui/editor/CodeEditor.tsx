import { useEffect, useRef } from 'react';
import { monaco } from './monacoSetup';

export interface CodeEditorProps {
  path: string;
  language: string;
  value: string;
  theme: 'light' | 'dark';
  onChange?: (value: string) => void;
}

/** The Monaco editor. Default export so the IDE can load it with React.lazy. */
export default function CodeEditor({ path, language, value, theme, onChange }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

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

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}
