import { create } from 'zustand';
import { vmSession } from '../../worker-vm/client';
import { type LiveResult, planReplay, replayLoss, withDeltas } from '../live/livePlan';
import { logOutcome, type RecordedAction, useChain } from './chain';
import { useConsole } from './consoleLog';

interface LiveStore {
  enabled: boolean;
  running: boolean;
  /** The last replay's results, with each action's gas change. */
  results: LiveResult[];
  /** Which compile the results belong to. */
  compilationId: number | undefined;
  /** Why the last replay did not run: it would have dropped messages this tab did not record. */
  held: string | null;
  toggle(): void;
  /**
   * Resets the chain and replays what the user did against the newest compile. Without `dropEarlier` it
   * does not run when the chain holds messages the tab did not record (livePlan.ts, replayLoss).
   */
  replay(dropEarlier?: boolean): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useLive = create<LiveStore>((set, get) => ({
  enabled: false,
  running: false,
  results: [],
  compilationId: undefined,
  held: null,

  toggle() {
    const enabled = !get().enabled;
    set({ enabled });
    useConsole
      .getState()
      .log(
        'info',
        enabled ? 'Live mode on: each successful compile redeploys and replays your calls' : 'Live mode off',
      );
  },

  async replay(dropEarlier = false) {
    if (get().running) return;
    const chain = useChain.getState();
    const actions = chain.recorded;
    if (actions.length === 0) return;
    const loss = replayLoss(actions.length, chain.state?.messages.length ?? 0);
    if (loss && !dropEarlier) {
      if (get().held !== loss) useConsole.getState().log('info', `Live: not replayed: ${loss}`);
      set({ held: loss });
      return;
    }
    set({ running: true, held: null });
    const started = performance.now();
    // The gas each action used before: the messages of the chain being replaced, in order.
    const previous = (chain.state?.messages ?? []).map((m, i) => ({
      label: actions[i]?.label ?? '',
      gasUsed: m.gasUsed,
    }));
    const plan = planReplay(actions, chain.artifacts);
    const recorded: RecordedAction[] = [];
    const results: Array<Omit<LiveResult, 'previous' | 'delta'>> = [];
    try {
      const vm = vmSession();
      await vm.reset();
      for (const step of plan) {
        if (step.kind === 'skip') {
          results.push({ label: step.label, gasUsed: null, exitName: null, error: step.reason });
          continue;
        }
        try {
          const detail =
            step.kind === 'account' ? await vm.createAccount(step.request) : await vm.submit(step.request);
          recorded.push(
            step.kind === 'tx' ? { ...step.action, kind: 'tx', request: step.request } : step.action,
          );
          results.push({
            label: step.label,
            gasUsed: detail.gasUsed,
            exitName: detail.exitName,
            error: null,
          });
          logOutcome(detail);
        } catch (error) {
          results.push({ label: step.label, gasUsed: null, exitName: null, error: describe(error) });
        }
      }
    } finally {
      const withGas = withDeltas(results, previous);
      useChain.setState((s) => ({ recorded, generation: s.generation + 1 }));
      await useChain.getState().refresh();
      const messages = useChain.getState().state?.messages ?? [];
      useChain.getState().selectMessage(messages.length > 0 ? messages.length - 1 : null);
      set({ running: false, results: withGas, compilationId: useChain.getState().compilationId });
      const changed = withGas.filter((r) => r.delta !== null && r.delta !== 0).length;
      useConsole
        .getState()
        .log(
          'info',
          `Live: replayed ${plan.length} action${plan.length === 1 ? '' : 's'} in ${Math.round(performance.now() - started)} ms; gas changed for ${changed}`,
        );
    }
  },
}));
