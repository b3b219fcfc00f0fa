import { create } from 'zustand';
import { vmSession } from '../../worker-vm/client';
import type { DebugInfo, GasByLineView, NavigateAction, StepDetail } from '../../worker-vm/session/views';

interface DebuggerStore {
  message: number | null;
  /** The message's index and CID (see messageKey): what the loaded index belongs to. */
  key: string | null;
  info: DebugInfo | null;
  loading: boolean;
  /** Wall time of loading the debugger (worker replay + index, round trip), as the UI saw it. */
  loadMs: number | null;
  error: string | null;
  step: number;
  detail: StepDetail | null;
  memoryOffset: number;
  open(message: number, key: string | null): Promise<void>;
  go(step: number): Promise<void>;
  navigate(action: NavigateAction): Promise<void>;
  setMemoryOffset(offset: number): Promise<void>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

// Each request carries a ticket; an answer that arrives after a newer request is dropped.
let ticket = 0;

export const useDebugger = create<DebuggerStore>((set, get) => ({
  message: null,
  key: null,
  info: null,
  loading: false,
  loadMs: null,
  error: null,
  step: 0,
  detail: null,
  memoryOffset: 0,

  async open(message, key) {
    if (get().message === message && get().key === key && (get().info || get().loading)) return;
    const mine = ++ticket;
    set({
      message,
      key,
      info: null,
      detail: null,
      loading: true,
      error: null,
      step: 0,
      loadMs: null,
      memoryOffset: 0,
    });
    const started = performance.now();
    try {
      const info = await vmSession().debugInfo(message);
      if (mine !== ticket) return;
      set({ info, loading: false, loadMs: Math.round(performance.now() - started) });
      if (info.totalSteps > 0) await get().go(0);
    } catch (error) {
      if (mine === ticket) set({ loading: false, error: describe(error) });
    }
  },

  async go(step) {
    const { message, info, memoryOffset } = get();
    if (message === null || !info || info.totalSteps === 0) return;
    const clamped = Math.max(0, Math.min(step, info.totalSteps - 1));
    set({ step: clamped });
    const mine = ++ticket;
    try {
      const detail = await vmSession().debugStep(message, clamped, memoryOffset);
      if (mine === ticket) set({ detail });
    } catch (error) {
      if (mine === ticket) set({ error: describe(error) });
    }
  },

  async navigate(action) {
    const { message, step, info } = get();
    if (message === null || !info || info.totalSteps === 0) return;
    const target = await vmSession().debugNavigate(message, step, action);
    await get().go(target);
  },

  async setMemoryOffset(offset) {
    set({ memoryOffset: Math.max(0, offset) });
    await get().go(get().step);
  },
}));

interface GasLinesStore {
  message: number | null;
  key: string | null;
  view: GasByLineView | null;
  loading: boolean;
  error: string | null;
  load(message: number, key: string | null): Promise<void>;
}

let gasTicket = 0;

/** Gas by source line for one message (the editor gutter and the gas tab read it). */
export const useGasLines = create<GasLinesStore>((set, get) => ({
  message: null,
  key: null,
  view: null,
  loading: false,
  error: null,
  async load(message, key) {
    if (get().message === message && get().key === key && (get().view || get().loading)) return;
    const mine = ++gasTicket;
    set({ message, key, view: null, loading: true, error: null });
    try {
      const view = await vmSession().gasByLine(message);
      if (mine === gasTicket) set({ view, loading: false });
    } catch (error) {
      if (mine === gasTicket) set({ loading: false, error: describe(error) });
    }
  },
}));
