import type { Page } from '@playwright/test';
import { expect, stepOf, test } from '../common/fixtures';

// Offline after the first visit (issue 15): the built app's service worker precaches the app;
// with the browser offline, a reload of either lab still works (the Toy Lab trains on wasm, the
// CIFAR Lab opens its pretrained models). The other specs block service workers (playwright.config.ts).

test.use({ serviceWorkers: 'allow' });

async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
}

test('offline: after the first visit both labs reload and work with the network off', async ({ page, context }, info) => {
  test.skip(info.project.name === 'webgpu', 'caching only: run once, in the fallback project');
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=wasm');
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  await controlled(page);
  // Everything precached (install finished before `ready`), the pretrained models included.
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  expect(cached).toContain('/cifar.html');
  expect(cached.some((u) => u.startsWith('/tfjs-wasm/') && u.endsWith('.wasm'))).toBe(true);
  expect(cached).toContain('/pretrained/manifest.json');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'wasm', { timeout: 60_000 });
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  const start = await stepOf(page);
  await page.getByTestId('step').click();
  await expect.poll(() => stepOf(page)).toBe(start + 1);
  await expect(page.getByTestId('clean-acc-vanilla')).not.toHaveText('—');

  await page.goto('/cifar.html?backend=wasm');
  await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 90_000 });
  await context.setOffline(false);
});
