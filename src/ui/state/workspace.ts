import { create } from 'zustand';
import { checkFilePath } from '../../storage/workspace/paths';
import { exampleWorkspace } from './exampleWorkspace';

/**
 * The files being edited, as plain data (the storage layer persists the same shape): path → text, empty
 * folders (folders with files are implied by the paths), the open tabs and the active one. `revisions`
 * counts changes made from outside the editor (example loaded, file renamed) so the editor knows to
 * replace a model's text; typing does not bump it.
 */
export interface WorkspaceData {
  files: Record<string, string>;
  folders: string[];
  openFiles: string[];
  activeFile: string | null;
}

interface WorkspaceStore extends WorkspaceData {
  revisions: Record<string, number>;
  /** Files opened read-only (library sources shown by the debugger), path → text. */
  readOnly: Record<string, string>;
  open(path: string): void;
  close(path: string): void;
  setContent(path: string, content: string): void;
  createFile(path: string, content?: string): void;
  createFolder(path: string): void;
  /** Renames a file, or a folder with everything in it. */
  rename(from: string, to: string): void;
  /** Deletes a file, or a folder with everything in it. */
  remove(path: string): void;
  /** Adds files (an example), replacing those with the same paths, and opens the first. */
  addFiles(files: Record<string, string>, open?: string): void;
  openReadOnly(path: string, content: string): void;
}

const isUnder = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);

function bump(revisions: Record<string, number>, paths: Iterable<string>): Record<string, number> {
  const next = { ...revisions };
  for (const path of paths) next[path] = (next[path] ?? 0) + 1;
  return next;
}

const initialFiles = Object.fromEntries(exampleWorkspace.map((file) => [file.path, file.content]));

export const useWorkspace = create<WorkspaceStore>((set, get) => ({
  files: initialFiles,
  folders: [],
  openFiles: [exampleWorkspace[0]!.path],
  activeFile: exampleWorkspace[0]!.path,
  revisions: {},
  readOnly: {},

  open(path) {
    const { files, readOnly, openFiles } = get();
    if (!(path in files) && !(path in readOnly)) return;
    set({ activeFile: path, openFiles: openFiles.includes(path) ? openFiles : [...openFiles, path] });
  },

  close(path) {
    const { openFiles, activeFile } = get();
    const index = openFiles.indexOf(path);
    const next = openFiles.filter((p) => p !== path);
    set({
      openFiles: next,
      activeFile: activeFile === path ? (next[Math.min(index, next.length - 1)] ?? null) : activeFile,
    });
  },

  setContent(path, content) {
    if (!(path in get().files)) return;
    set((state) => ({ files: { ...state.files, [path]: content } }));
  },

  createFile(path, content = '') {
    checkFilePath(path, 'name');
    const { files, folders } = get();
    if (path in files) throw new Error(`${path} already exists`);
    if (folders.some((f) => f === path) || Object.keys(files).some((p) => isUnder(p, path)))
      throw new Error(`${path} is a folder`);
    set((state) => ({
      files: { ...state.files, [path]: content },
      openFiles: [...state.openFiles, path],
      activeFile: path,
      revisions: bump(state.revisions, [path]),
    }));
  },

  createFolder(path) {
    checkFilePath(path, 'name');
    const { files, folders } = get();
    if (path in files) throw new Error(`${path} is a file`);
    if (folders.includes(path)) return;
    set({ folders: [...folders, path] });
  },

  rename(from, to) {
    if (from === to) return;
    checkFilePath(to, 'name');
    const { files, folders } = get();
    const moved = Object.keys(files).filter((p) => isUnder(p, from));
    if (moved.length === 0 && !folders.some((f) => isUnder(f, from)))
      throw new Error(`${from} does not exist`);
    const target = (p: string) => to + p.slice(from.length);
    for (const path of moved) {
      if (target(path) in files && !moved.includes(target(path)))
        throw new Error(`${target(path)} already exists`);
    }
    set((state) => {
      const nextFiles: Record<string, string> = {};
      for (const [path, content] of Object.entries(state.files))
        nextFiles[isUnder(path, from) ? target(path) : path] = content;
      const renamed = (p: string) => (isUnder(p, from) ? target(p) : p);
      return {
        files: nextFiles,
        folders: state.folders.map(renamed),
        openFiles: state.openFiles.map(renamed),
        activeFile: state.activeFile ? renamed(state.activeFile) : null,
        revisions: bump(state.revisions, moved.map(target)),
      };
    });
  },

  remove(path) {
    set((state) => {
      const files = Object.fromEntries(Object.entries(state.files).filter(([p]) => !isUnder(p, path)));
      const openFiles = state.openFiles.filter((p) => !isUnder(p, path));
      return {
        files,
        folders: state.folders.filter((f) => !isUnder(f, path)),
        openFiles,
        activeFile:
          state.activeFile && isUnder(state.activeFile, path) ? (openFiles[0] ?? null) : state.activeFile,
        revisions: bump(state.revisions, [path]),
      };
    });
  },

  addFiles(added, open) {
    for (const path of Object.keys(added)) checkFilePath(path, 'name');
    const first = open ?? Object.keys(added)[0];
    set((state) => ({
      files: { ...state.files, ...added },
      openFiles: first && !state.openFiles.includes(first) ? [...state.openFiles, first] : state.openFiles,
      activeFile: first ?? state.activeFile,
      revisions: bump(state.revisions, Object.keys(added)),
    }));
  },

  openReadOnly(path, content) {
    set((state) => ({
      readOnly: { ...state.readOnly, [path]: content },
      openFiles: state.openFiles.includes(path) ? state.openFiles : [...state.openFiles, path],
      activeFile: path,
      revisions: state.readOnly[path] === content ? state.revisions : bump(state.revisions, [path]),
    }));
  },
}));

/** The folder tree of a workspace, for the file panel: folders first, then files, by name. */
export interface TreeNode {
  name: string;
  path: string;
  kind: 'file' | 'folder';
  children: TreeNode[];
}

export function buildFileTree(paths: readonly string[], folders: readonly string[]): TreeNode[] {
  const root: TreeNode = { name: '', path: '', kind: 'folder', children: [] };
  const folderAt = (path: string): TreeNode => {
    let node = root;
    if (path === '') return node;
    let prefix = '';
    for (const part of path.split('/')) {
      prefix = prefix ? `${prefix}/${part}` : part;
      let child = node.children.find((c) => c.kind === 'folder' && c.name === part);
      if (!child) {
        child = { name: part, path: prefix, kind: 'folder', children: [] };
        node.children.push(child);
      }
      node = child;
    }
    return node;
  };
  for (const folder of folders) folderAt(folder);
  for (const path of paths) {
    const slash = path.lastIndexOf('/');
    folderAt(slash < 0 ? '' : path.slice(0, slash)).children.push({
      name: path.slice(slash + 1),
      path,
      kind: 'file',
      children: [],
    });
  }
  const sort = (node: TreeNode) => {
    node.children.sort((a, b) =>
      a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1,
    );
    node.children.forEach(sort);
  };
  sort(root);
  return root.children;
}
