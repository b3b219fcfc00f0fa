import { type FormEvent, useMemo, useState } from 'react';
import { buildFileTree, type TreeNode, useWorkspace } from '../state/workspace';

type Editing =
  | { mode: 'new-file' | 'new-folder'; parent: string; value: string; error?: string }
  | { mode: 'rename'; path: string; value: string; error?: string };

const describe = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^name: /, '');
};

/** The workspace's files as a tree: open, create, rename and delete files and folders. */
export function FilesPanel() {
  const files = useWorkspace((s) => s.files);
  const folders = useWorkspace((s) => s.folders);
  const activeFile = useWorkspace((s) => s.activeFile);
  const store = useWorkspace.getState;
  const tree = useMemo(() => buildFileTree(Object.keys(files), folders), [files, folders]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [selectedFolder, setSelectedFolder] = useState('');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const parentOfActive = activeFile?.includes('/') ? activeFile.slice(0, activeFile.lastIndexOf('/')) : '';
  const newIn = (mode: 'new-file' | 'new-folder') => {
    const parent = selectedFolder || parentOfActive;
    // The new name is typed inside its folder: open the folder and its ancestors.
    setCollapsed(
      (current) =>
        new Set([...current].filter((path) => !(parent === path || parent.startsWith(`${path}/`)))),
    );
    setEditing({ mode, parent, value: '' });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!editing) return;
    const name = editing.value.trim();
    try {
      if (editing.mode === 'rename') {
        const slash = editing.path.lastIndexOf('/');
        const target = name.includes('/') || slash < 0 ? name : `${editing.path.slice(0, slash)}/${name}`;
        store().rename(editing.path, target);
      } else {
        const path = editing.parent ? `${editing.parent}/${name}` : name;
        if (editing.mode === 'new-file') store().createFile(path);
        else store().createFolder(path);
      }
      setEditing(null);
    } catch (error) {
      setEditing({ ...editing, error: describe(error) });
    }
  };

  const toggle = (path: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const editor = (depth: number) =>
    editing && (
      <li>
        <form className="file-edit" onSubmit={submit} style={{ paddingLeft: 8 + depth * 12 }}>
          <input
            // biome-ignore lint/a11y/noAutofocus: the field the user just asked for
            autoFocus
            aria-label={
              editing.mode === 'rename'
                ? 'New name'
                : editing.mode === 'new-file'
                  ? 'File name'
                  : 'Folder name'
            }
            value={editing.value}
            placeholder={editing.mode === 'new-folder' ? 'folder' : 'Contract.sol'}
            onChange={(e) => setEditing({ ...editing, value: e.target.value, error: undefined })}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(null);
            }}
            onBlur={() => {
              if (!editing.value.trim()) setEditing(null);
            }}
          />
          {editing.error && (
            <span className="field-error" role="alert">
              {editing.error}
            </span>
          )}
        </form>
      </li>
    );

  const renderNode = (node: TreeNode, depth: number): React.ReactNode => {
    const isRenaming = editing?.mode === 'rename' && editing.path === node.path;
    if (isRenaming) return <div key={node.path}>{editor(depth)}</div>;
    const pad = { paddingLeft: 8 + depth * 12 };
    const actions = (
      <span className="file-actions">
        <button
          type="button"
          className="icon-button"
          title={`Rename ${node.path}`}
          aria-label={`Rename ${node.path}`}
          onClick={(e) => {
            e.stopPropagation();
            setEditing({ mode: 'rename', path: node.path, value: node.name });
          }}
        >
          ✎
        </button>
        <button
          type="button"
          className="icon-button"
          title={`Delete ${node.path}`}
          aria-label={`Delete ${node.path}`}
          onClick={(e) => {
            e.stopPropagation();
            setConfirmDelete(node.path);
          }}
        >
          ✕
        </button>
      </span>
    );
    const confirm = confirmDelete === node.path && (
      <div className="file-confirm" style={pad}>
        Delete {node.kind === 'folder' ? 'folder' : ''} {node.name}?{' '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            store().remove(node.path);
            setConfirmDelete(null);
          }}
        >
          Delete
        </button>{' '}
        <button type="button" className="link-button" onClick={() => setConfirmDelete(null)}>
          Cancel
        </button>
      </div>
    );
    if (node.kind === 'folder') {
      const open = !collapsed.has(node.path);
      const creatingHere = editing && editing.mode !== 'rename' && editing.parent === node.path;
      return (
        <li key={node.path}>
          <div className="file-row">
            <button
              type="button"
              className={`file folder${selectedFolder === node.path ? ' selected' : ''}`}
              style={pad}
              aria-expanded={open}
              onClick={() => {
                toggle(node.path);
                setSelectedFolder(node.path);
              }}
            >
              <span className="file-caret">{open ? '▾' : '▸'}</span> {node.name}
            </button>
            {actions}
          </div>
          {confirm}
          {open && (
            <ul className="file-list nested">
              {creatingHere && editor(depth + 1)}
              {node.children.map((child) => renderNode(child, depth + 1))}
            </ul>
          )}
        </li>
      );
    }
    return (
      <li key={node.path}>
        <div className="file-row">
          <button
            type="button"
            className={node.path === activeFile ? 'file active' : 'file'}
            style={pad}
            title={node.path}
            data-path={node.path}
            onClick={() => {
              store().open(node.path);
              setSelectedFolder(
                node.path.includes('/') ? node.path.slice(0, node.path.lastIndexOf('/')) : '',
              );
            }}
          >
            {node.name}
          </button>
          {actions}
        </div>
        {confirm}
      </li>
    );
  };

  return (
    <section className="panel" aria-label="Files">
      <header className="panel-title">
        Files
        <span className="panel-actions">
          <button
            type="button"
            className="icon-button"
            title="New file"
            aria-label="New file"
            onClick={() => newIn('new-file')}
          >
            +
          </button>
          <button
            type="button"
            className="icon-button"
            title="New folder"
            aria-label="New folder"
            onClick={() => newIn('new-folder')}
          >
            ⊞
          </button>
        </span>
      </header>
      <ul className="file-list" data-testid="file-tree">
        {editing && editing.mode !== 'rename' && editing.parent === '' && editor(0)}
        {tree.map((node) => renderNode(node, 0))}
      </ul>
    </section>
  );
}
