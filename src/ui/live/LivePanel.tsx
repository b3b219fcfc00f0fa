import { deltaText } from '../format';
import { useChain } from '../state/chain';
import { useLive } from '../state/live';

/** Live mode: each recorded action's gas after the last compile, next to its gas before. */
export function LivePanel() {
  const { enabled, running, results, held, toggle, replay } = useLive();
  const recorded = useChain((s) => s.recorded);
  return (
    <div className="live-panel" data-testid="live-panel">
      <p>
        <label className="inline-check">
          <input type="checkbox" checked={enabled} onChange={toggle} data-testid="live-toggle-panel" /> Live
          mode
        </label>{' '}
        <span className="dim">
          {enabled
            ? `each successful compile resets the chain, redeploys and replays the ${recorded.length} recorded action${recorded.length === 1 ? '' : 's'}`
            : 'off: turn it on, then edit and compile to see what each call costs now'}
        </span>
        {running && <span className="busy"> replaying…</span>}
      </p>
      {enabled && held && (
        <p className="field-error" data-testid="live-held">
          Not replayed: {held}.{' '}
          <button type="button" className="link-button" onClick={() => void replay(true)}>
            Replay on a fresh chain anyway
          </button>
        </p>
      )}
      {results.length > 0 && (
        <table className="charge-table live-table" data-testid="live-results">
          <thead>
            <tr>
              <th>#</th>
              <th>Action</th>
              <th className="num">gas now</th>
              <th className="num">before</th>
              <th className="num">change</th>
            </tr>
          </thead>
          <tbody>
            {results.map((result, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: actions in order
              <tr key={i} data-testid="live-row">
                <td>{i}</td>
                <td>
                  {result.label}
                  {result.error && <div className="field-error">{result.error}</div>}
                  {result.exitName && result.exitName !== 'OK' && (
                    <span className="tx-exit bad"> {result.exitName}</span>
                  )}
                </td>
                <td className="num">
                  {result.gasUsed === null ? '—' : result.gasUsed.toLocaleString('en-US')}
                </td>
                <td className="num dim">
                  {result.previous === null ? '—' : result.previous.toLocaleString('en-US')}
                </td>
                <td
                  className={`num delta ${result.delta === null ? '' : result.delta > 0 ? 'up' : result.delta < 0 ? 'down' : ''}`}
                  data-testid="live-delta"
                >
                  {result.delta === null ? '' : deltaText(result.delta)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
