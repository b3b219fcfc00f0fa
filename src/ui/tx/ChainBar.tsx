import { useEffect, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { TraceOrigin } from '../../worker-vm/session/persistence/sessionPersistence';
import { useChain } from '../state/chain';
import { useWorkspaces } from '../state/workspaces';

/**
 * Time travel above the transaction log: where the head is, back to genesis, advance the clock. Going
 * back keeps every message: those after the restored one stay listed as another branch, and new messages
 * start a branch from there.
 */
export function ChainBar() {
  const chain = useChain((s) => s.chain);
  const epoch = useChain((s) => s.state?.epoch);
  const busy = useChain((s) => s.busy);
  const readOnly = useWorkspaces((s) => s.readOnly);
  const [epochs, setEpochs] = useState('1');
  const [note, setNote] = useState('');
  if (!chain) return null;
  const refused = readOnly ? 'Read-only tab: another tab writes this workspace' : undefined;
  const run = (work: Promise<unknown>) =>
    void work.then(
      () => setNote(''),
      (e) => setNote(e instanceof Error ? e.message : String(e)),
    );
  const count = Number(epochs);
  const countOk = Number.isSafeInteger(count) && count >= 1 && count <= 1_000_000;
  return (
    <div className="chain-bar" data-testid="chain-bar">
      <span data-testid="chain-head">
        Head: {chain.at === -1 ? 'genesis' : `after #${chain.at}`} · epoch {String(epoch ?? chain.epoch)}
      </span>
      <button
        type="button"
        className="link-button"
        disabled={!!refused || busy !== null || chain.at === -1}
        title={refused ?? 'Go back to the genesis state (messages stay listed as a branch)'}
        onClick={() => run(useChain.getState().restoreTo(-1))}
        data-testid="restore-genesis"
      >
        Back to genesis
      </button>
      <label className="chain-epochs">
        <input
          type="number"
          min={1}
          value={epochs}
          onChange={(e) => setEpochs(e.target.value)}
          aria-label="Epochs to advance"
          disabled={!!refused}
        />
        <button
          type="button"
          className="link-button"
          disabled={!!refused || !countOk}
          title={refused ?? 'Move the chain clock forward (block.number, timestamps)'}
          onClick={() => run(useChain.getState().advanceEpochs(count))}
          data-testid="advance-epochs"
        >
          Advance epochs
        </button>
      </label>
      {note && <span className="field-error">{note}</span>}
    </div>
  );
}

/** "Restore this state" for the selected message, and whether its trace was recomputed. */
export function MessageTimeTravel({ index }: { index: number }) {
  const chain = useChain((s) => s.chain);
  const readOnly = useWorkspaces((s) => s.readOnly);
  const [origin, setOrigin] = useState<TraceOrigin | null>(null);
  const [note, setNote] = useState('');
  useEffect(() => {
    let live = true;
    setOrigin(null);
    vmSession()
      .traceOrigin(index)
      .then((o) => live && setOrigin(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [index]);
  if (!chain) return null;
  const isHead = chain.at === index;
  const onPath = chain.onPath.includes(index);
  return (
    <span className="tx-time-travel">
      {origin && origin.origin !== 'applied' && (
        <span
          className={`trace-origin ${origin.origin}`}
          data-testid="trace-origin"
          title={
            origin.origin === 'recomputed'
              ? 'This message was loaded from storage: its trace was recomputed by replaying it, and the replay gave the stored receipt and state'
              : (origin.mismatch ?? '')
          }
        >
          trace {origin.origin === 'recomputed' ? 'recomputed' : `recomputed, differs: ${origin.mismatch}`}
        </span>
      )}
      {!onPath && <span className="dim"> (another branch)</span>}
      <button
        type="button"
        className="link-button"
        disabled={readOnly || isHead}
        title={
          readOnly
            ? 'Read-only tab: another tab writes this workspace'
            : isHead
              ? 'This is the current state'
              : 'Go back to the state after this message; new messages branch from here'
        }
        onClick={() =>
          void useChain
            .getState()
            .restoreTo(index)
            .then(
              () => setNote(''),
              (e) => setNote(e instanceof Error ? e.message : String(e)),
            )
        }
        data-testid="restore-message"
      >
        {isHead ? 'Current state' : 'Restore this state'}
      </button>
      {note && <span className="field-error">{note}</span>}
    </span>
  );
}
