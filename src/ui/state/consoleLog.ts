import { create } from 'zustand';

export interface ConsoleLine {
  id: number;
  time: number;
  level: 'info' | 'error';
  text: string;
}

interface ConsoleStore {
  lines: ConsoleLine[];
  log(level: ConsoleLine['level'], text: string): void;
  clear(): void;
}

let nextId = 1;

export const useConsole = create<ConsoleStore>((set) => ({
  lines: [],
  log(level, text) {
    set((state) => ({ lines: [...state.lines, { id: nextId++, time: Date.now(), level, text }] }));
  },
  clear() {
    set({ lines: [] });
  },
}));
