import type { ServiceState } from '../state/workerStatus';

/** One line saying whether a worker answered, and with what. */
export function ServiceBadge({ name, state, testId }: { name: string; state: ServiceState; testId: string }) {
  const text =
    state.status === 'starting'
      ? 'starting…'
      : state.status === 'ready'
        ? state.detail
        : `failed: ${state.error}`;
  return (
    <div className={`service service-${state.status}`} data-testid={testId} data-status={state.status}>
      <span className="service-dot" aria-hidden="true" />
      <span className="service-name">{name}</span>
      <span className="service-detail">{text}</span>
    </div>
  );
}
