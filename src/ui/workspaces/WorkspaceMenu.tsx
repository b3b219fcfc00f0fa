import { useState } from 'react';
import './workspaces.css';
import { freeName } from '../../storage/workspace/paths';
import { EXAMPLES } from '../examples/examples';
import { useDropdown } from '../layout/useDropdown';
import { useConsole } from '../state/consoleLog';
import { useWorkspaces } from '../state/workspaces';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs a workspace action; a refusal goes to the console and the menu's note. */
async function attempt(what: string, work: () => Promise<unknown>, note: (text: string) => void) {
  try {
    await work();
    note('');
  } catch (error) {
    note(`${what}: ${describe(error)}`);
    useConsole.getState().log('error', `${what}: ${describe(error)}`);
  }
}

/**
 * The top bar's workspace slot: the open workspace's name and a menu to switch, create (empty, starter,
 * or an example), rename, duplicate and delete (confirming with the name).
 */
export function WorkspaceMenu() {
  const list = useWorkspaces((s) => s.list);
  const currentId = useWorkspaces((s) => s.currentId);
  const phase = useWorkspaces((s) => s.phase);
  const { open, setOpen, ref: menu } = useDropdown();
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const current = list.find((e) => e.id === currentId);
  const store = useWorkspaces.getState;
  const run = (what: string, work: () => Promise<unknown>) => {
    setOpen(false);
    void attempt(what, work, setNote);
  };
  const nameFor = (base: string) =>
    freeName(
      base,
      list.map((e) => e.name),
    );
  return (
    <div className="menu workspace-menu" ref={menu}>
      <button
        type="button"
        className="link-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        data-testid="workspace-button"
        title="Workspaces: each has its own files and chain, saved in this browser"
      >
        {phase === 'starting' ? 'Opening…' : (current?.name ?? 'No workspace')}
        {phase === 'switching' ? ' (opening…)' : ''} ▾
      </button>
      {note && (
        <span className="field-error workspace-note" role="alert">
          {note}
        </span>
      )}
      {open && (
        <div className="menu-list" role="menu" aria-label="Workspaces">
          {list.map((entry) => (
            <button
              key={entry.id}
              type="button"
              role="menuitemradio"
              aria-checked={entry.id === currentId}
              className="menu-item"
              data-testid="workspace-item"
              onClick={() => entry.id !== currentId && run('Switching', () => store().switchTo(entry.id))}
            >
              <strong>
                {entry.id === currentId ? '● ' : ''}
                {entry.name}
              </strong>
              <span className="dim">created {new Date(entry.createdAt).toLocaleString()}</span>
            </button>
          ))}
          <hr />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() =>
              run('New workspace', () => store().create(nameFor('Workspace'), { kind: 'starter' }))
            }
          >
            New workspace (Counter starter)
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() =>
              run('New workspace', () => store().create(nameFor('Empty workspace'), { kind: 'empty' }))
            }
          >
            New empty workspace
          </button>
          {EXAMPLES.map((example) => (
            <button
              key={example.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() =>
                run('New workspace', () =>
                  store().create(nameFor(example.title), { kind: 'example', example }),
                )
              }
            >
              New from example: {example.title}
            </button>
          ))}
          {current && (
            <>
              <hr />
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => {
                  const name = window.prompt('Rename the workspace', current.name);
                  if (name !== null && name.trim() !== '')
                    run('Rename', () => store().rename(current.id, name.trim()));
                  else setOpen(false);
                }}
              >
                Rename…
              </button>
              <button
                type="button"
                role="menuitem"
                className="menu-item"
                onClick={() => run('Duplicate', () => store().duplicate(current.id))}
              >
                Duplicate (files and chain)
              </button>
              <button
                type="button"
                role="menuitem"
                className="menu-item danger"
                data-testid="workspace-delete"
                onClick={() => {
                  setOpen(false);
                  setConfirming(current.id);
                }}
              >
                Delete…
              </button>
            </>
          )}
        </div>
      )}
      {confirming && (
        <DeleteConfirmation
          name={list.find((e) => e.id === confirming)?.name ?? confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const id = confirming;
            setConfirming(null);
            void attempt('Delete', () => store().remove(id), setNote);
          }}
        />
      )}
    </div>
  );
}

function DeleteConfirmation({
  name,
  onCancel,
  onConfirm,
}: {
  name: string;
  onCancel(): void;
  onConfirm(): void;
}) {
  return (
    <div
      className="workspace-confirm"
      role="alertdialog"
      aria-label="Delete workspace"
      data-testid="delete-confirm"
    >
      <p>
        Delete the workspace <strong>{name}</strong> with its files and chain? This cannot be undone (export a
        backup first if you may need it).
      </p>
      <button type="button" className="link-button" onClick={onCancel}>
        Keep it
      </button>
      <button type="button" className="danger-button" onClick={onConfirm} data-testid="delete-confirm-button">
        Delete {name}
      </button>
    </div>
  );
}
