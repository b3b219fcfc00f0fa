import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { vmSession } from '../../worker-vm/client';
import type { CallNodeDetail, CallTreeOverview, ChargeTotalView } from '../../worker-vm/session/views';
import { gasText } from '../format';
import { messageKey, useChain } from '../state/chain';
import { useDebugger } from '../state/debugger';
import { usePanels } from '../state/panels';
import { FlameChart } from './FlameChart';
import { visibleRows } from './icicle';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The selected message's call tree with FVM gas per call, as a tree, an icicle chart and totals by charge. */
export function GasTraceView() {
  const message = useChain((s) => s.selectedMessage);
  const stateRoot = useChain((s) => s.state?.stateRoot);
  const [overview, setOverview] = useState<CallTreeOverview | null>(null);
  const [totals, setTotals] = useState<ChargeTotalView[]>([]);
  const [selected, setSelected] = useState<number | null>(0);
  const [view, setView] = useState<'tree' | 'totals'>('tree');
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new chain (live replay) means new messages.
  useEffect(() => {
    if (message === null) return;
    let live = true;
    setError(null);
    setOverview(null);
    Promise.all([vmSession().callTree(message), vmSession().gasTotals(message)])
      .then(([tree, byName]) => {
        if (!live) return;
        setOverview(tree);
        setTotals(byName);
        setSelected(tree.count > 0 ? 0 : null);
      })
      .catch((e) => live && setError(describe(e)));
    return () => {
      live = false;
    };
  }, [message, stateRoot]);

  if (message === null) return <p className="dim pad">Select a message in the Transactions tab.</p>;
  if (error) return <p className="field-error pad">{error}</p>;
  if (!overview) return <p className="dim pad">Loading the call tree…</p>;
  if (overview.count === 0)
    return (
      <p className="dim pad">This message failed before any call ran (pre-flight): it has no call tree.</p>
    );
  return (
    <div className="gas-trace" data-testid="gas-trace">
      <div className="gas-trace-head">
        <strong>Message #{message}</strong>
        <span className="dim">
          {overview.gasUsed.toLocaleString('en-US')} gas used · {overview.count} call
          {overview.count === 1 ? '' : 's'} · inclusion {gasText(overview.preCallGas)}
        </span>
        <span className="segmented">
          <button type="button" aria-pressed={view === 'tree'} onClick={() => setView('tree')}>
            Call tree
          </button>
          <button type="button" aria-pressed={view === 'totals'} onClick={() => setView('totals')}>
            By charge name
          </button>
        </span>
      </div>
      <FlameChart overview={overview} selected={selected} onSelect={setSelected} />
      {view === 'tree' ? (
        <div className="gas-trace-body">
          <CallTreeList overview={overview} selected={selected} onSelect={setSelected} />
          {selected !== null && <NodeDetail message={message} node={selected} />}
        </div>
      ) : (
        <ChargeTotals totals={totals} />
      )}
    </div>
  );
}

function CallTreeList({
  overview,
  selected,
  onSelect,
}: {
  overview: CallTreeOverview;
  selected: number | null;
  onSelect(id: number): void;
}) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const rows = useMemo(() => visibleRows(overview.count, overview.size, collapsed), [overview, collapsed]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 22,
    overscan: 12,
  });
  const total = overview.preCallGas + overview.inclusiveGas[0]!;
  const toggle = (id: number) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  return (
    <div ref={scroller} className="call-tree" role="tree" aria-label="Call tree" data-testid="call-tree">
      <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => {
          const id = rows[item.index]!;
          const hasChildren = overview.size[id]! > 1;
          // A console.log call fails at the FVM (no actor has that address) and succeeds for the EVM.
          const consoleCall = overview.labels[id] === 'console.log';
          const failed = overview.exitCode[id] !== 0 && !consoleCall;
          const share = overview.inclusiveGas[id]! / total;
          return (
            <div
              key={id}
              role="treeitem"
              tabIndex={-1}
              aria-selected={id === selected}
              aria-expanded={hasChildren ? !collapsed.has(id) : undefined}
              className={`call-row${id === selected ? ' selected' : ''}${failed ? ' failed' : ''}${consoleCall ? ' console' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, paddingLeft: 4 + overview.depth[id]! * 14 }}
              onClick={() => onSelect(id)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') onSelect(id);
              }}
              data-testid="call-row"
            >
              <button
                type="button"
                className="icon-button caret"
                aria-label={hasChildren ? (collapsed.has(id) ? 'Expand' : 'Collapse') : undefined}
                disabled={!hasChildren}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle(id);
                }}
              >
                {hasChildren ? (collapsed.has(id) ? '▸' : '▾') : '·'}
              </button>
              <span className="call-label">{overview.labels[id]}</span>
              <span
                className={failed ? 'tx-exit bad' : 'dim'}
                title={
                  consoleCall
                    ? 'console.log: the call to the console address fails in the FVM and is ignored by the EVM'
                    : undefined
                }
              >
                exit {overview.exitCode[id]}
              </span>
              <span className="call-gas" title="gas of this call and its sub-calls (own gas)">
                {gasText(overview.inclusiveGas[id]!)} ({gasText(overview.ownGas[id]!)})
              </span>
              <span className="call-bar" style={{ width: `${Math.max(1, share * 80)}px` }} />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function NodeDetail({ message, node }: { message: number; node: number }) {
  const [detail, setDetail] = useState<CallNodeDetail | null>(null);
  const stateRoot = useChain((s) => s.state?.stateRoot);
  // biome-ignore lint/correctness/useExhaustiveDependencies: stateRoot marks a replaced chain
  useEffect(() => {
    let live = true;
    vmSession()
      .callNode(message, node)
      .then((d) => live && setDetail(d))
      .catch(() => live && setDetail(null));
    return () => {
      live = false;
    };
  }, [message, node, stateRoot]);
  if (!detail) return <div className="node-detail dim">…</div>;
  const openDebugger = async () => {
    usePanels.getState().showBottom('debugger');
    await useDebugger.getState().open(message, messageKey(message));
    const frame = useDebugger.getState().info?.frames.find((f) => f.nodeId === node);
    if (frame) await useDebugger.getState().go(frame.firstStep);
  };
  return (
    <div className="node-detail" data-testid="node-detail">
      <div>
        <strong>{detail.toLabel}</strong>.{detail.methodName}{' '}
        <span className="dim">
          ({detail.actorType ?? 'no actor'}, method {detail.method})
        </span>
      </div>
      <div className="dim mono">
        {detail.from} → {detail.to} · value {detail.value.toString()} · gas limit{' '}
        {detail.gasLimit.toLocaleString('en-US')}
        {detail.readOnly ? ' · read-only' : ''}
      </div>
      <div>
        exit {detail.exitCode ?? '—'} {detail.exitName}{' '}
        {detail.error && <span className="field-error">{detail.error}</span>}
      </div>
      <div>
        {gasText(detail.inclusiveGas)} gas with sub-calls · {gasText(detail.ownGas)} own
        {detail.inclusionGas > 0 && (
          <span className="dim" data-testid="node-inclusion">
            {' '}
            · the message's inclusion, {gasText(detail.inclusionGas)}, is charged before this call (listed
            below as OnChainMessage): {gasText(detail.inclusiveGas + detail.inclusionGas)} in all
          </span>
        )}
        {(detail.actorType === 'evm' || detail.evmSteps > 0) && (
          <button type="button" className="link-button" onClick={() => void openDebugger()}>
            Open in debugger
          </button>
        )}
      </div>
      <table className="charge-table" data-testid="node-charges">
        <thead>
          <tr>
            <th>Charge</th>
            <th className="num">×</th>
            <th className="num">compute</th>
            <th className="num">storage</th>
            <th className="num">total gas</th>
          </tr>
        </thead>
        <tbody>
          {detail.charges.map((charge) => (
            <tr key={charge.name}>
              <td>
                {charge.name}
                {charge.estimated && (
                  <span className="estimated" title="Our estimate of the Wasm this built-in actor executes">
                    estimated
                  </span>
                )}
              </td>
              <td className="num">{charge.count}</td>
              <td className="num">{gasText(charge.compute)}</td>
              <td className="num">{gasText(charge.other)}</td>
              <td className="num">{gasText(charge.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.logs.length > 0 && (
        <ol className="console-out">
          {detail.logs.map((log, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: in order
            <li key={i}>{log}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ChargeTotals({ totals }: { totals: readonly ChargeTotalView[] }) {
  const sum = totals.reduce((s, t) => s + t.total, 0);
  return (
    <table className="charge-table totals" data-testid="charge-totals">
      <thead>
        <tr>
          <th>Charge (Lotus name)</th>
          <th className="num">count</th>
          <th className="num">compute gas</th>
          <th className="num">storage gas</th>
          <th className="num">total gas</th>
          <th className="num">share</th>
        </tr>
      </thead>
      <tbody>
        {totals.map((t) => (
          <tr key={t.name}>
            <td>
              {t.name}
              {t.estimated && <span className="estimated">estimated</span>}
            </td>
            <td className="num">{t.count}</td>
            <td className="num">{gasText(t.compute)}</td>
            <td className="num">{gasText(t.other)}</td>
            <td className="num">{gasText(t.total)}</td>
            <td className="num">{((100 * t.total) / sum).toFixed(1)}%</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
