import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

const root = fileURLToPath(new URL('../..', import.meta.url));

// Browser benchmarks (not tests): `npm run bench:browser` builds, then runs e2e/bench/*.bench.ts
// in both projects of the end-to-end config. Timings are printed and written to bench-results/.
export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: '*.bench.ts',
  timeout: 300_000,
  // No trace: Playwright's DOM snapshots run on the page's main thread and would be counted as
  // the app's long tasks (measured: ~6 % of the main thread while training).
  use: { ...base.use, trace: 'off' },
  // The preview server runs from the project root (a web server's cwd defaults to this folder).
  webServer: { ...(base.webServer as object), cwd: root } as typeof base.webServer,
});
