import { useEffect, useMemo, useRef, useState } from 'react';
import { EXAMPLES } from '../examples/examples';
import { useChain } from '../state/chain';
import { useDebugger } from '../state/debugger';
import { useLive } from '../state/live';
import { type BottomTab, usePanels } from '../state/panels';
import { useTheme } from '../state/theme';
import { useWorkspace } from '../state/workspace';
import { openExample, shareCommands } from './actions';

export interface Command {
  id: string;
  title: string;
  /** Shown on the right: the shortcut, or a hint. */
  detail?: string;
  /** Asks for text first (a file name), then runs with it. */
  prompt?: string;
  run(argument?: string): void | Promise<void>;
}

const TAB_TITLES: Record<BottomTab, string> = {
  transactions: 'Transactions',
  trace: 'Gas trace',
  debugger: 'Debugger',
  diff: 'State diff',
  gas: 'Gas by line',
  live: 'Live mode results',
  console: 'Console',
};

/** Every command of the IDE, from the current state (files, examples, views). */
export function useCommands(compile: () => void): Command[] {
  const files = useWorkspace((s) => s.files);
  return useMemo(() => {
    const panels = usePanels.getState();
    const commands: Command[] = [
      { id: 'compile', title: 'Compile the workspace', detail: 'Ctrl+S', run: compile },
      {
        id: 'deploy',
        title: 'Deploy the selected contract',
        detail: 'Ctrl+Enter',
        run: () => panels.requestDeploy(),
      },
      { id: 'live', title: 'Toggle live mode', run: () => useLive.getState().toggle() },
      { id: 'theme', title: 'Toggle light / dark theme', run: () => useTheme.getState().toggle() },
      {
        id: 'gas-gutter',
        title: 'Toggle gas by line in the editor gutter',
        run: () => panels.setGasInEditor(!usePanels.getState().gasInEditor),
      },
      {
        id: 'new-file',
        title: 'New file…',
        prompt: 'Path of the new file (e.g. contracts/Vault.sol)',
        run: (path) => {
          if (path) useWorkspace.getState().createFile(path.trim());
        },
      },
      {
        id: 'new-folder',
        title: 'New folder…',
        prompt: 'Path of the new folder',
        run: (path) => {
          if (path) useWorkspace.getState().createFolder(path.trim());
        },
      },
      // Time travel, not a reset: later messages stay in the log as another branch (nothing is deleted).
      {
        id: 'genesis',
        title: 'Back to genesis (later messages stay as a branch)',
        run: () => useChain.getState().restoreTo(-1),
      },
      ...(['over', 'into', 'out', 'nextLine', 'back'] as const).map((kind) => ({
        id: `debug-${kind}`,
        title: `Debugger: ${kind === 'nextLine' ? 'next line' : `step ${kind}`}`,
        run: () => useDebugger.getState().navigate({ kind }),
      })),
      ...(Object.keys(TAB_TITLES) as BottomTab[]).map((tab) => ({
        id: `show-${tab}`,
        title: `Show ${TAB_TITLES[tab]}`,
        run: () => panels.showBottom(tab),
      })),
      ...EXAMPLES.map((example) => ({
        id: `example-${example.id}`,
        title: `Open example: ${example.title}`,
        detail: example.description,
        run: () => openExample(example),
      })),
      ...shareCommands(),
      ...Object.keys(files).map((path) => ({
        id: `open-${path}`,
        title: `Open ${path}`,
        run: () => useWorkspace.getState().open(path),
      })),
    ];
    return commands;
  }, [files, compile]);
}

/** Case-insensitive match of every word of the query, in any order. */
export function matchesQuery(title: string, query: string): boolean {
  const text = title.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

/** The command palette (Ctrl/Cmd+Shift+P): type to filter, Enter to run, Escape to close. */
export function CommandPalette({ commands }: { commands: Command[] }) {
  const open = usePanels((s) => s.paletteOpen);
  const setOpen = usePanels((s) => s.setPalette);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [prompting, setPrompting] = useState<Command | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const shown = prompting ? [] : commands.filter((c) => matchesQuery(c.title, query)).slice(0, 50);

  useEffect(() => {
    if (open) {
      setQuery('');
      setActive(0);
      setPrompting(null);
      setError(null);
      queueMicrotask(() => input.current?.focus());
    }
  }, [open]);

  if (!open) return null;
  const close = () => setOpen(false);
  const run = async (command: Command, argument?: string) => {
    if (command.prompt && argument === undefined) {
      setPrompting(command);
      setQuery('');
      return;
    }
    try {
      await command.run(argument);
      close();
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^name: /, '') : String(e));
    }
  };
  return (
    <div className="palette-backdrop">
      <button
        type="button"
        className="palette-dismiss"
        aria-label="Close the command palette"
        onClick={close}
      />
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          className="palette-input"
          aria-label={prompting ? prompting.prompt : 'Command'}
          placeholder={prompting ? prompting.prompt : 'Type a command'}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
            else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') {
              e.preventDefault();
              if (prompting) void run(prompting, query);
              else if (shown[active]) void run(shown[active]);
            }
          }}
        />
        {error && (
          <div className="field-error palette-error" role="alert">
            {error}
          </div>
        )}
        <ul className="palette-list">
          {shown.map((command, i) => (
            <li key={command.id}>
              <button
                type="button"
                className={i === active ? 'palette-item active' : 'palette-item'}
                aria-current={i === active}
                onMouseEnter={() => setActive(i)}
                onClick={() => void run(command)}
              >
                <span>{command.title}</span>
                {command.detail && <span className="dim">{command.detail}</span>}
              </button>
            </li>
          ))}
        </ul>
        {!prompting && shown.length === 0 && (
          <p className="dim palette-empty" data-testid="palette-empty">
            No command matches "{query}".
          </p>
        )}
      </div>
    </div>
  );
}
