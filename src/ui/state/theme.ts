import { create } from 'zustand';

export type Theme = 'light' | 'dark';

const stored = (): Theme | undefined => {
  const value = globalThis.localStorage?.getItem('fvm-playground.theme');
  return value === 'light' || value === 'dark' ? value : undefined;
};

const preferred = (): Theme =>
  globalThis.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';

interface ThemeStore {
  theme: Theme;
  toggle(): void;
}

export const useTheme = create<ThemeStore>((set, get) => ({
  theme: stored() ?? preferred(),
  toggle() {
    const theme: Theme = get().theme === 'dark' ? 'light' : 'dark';
    globalThis.localStorage?.setItem('fvm-playground.theme', theme);
    set({ theme });
  },
}));
