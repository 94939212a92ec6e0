import { defineConfig } from '@playwright/test';

// Real-browser tests against the production build (`npm run test:e2e` builds first), driven
// through Debian's system Chromium (`apt-get install -y chromium`): Playwright's own browser
// download cannot work offline.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// No network on the test machines: stop Chromium's own background connections.
const baseArgs = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// A working WebGPU adapter in headless mode (SwiftShader, CPU-emulated; slow). Playwright passes
// its own --enable-features list before ours; in case Chromium honours only one of the two
// switches, ours repeats Playwright's features next to Vulkan.
const webgpuArgs = [
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan,CDPScreenshotNewSurface,SkipListAccountsWithoutGaiaCookies',
  '--use-vulkan=swiftshader',
];

// PAG_E2E_PORT and PAG_DIST let a developer run a second suite beside another one (same machine,
// another port and build folder); CI uses the defaults.
const PORT = Number(process.env.PAG_E2E_PORT ?? 4173);
const DIST = process.env.PAG_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  // A private run (PAG_E2E_PORT set) keeps its traces out of the shared test-results/ folder.
  outputDir: process.env.PAG_E2E_PORT ? `test-results-private/${PORT}` : 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // SwiftShader WebGPU takes tens of ms per tiny kernel: generous per-test budget.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    headless: true,
    actionTimeout: 30_000,
    navigationTimeout: 60_000,
    trace: 'retain-on-failure',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'webgpu',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...baseArgs, ...webgpuArgs] } },
    },
    {
      // Same browser without the WebGPU flags: navigator.gpu exists but requestAdapter() returns
      // null, the "no WebGPU" path.
      name: 'fallback',
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...baseArgs] } },
    },
  ],
  webServer: {
    // Serves the already built dist/ (see the test:e2e script).
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://localhost:${PORT}`,
    // Never test against some other server that happens to hold the port.
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
