import type { ReactNode } from 'react';
import { EXAMPLES } from '../examples/examples';
import { openExample } from '../palette/actions';
import { useLive } from '../state/live';
import { usePanels } from '../state/panels';
import { useTheme } from '../state/theme';
import { useDropdown } from './useDropdown';

/**
 * The top bar: examples, live mode, the command palette, the theme. `workspaceSlot` and `shareSlot` are
 * where workspace switching and share/export (the storage issue) plug in.
 */
export function TopBar({ workspaceSlot, shareSlot }: { workspaceSlot?: ReactNode; shareSlot?: ReactNode }) {
  const theme = useTheme((s) => s.theme);
  const toggleTheme = useTheme((s) => s.toggle);
  const live = useLive((s) => s.enabled);
  const liveRunning = useLive((s) => s.running);
  const toggleLive = useLive((s) => s.toggle);
  const setPalette = usePanels((s) => s.setPalette);
  return (
    <header className="topbar">
      <span className="brand">FVM Playground</span>
      <ExamplesMenu />
      {workspaceSlot}
      <span className="topbar-spacer" />
      <button
        type="button"
        className={`link-button live-toggle${live ? ' on' : ''}`}
        aria-pressed={live}
        onClick={toggleLive}
        data-testid="live-toggle"
        title="Live mode: every successful compile redeploys and replays your calls on a fresh chain"
      >
        {live ? (liveRunning ? 'Live: replaying…' : 'Live: on') : 'Live: off'}
      </button>
      <button
        type="button"
        className="link-button"
        onClick={() => setPalette(true)}
        title="Command palette (Ctrl+Shift+P)"
      >
        Commands ⌘⇧P
      </button>
      {shareSlot}
      <button type="button" className="link-button" onClick={toggleTheme} aria-label="Toggle theme">
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </header>
  );
}

function ExamplesMenu() {
  const { open, setOpen, ref: menu } = useDropdown();
  return (
    <div className="menu" ref={menu}>
      <button
        type="button"
        className="link-button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        Examples ▾
      </button>
      {open && (
        <div className="menu-list" role="menu" aria-label="Examples">
          {EXAMPLES.map((example) => (
            <button
              key={example.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                void openExample(example);
              }}
            >
              <strong>{example.title}</strong>
              <span className="dim">{example.description}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
