import { expect, test } from '@playwright/test';
import { WASM_PATH_BROWSER } from '../../src/core/wasmPath';
import { appOrigin, collectConsoleErrors, collectForeignRequests } from './helpers';

test('the app shell loads with no console errors and no foreign requests', async ({ page }) => {
  const consoleErrors = collectConsoleErrors(page);
  const foreign = collectForeignRequests(page);
  let ownRequests = 0;
  page.on('request', (req) => {
    if (new URL(req.url()).origin === appOrigin()) ownRequests++;
  });

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'PAG Lab' })).toBeVisible();
  await expect(page).toHaveTitle('PAG Lab');
  await page.waitForLoadState('networkidle');

  // The collectors were really listening (document + script at least).
  expect(ownRequests).toBeGreaterThanOrEqual(2);
  expect(consoleErrors.errors).toEqual([]);
  expect(foreign.requests).toEqual([]);
});

test.describe('the guards themselves', () => {
  test.describe('with the CSP bypassed', () => {
    // The preview server's CSP stops foreign requests before they are issued; bypass it here so
    // the request collector has something to see.
    test.use({ bypassCSP: true });

    test('the collectors catch console errors and foreign requests', async ({ page }) => {
      const consoleErrors = collectConsoleErrors(page);
      const foreign = collectForeignRequests(page);
      await page.goto('/');
      await page.evaluate(async () => {
        console.error('deliberate test error');
        await fetch('http://example.invalid/x').catch(() => undefined);
      });
      expect(consoleErrors.errors.some((e) => e.includes('deliberate test error'))).toBe(true);
      expect(foreign.requests).toContain('http://example.invalid/x');
    });
  });

  test('the Content Security Policy refuses requests to other origins', async ({ page }) => {
    const consoleErrors = collectConsoleErrors(page);
    await page.goto('/');
    const outcome = await page.evaluate(() =>
      fetch('http://example.invalid/x').then(
        () => 'fetched',
        (e: unknown) => `refused: ${String(e)}`,
      ),
    );
    expect(outcome).toMatch(/^refused/);
    expect(consoleErrors.errors.some((e) => e.includes('Content Security Policy'))).toBe(true);
  });
});

test('the tfjs WASM binaries are served from the app origin', async ({ request }) => {
  for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
    const res = await request.get(`${WASM_PATH_BROWSER}${name}`);
    expect(res.status(), name).toBe(200);
    expect(res.headers()['content-type'], name).toContain('application/wasm');
    // WebAssembly magic number \0asm.
    expect([...(await res.body()).subarray(0, 4)], name).toEqual([0, 0x61, 0x73, 0x6d]);
  }
});

test('WebGPU availability matches the project', async ({ page }, testInfo) => {
  await page.goto('/');
  const info = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    const adapter = gpu ? await gpu.requestAdapter() : null;
    return { hasGpu: !!gpu, hasAdapter: adapter !== null && adapter !== undefined, isolated: window.crossOriginIsolated };
  });
  // navigator.gpu exists in both; only the WebGPU flags give an adapter (SwiftShader).
  expect(info.hasGpu).toBe(true);
  expect(info.hasAdapter).toBe(testInfo.project.name === 'webgpu');
  // Deliberately not cross-origin isolated, so tfjs-wasm keeps to its working single-threaded
  // build (see vite.config.ts).
  expect(info.isolated).toBe(false);
});
