import { lazy, type ReactNode, Suspense } from 'react';
import { useChain } from '../state/chain';
import { useWorkerStatus } from '../state/workerStatus';
import { ServiceBadge } from './ServiceBadge';

// The message forms (ABI parsing, address conversion) load right after the first paint.
const RunSections = lazy(() => import('../run/RunSections'));

/**
 * The run panel: environment, the compiler (`children`), then everything that sends messages: shared
 * settings, deploy, the contracts' function forms, accounts, raw messages. A slot at the end is left for
 * more environments (Wasm actors, issue 8).
 */
export function RunPanel({ children, extra }: { children?: ReactNode; extra?: ReactNode }) {
  const vm = useWorkerStatus((s) => s.vm);
  const compiler = useWorkerStatus((s) => s.compiler);
  const busy = useChain((s) => s.busy);
  const epoch = useChain((s) => s.state?.epoch);
  const baseFee = useChain((s) => s.state?.baseFee);
  return (
    <section className="panel" aria-label="Run">
      <header className="panel-title">
        Run
        {busy && (
          <span className="busy" data-testid="vm-busy">
            {busy}
          </span>
        )}
      </header>
      <div className="panel-body run-body">
        <h3 className="section-title">Environment</h3>
        <ServiceBadge name="VM" state={vm} testId="vm-status" />
        <ServiceBadge name="Compiler" state={compiler} testId="compiler-status" />
        {epoch !== undefined && (
          <p className="dim">
            Chain epoch {epoch.toString()} · base fee {baseFee?.toString()} attoFIL
          </p>
        )}
        {children}
        <Suspense fallback={<p className="dim">Loading the run forms…</p>}>
          <RunSections />
        </Suspense>
        {extra}
      </div>
    </section>
  );
}
