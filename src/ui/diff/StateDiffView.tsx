import './userState.css';
import { useEffect, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { ActorChangeView, StateDiffView as Diff } from '../../worker-vm/session/views';
import { filText, shortAddress } from '../format';
import { useChain } from '../state/chain';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What the selected message changed: actors, balances, nonces, address bindings, named storage. */
export function StateDiffView() {
  const message = useChain((s) => s.selectedMessage);
  const stateRoot = useChain((s) => s.state?.stateRoot);
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: stateRoot marks a replaced chain
  useEffect(() => {
    if (message === null) return;
    let live = true;
    setDiff(null);
    setError(null);
    vmSession()
      .stateDiff(message)
      .then((d) => live && setDiff(d))
      .catch((e) => live && setError(describe(e)));
    return () => {
      live = false;
    };
  }, [message, stateRoot]);
  if (message === null) return <p className="dim pad">Select a message in the Transactions tab.</p>;
  if (error) return <p className="field-error pad">{error}</p>;
  if (!diff || diff.message !== message) return <p className="dim pad">Computing the state diff…</p>;
  return (
    <div className="state-diff" data-testid="state-diff">
      <p className="dim">
        Message #{message}: {diff.actors.length} actor{diff.actors.length === 1 ? '' : 's'} changed
        {diff.addresses.length > 0
          ? `, ${diff.addresses.length} new address binding${diff.addresses.length === 1 ? '' : 's'}`
          : ''}
        .
      </p>
      {diff.actors.map((actor) => (
        <ActorChange key={`${actor.kind}${actor.actor.id}`} change={actor} />
      ))}
      {diff.addresses.length > 0 && (
        <section className="diff-actor">
          <h4>Init address map</h4>
          <ul>
            {diff.addresses.map((a) => (
              <li key={a.address} className="mono">
                {a.kind} {a.address} → {a.id}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

function ActorChange({ change }: { change: ActorChangeView }) {
  const balanceDelta =
    change.balanceBefore !== null && change.balanceAfter !== null
      ? change.balanceAfter - change.balanceBefore
      : null;
  return (
    <section className={`diff-actor diff-${change.kind}`} data-testid="diff-actor" data-label={change.label}>
      <h4>
        <span className={`diff-kind ${change.kind}`}>{change.kind}</span> {change.label}{' '}
        <span className="dim">
          {change.actorType}
          {change.typeBefore ? ` (was ${change.typeBefore})` : ''} · {change.actor.id} ·{' '}
          <span title={change.actor.robust ?? ''}>{shortAddress(change.actor.robust, 12)}</span>
        </span>
      </h4>
      <table className="diff-table">
        <tbody>
          {(change.balanceBefore !== change.balanceAfter || change.kind !== 'changed') && (
            <tr>
              <td>balance</td>
              <td className="num">{change.balanceBefore === null ? '—' : filText(change.balanceBefore)}</td>
              <td>→</td>
              <td className="num">{change.balanceAfter === null ? '—' : filText(change.balanceAfter)}</td>
              <td className="dim">
                {balanceDelta !== null && balanceDelta !== 0n
                  ? `${balanceDelta > 0n ? '+' : ''}${balanceDelta} attoFIL`
                  : ''}
              </td>
            </tr>
          )}
          {change.nonceBefore !== change.nonceAfter && (
            <tr>
              <td>nonce</td>
              <td className="num">{change.nonceBefore ?? '—'}</td>
              <td>→</td>
              <td className="num">{change.nonceAfter ?? '—'}</td>
              <td />
            </tr>
          )}
          {change.fields.includes('head') && change.storage.length === 0 && !change.userState && (
            <tr>
              <td>state</td>
              <td colSpan={4} className="dim">
                head changed
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {change.storage.length > 0 && (
        <table className="storage-diff" data-testid="storage-diff">
          <thead>
            <tr>
              <th>Variable</th>
              <th>Before</th>
              <th>After</th>
              <th>Slot</th>
            </tr>
          </thead>
          <tbody>
            {change.storage.flatMap((slot) =>
              slot.variables.length > 0
                ? slot.variables.map((v) => (
                    <tr key={`${slot.slot}${v.name}`} data-testid="storage-variable">
                      <td className="mono">
                        <strong>{v.name}</strong> <span className="dim">{v.type}</span>
                      </td>
                      <td className="mono">{v.before}</td>
                      <td className="mono">{v.after}</td>
                      <td className="mono dim" title={slot.slot}>
                        {shortAddress(slot.slot, 10)}
                      </td>
                    </tr>
                  ))
                : [
                    <tr key={slot.slot} data-testid="storage-raw">
                      <td className="dim">(raw slot)</td>
                      <td className="mono" title={slot.before}>
                        {shortAddress(slot.before, 10)}
                      </td>
                      <td className="mono" title={slot.after}>
                        {shortAddress(slot.after, 10)}
                      </td>
                      <td className="mono" title={slot.slot}>
                        {shortAddress(slot.slot, 10)}
                      </td>
                    </tr>,
                  ],
            )}
          </tbody>
        </table>
      )}
      {change.userState && (
        // A Wasm actor's state, decoded from DAG-CBOR as JSON (the notation of JSON params).
        <table className="storage-diff" data-testid="user-state-diff">
          <thead>
            <tr>
              <th>State before</th>
              <th>State after</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td className="mono user-state">
                <pre>{change.userState.before ?? '—'}</pre>
              </td>
              <td className="mono user-state">
                <pre>{change.userState.after ?? '—'}</pre>
              </td>
            </tr>
          </tbody>
        </table>
      )}
      {change.storage.length > 0 && (
        <p className="dim small">
          {change.layoutFrom
            ? `Slots named with ${change.layoutFrom}'s storage layout.`
            : 'No storage layout known for this contract: raw slots.'}
        </p>
      )}
    </section>
  );
}
