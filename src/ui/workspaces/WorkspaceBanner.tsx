import { useState } from 'react';
import { useWorkspaces } from '../state/workspaces';
import { retryVmSaves } from './vmSaves';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * What the user must know about the open workspace: this tab is read-only (another tab writes it; take
 * over when that tab closes, or duplicate), what the checks on open repaired, and a failed save (the UI's
 * records, or the worker's messages, with a button to try again).
 */
export function WorkspaceBanner() {
  const readOnly = useWorkspaces((s) => s.readOnly);
  const canTakeOver = useWorkspaces((s) => s.canTakeOver);
  const recovery = useWorkspaces((s) => s.recovery);
  const saveError = useWorkspaces((s) => s.saveError);
  const chainSaveError = useWorkspaces((s) => s.chainSaveError);
  const error = useWorkspaces((s) => s.error);
  const currentId = useWorkspaces((s) => s.currentId);
  const [dismissed, setDismissed] = useState<readonly string[] | null>(null);
  const [note, setNote] = useState('');
  const act = (work: () => Promise<unknown>) =>
    void work().then(
      () => setNote(''),
      (e) => setNote(describe(e)),
    );
  return (
    <>
      {readOnly && (
        <div className="workspace-banner readonly" role="status" data-testid="readonly-banner">
          <strong>Read-only:</strong> this workspace is open for writing in another tab. This tab follows its
          messages; sending, deploying and time travel are refused here.{' '}
          {canTakeOver ? (
            <button
              type="button"
              className="link-button"
              onClick={() => act(() => useWorkspaces.getState().takeOver())}
              data-testid="take-over"
            >
              The other tab closed: take over
            </button>
          ) : (
            <span className="dim">(Take over becomes possible when it closes.)</span>
          )}{' '}
          {currentId && (
            <button
              type="button"
              className="link-button"
              onClick={() => act(() => useWorkspaces.getState().duplicate(currentId))}
            >
              Duplicate to work here
            </button>
          )}
          {note && <span className="field-error"> {note}</span>}
        </div>
      )}
      {recovery.length > 0 && dismissed !== recovery && (
        <div className="workspace-banner warning" role="alert" data-testid="recovery-banner">
          <strong>The workspace was repaired when it opened:</strong>
          <ul>
            {recovery.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
          <button type="button" className="link-button" onClick={() => setDismissed(recovery)}>
            Dismiss
          </button>
        </div>
      )}
      {saveError && (
        <div className="workspace-banner error" role="alert" data-testid="save-error">
          <strong>Not saved:</strong> {saveError}
        </div>
      )}
      {chainSaveError && (
        <div className="workspace-banner error" role="alert" data-testid="chain-save-error">
          <strong>Messages not saved:</strong> {chainSaveError.replace(/^storage: /, '')}. They stay in this
          tab until a save works; Export keeps them in a file.{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => act(retryVmSaves)}
            data-testid="save-retry"
          >
            Try again
          </button>
          {note && <span className="field-error"> {note}</span>}
        </div>
      )}
      {error && (
        <div className="workspace-banner error" role="alert">
          {error}
        </div>
      )}
    </>
  );
}
