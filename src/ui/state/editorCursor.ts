import { create } from 'zustand';

/** Where the editor's cursor is (the debugger's "run to cursor" reads it), and requests to move it. */
interface EditorCursorStore {
  path: string | null;
  line: number;
  /** A place to show: the editor opens the file and moves there when `nonce` changes. */
  reveal: { path: string; line: number; column: number; nonce: number } | null;
  set(path: string, line: number): void;
  requestReveal(path: string, line: number, column?: number): void;
}

let nonce = 0;

export const useEditorCursor = create<EditorCursorStore>((set) => ({
  path: null,
  line: 1,
  reveal: null,
  set: (path, line) => set({ path, line }),
  requestReveal: (path, line, column = 1) => set({ reveal: { path, line, column, nonce: ++nonce } }),
}));
