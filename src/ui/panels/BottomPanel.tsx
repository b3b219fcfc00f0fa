import { lazy, Suspense } from 'react';
import { useChain } from '../state/chain';
import { useConsole } from '../state/consoleLog';
import { useLive } from '../state/live';
import { type BottomTab, usePanels } from '../state/panels';
import { TransactionLog } from '../tx/TransactionLog';
import { ConsolePanel } from './ConsolePanel';

// The views of a message load when first shown: the first paint needs only the log.
const GasTraceView = lazy(() => import('../trace/GasTraceView').then((m) => ({ default: m.GasTraceView })));
const DebuggerView = lazy(() =>
  import('../debugger/DebuggerView').then((m) => ({ default: m.DebuggerView })),
);
const StateDiffView = lazy(() => import('../diff/StateDiffView').then((m) => ({ default: m.StateDiffView })));
const GasByLineView = lazy(() => import('../gas/GasByLineView').then((m) => ({ default: m.GasByLineView })));
const LivePanel = lazy(() => import('../live/LivePanel').then((m) => ({ default: m.LivePanel })));

const TABS: Array<{ id: BottomTab; label: string }> = [
  { id: 'transactions', label: 'Transactions' },
  { id: 'trace', label: 'Gas trace' },
  { id: 'debugger', label: 'Debugger' },
  { id: 'diff', label: 'State diff' },
  { id: 'gas', label: 'Gas by line' },
  { id: 'live', label: 'Live' },
  { id: 'console', label: 'Console' },
];

/** The output area under the editor: the transaction log and the views of the selected message. */
export function BottomPanel() {
  const tab = usePanels((s) => s.bottomTab);
  const show = usePanels((s) => s.showBottom);
  const messageCount = useChain((s) => s.state?.messages.length ?? 0);
  const selected = useChain((s) => s.selectedMessage);
  const consoleCount = useConsole((s) => s.lines.length);
  const live = useLive((s) => s.enabled);
  const badge = (id: BottomTab) =>
    id === 'transactions'
      ? messageCount
      : id === 'console'
        ? consoleCount
        : id === 'live' && live
          ? 'on'
          : null;
  return (
    <section className="panel bottom-panel" aria-label="Output">
      <div className="panel-title tab-strip bottom-tabs" role="tablist" aria-label="Output views">
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => show(id)}
            data-testid={`tab-${id}`}
          >
            {label}
            {badge(id) !== null && badge(id) !== 0 && <span className="tab-badge">{badge(id)}</span>}
          </button>
        ))}
        <span className="topbar-spacer" />
        {selected !== null && tab !== 'transactions' && tab !== 'console' && tab !== 'live' && (
          <span className="dim tab-context">message #{selected}</span>
        )}
      </div>
      <div className="bottom-body" role="tabpanel">
        <Suspense fallback={<p className="dim pad">Loading…</p>}>
          {tab === 'transactions' && <TransactionLog />}
          {tab === 'trace' && <GasTraceView />}
          {tab === 'debugger' && <DebuggerView />}
          {tab === 'diff' && <StateDiffView />}
          {tab === 'gas' && <GasByLineView />}
          {tab === 'live' && <LivePanel />}
        </Suspense>
        {/* The console stays mounted: it is a running log (its scroll position survives tab changes). */}
        <div className="console-host" hidden={tab !== 'console'}>
          <ConsolePanel />
        </div>
      </div>
    </section>
  );
}
