import type { ReactNode } from 'react';
import { useWorkerStatus } from '../state/workerStatus';
import { ServiceBadge } from './ServiceBadge';

/** `children` go below the environment (the compiler section, later deploy forms). */
export function RunPanel({ children }: { children?: ReactNode }) {
  const vm = useWorkerStatus((s) => s.vm);
  const compiler = useWorkerStatus((s) => s.compiler);
  return (
    <section className="panel" aria-label="Run">
      <header className="panel-title">Run</header>
      <div className="panel-body">
        <h3 className="section-title">Environment</h3>
        <ServiceBadge name="VM" state={vm} testId="vm-status" />
        <ServiceBadge name="Compiler" state={compiler} testId="compiler-status" />
        {children}
      </div>
    </section>
  );
}
