import { useEffect, useRef, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { TxDetail } from '../../worker-vm/session/views';
import { DecodedValues } from '../common/Values';
import { attoText, shortAddress } from '../format';
import { useChain } from '../state/chain';
import { useEditorCursor } from '../state/editorCursor';
import { NONE } from '../state/none';
import { usePanels } from '../state/panels';
import { useWorkspace } from '../state/workspace';
import { ChainBar, MessageTimeTravel } from './ChainBar';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Every message of the session, newest last, and the selected one in full. */
export function TransactionLog() {
  const messages = useChain((s) => s.state?.messages ?? NONE);
  const selected = useChain((s) => s.selectedMessage);
  const select = useChain((s) => s.selectMessage);
  const onPath = useChain((s) => s.chain?.onPath ?? NONE);
  const head = useChain((s) => s.chain?.at);
  const list = useRef<HTMLOListElement>(null);
  // The selected message (the newest, after a send) stays in view.
  useEffect(() => {
    if (selected === null) return;
    list.current?.querySelector(`[data-index="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  return (
    <div className="tx-log">
      <ChainBar />
      <ol ref={list} className="tx-list" data-testid="tx-list" aria-label="Messages">
        {messages.length === 0 && (
          <li className="dim tx-empty">No messages yet: deploy a contract from the run panel.</li>
        )}
        {messages.map((m) => (
          <li key={m.index}>
            <button
              type="button"
              className={`tx-row${m.index === selected ? ' selected' : ''}${m.exitCode === 0 ? '' : ' failed'}${head === undefined || onPath.includes(m.index) ? '' : ' off-branch'}`}
              data-branch={head === undefined || onPath.includes(m.index) ? 'current' : 'other'}
              title={
                head === undefined || onPath.includes(m.index)
                  ? undefined
                  : 'On another branch: not in the current state'
              }
              onClick={() => select(m.index)}
              data-testid="tx-row"
              data-index={m.index}
              data-exit={m.exitCode}
            >
              <span className="tx-index">
                {m.index === head ? '▶' : ''}#{m.index}
              </span>
              <span className="tx-action">{m.action}</span>
              <span className="dim tx-parties">
                {m.fromLabel} → {m.toLabel}
              </span>
              <span className={m.exitCode === 0 ? 'tx-exit ok' : 'tx-exit bad'}>{m.exitName}</span>
              <span className="tx-gas">{m.gasUsed.toLocaleString('en-US')} gas</span>
            </button>
          </li>
        ))}
      </ol>
      {selected !== null && <TxDetailPane index={selected} />}
    </div>
  );
}

function TxDetailPane({ index }: { index: number }) {
  const [detail, setDetail] = useState<TxDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const _stateRoot = useChain((s) => s.state?.stateRoot);
  useEffect(() => {
    let live = true;
    setError(null);
    vmSession()
      .message(index)
      .then((d) => live && setDetail(d))
      .catch((e) => live && setError(describe(e)));
    return () => {
      live = false;
    };
    // A new state (live replay) may change what a message index holds.
  }, [index]);
  if (error) return <div className="tx-detail field-error">{error}</div>;
  if (!detail || detail.index !== index) return <div className="tx-detail dim">Loading…</div>;
  const ok = detail.exitCode === 0;
  const open = (tab: 'trace' | 'debugger' | 'diff') => usePanels.getState().showBottom(tab);
  return (
    <div className="tx-detail" data-testid="tx-detail">
      <div className="tx-detail-head">
        <strong>
          #{detail.index} {detail.action}
        </strong>
        <span className={ok ? 'tx-exit ok' : 'tx-exit bad'} data-testid="tx-exit">
          {detail.exitName} ({detail.exitCode})
        </span>
        <span className="dim">{detail.exitText}</span>
        <span className="tx-links">
          <button type="button" className="link-button" onClick={() => open('trace')}>
            Gas trace
          </button>
          <button type="button" className="link-button" onClick={() => open('debugger')}>
            Debugger
          </button>
          <button type="button" className="link-button" onClick={() => open('diff')}>
            State diff
          </button>
        </span>
        <MessageTimeTravel index={index} />
      </div>
      {detail.failure && <p className="field-error">{detail.failure}</p>}
      <dl className="kv">
        <dt>From</dt>
        <dd className="mono" title={detail.from}>
          {detail.fromLabel} · {detail.from}
        </dd>
        <dt>To</dt>
        <dd className="mono" title={detail.to}>
          {detail.toLabel} · {detail.to}
        </dd>
        <dt>Method</dt>
        <dd>
          {detail.method} · nonce {detail.nonce} · epoch {detail.epoch.toString()}
        </dd>
        <dt>Value</dt>
        <dd>{attoText(detail.value)}</dd>
        <dt>Gas</dt>
        <dd>
          {detail.gasUsed.toLocaleString('en-US')} used of {detail.gasLimit.toLocaleString('en-US')} limit
        </dd>
        {detail.fees && (
          <>
            <dt>Fees</dt>
            <dd>
              <table className="fee-table" data-testid="fees">
                <tbody>
                  <tr>
                    <td>Base fee burn</td>
                    <td className="num">{attoText(detail.fees.baseFeeBurn)}</td>
                  </tr>
                  <tr>
                    <td>Over-estimation burn ({detail.fees.gasBurned.toLocaleString('en-US')} gas)</td>
                    <td className="num">{attoText(detail.fees.overEstimationBurn)}</td>
                  </tr>
                  <tr>
                    <td>Miner tip</td>
                    <td className="num">{attoText(detail.fees.minerTip)}</td>
                  </tr>
                  <tr>
                    <td>Refund to sender</td>
                    <td className="num">{attoText(detail.fees.refund)}</td>
                  </tr>
                  {detail.fees.minerPenalty > 0n && (
                    <tr>
                      <td>Miner penalty</td>
                      <td className="num">{attoText(detail.fees.minerPenalty)}</td>
                    </tr>
                  )}
                  <tr className="total">
                    <td>Total cost</td>
                    <td className="num">{attoText(detail.fees.totalCost)}</td>
                  </tr>
                </tbody>
              </table>
            </dd>
          </>
        )}
        {detail.deployed && (
          <>
            <dt>Deployed</dt>
            <dd className="mono">
              {detail.deployed.name} · {detail.deployed.id} · {detail.deployed.robust} · {detail.deployed.eth}
            </dd>
          </>
        )}
        {detail.returned && detail.returned.length > 0 && (
          <>
            <dt>Returned</dt>
            <dd>
              <DecodedValues values={detail.returned} testId="tx-returned" />
            </dd>
          </>
        )}
        {detail.revert && (
          <>
            <dt>Revert</dt>
            <dd data-testid="tx-revert">
              <strong>{detail.revert.summary}</strong>
              {detail.revertLocation && (
                <>
                  {' '}
                  at <RevealLink path={detail.revertLocation.path} line={detail.revertLocation.line} />
                </>
              )}
              <div className="mono dim">{shortAddress(detail.revert.data, 42)}</div>
            </dd>
          </>
        )}
        {detail.consoleLines.length > 0 && (
          <>
            <dt>console.log</dt>
            <dd>
              <ol className="console-out" data-testid="tx-console">
                {detail.consoleLines.map((line, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: lines in order, no identity
                  <li key={i} className="mono">
                    {line.text}
                  </li>
                ))}
              </ol>
            </dd>
          </>
        )}
        <dt>Events</dt>
        <dd>
          {detail.events.length === 0 ? (
            <span className="dim">none{ok ? '' : ' (a failed message keeps no events)'}</span>
          ) : (
            <ol className="event-list" data-testid="tx-events">
              {detail.events.map((event, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: events in emission order
                <li key={i}>
                  <strong>{event.name ?? 'unknown event'}</strong>{' '}
                  <span className="dim">from {event.emitterName ?? event.emitter.id}</span>
                  {event.name ? (
                    <DecodedValues values={event.args} />
                  ) : (
                    <div className="mono dim">
                      topics {event.topics.join(', ')} data {event.data}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
        </dd>
        {detail.backtrace && (
          <>
            <dt>Backtrace</dt>
            <dd>
              <pre className="backtrace">{detail.backtrace}</pre>
            </dd>
          </>
        )}
        <dt>State root</dt>
        <dd className="mono dim" title={detail.stateRootAfter}>
          {shortAddress(detail.stateRootBefore, 12)} → {shortAddress(detail.stateRootAfter, 12)}
        </dd>
      </dl>
    </div>
  );
}

/** Opens a workspace file at a line. */
export function RevealLink({ path, line }: { path: string; line: number }) {
  const exists = useWorkspace((s) => path in s.files);
  return (
    <button
      type="button"
      className="link-button mono"
      disabled={!exists}
      onClick={() => {
        useWorkspace.getState().open(path);
        useEditorCursor.getState().requestReveal(path, line);
      }}
    >
      {path}:{line}
    </button>
  );
}
