import { useRef } from 'react';
import { useWorkspaces } from '../state/workspaces';
import { useShare } from './shareStore';

/** The top bar's share slot: Share (a link), Export (a file) and Import (a file picker). */
export function ShareMenu() {
  const picker = useRef<HTMLInputElement>(null);
  const busy = useShare((s) => s.dialog.kind === 'busy');
  const ready = useWorkspaces((s) => s.phase === 'ready');
  return (
    <span className="share-menu">
      <button
        type="button"
        className="link-button"
        disabled={busy || !ready}
        onClick={() => void useShare.getState().share()}
        title="Share the files, compiler settings and chain as a link that replays to the same state"
        data-testid="share-button"
      >
        Share
      </button>
      <button
        type="button"
        className="link-button"
        disabled={busy || !ready}
        onClick={() => void useShare.getState().exportCurrent()}
        title="Download this workspace and its whole chain as one .fvmws.car file (a backup)"
        data-testid="export-button"
      >
        Export
      </button>
      <button
        type="button"
        className="link-button"
        disabled={busy || !ready}
        onClick={() => picker.current?.click()}
        title="Open an exported .fvmws.car file as a new workspace (or drop it on the page)"
        data-testid="import-button"
      >
        Import
      </button>
      <input
        ref={picker}
        type="file"
        accept=".car,application/vnd.ipld.car"
        hidden
        data-testid="import-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void useShare.getState().importFile(file);
        }}
      />
    </span>
  );
}
