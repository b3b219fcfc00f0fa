// Monaco, from the local package only. Imported lazily (see CodeEditor) so it is not in the first paint.
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/solidity/register';
// AssemblyScript actors: TypeScript highlighting only. The TypeScript language service is not loaded, so
// AssemblyScript's types (u32, i64, @external) raise no false errors; the compiler's diagnostics are the markers.
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/features/json/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/languages/features/json/json.worker?worker';
import { registerWat } from './watLanguage';

// Monaco asks for its language workers through this hook; Vite bundles each as a worker chunk.
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

registerWat(monaco);

export { monaco };
