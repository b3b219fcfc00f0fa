import type { CreateAccountRequest, TxRequest } from '../../worker-vm/session/requests';
import type { ArtifactSummary, RecordedAction } from '../state/chain';

/** One recorded action made ready for a new compile: the request to send, or why it cannot be. */
export type PlannedAction =
  | { kind: 'tx'; label: string; request: TxRequest; action: RecordedAction }
  | { kind: 'account'; label: string; request: CreateAccountRequest; action: RecordedAction }
  | { kind: 'skip'; label: string; reason: string; action: RecordedAction };

/**
 * Maps recorded actions onto the artifacts of a new compile: a deploy takes the new artifact of the same
 * file and contract name (the edit changed its code); calls keep their contract (by position in the list,
 * which a deterministic replay reproduces) and function signature, and the worker refuses them if the
 * function is gone.
 */
export function planReplay(
  actions: readonly RecordedAction[],
  artifacts: readonly ArtifactSummary[],
): PlannedAction[] {
  return actions.map((action): PlannedAction => {
    if (action.kind === 'account')
      return { kind: 'account', label: action.label, request: action.request, action };
    const request = action.request;
    if (request.kind !== 'deploy') return { kind: 'tx', label: action.label, request, action };
    const wanted = action.artifact;
    const artifact = wanted && artifacts.find((a) => a.name === wanted.name && a.file === wanted.file);
    if (!artifact?.deployable) {
      const name = wanted ? `${wanted.name} (${wanted.file})` : 'the contract';
      return {
        kind: 'skip',
        label: action.label,
        reason: `${name} is not in the new compile output`,
        action,
      };
    }
    return { kind: 'tx', label: action.label, request: { ...request, artifactKey: artifact.key }, action };
  });
}

export interface LiveResult {
  readonly label: string;
  readonly gasUsed: number | null;
  readonly exitName: string | null;
  readonly error: string | null;
  /** The same action's gas in the run before (the chain as it was before this replay). */
  readonly previous: number | null;
  readonly delta: number | null;
}

/** Pairs each action's new gas with its gas before, when both runs did the same thing. */
export function withDeltas(
  current: ReadonlyArray<Omit<LiveResult, 'previous' | 'delta'>>,
  previous: ReadonlyArray<{ label: string; gasUsed: number | null }>,
): LiveResult[] {
  return current.map((result, i) => {
    const before = previous[i];
    const comparable =
      before && before.label === result.label && before.gasUsed !== null && result.gasUsed !== null;
    return {
      ...result,
      previous: comparable ? before.gasUsed : null,
      delta: comparable ? result.gasUsed! - before.gasUsed! : null,
    };
  });
}

/**
 * Live mode replaces the chain with a replay of the actions this tab recorded since the chain was last
 * replaced. That is faithful only when those actions are every message of the chain: after a reload or
 * time travel the chain holds messages the tab did not record (or branches), and a replay would drop them.
 * Returns why a replay would lose messages, or null when it would not.
 */
export function replayLoss(recorded: number, messages: number): string | null {
  if (messages <= recorded) return null;
  const earlier = messages - recorded;
  return `the chain has ${earlier} message${earlier === 1 ? '' : 's'} this tab did not record (from before a reload or time travel); a live replay starts a fresh chain with the ${recorded} recorded action${recorded === 1 ? '' : 's'} and would drop ${earlier === 1 ? 'it' : 'them'}`;
}
