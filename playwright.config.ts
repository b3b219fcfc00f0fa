import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 4179);
// Overridable so that several checkouts or people can run e2e side by side without sharing a build.
const dist = process.env.E2E_DIST ?? 'dist';
const outputDir = process.env.E2E_OUTPUT ?? 'test-results/e2e';

// End-to-end tests run against the production build served by the README's own `npm run serve`
// (`vite preview`), in Debian's Chromium.
export default defineConfig({
  testDir: 'e2e',
  outputDir,
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    command: `npm run serve -- --outDir ${dist} --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
