import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// One config for the app build, the dev server, the preview server and vitest.
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the built app is plain static files that work from any path.
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // soljson (~9 MB) and Monaco are large by nature; they load lazily, never in the first paint.
    chunkSizeWarningLimit: 4096,
    assetsInlineLimit: 0,
    // dist/.vite/manifest.json lets scripts/initial-load.mjs compute what the first paint needs.
    manifest: true,
  },
  preview: { port: 4173, strictPort: false, host: '127.0.0.1' },
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
