import type { Frame } from '@playwright/test';
import { configureTiny, expect, openCifarLab, placeServedData, test } from '../cifar/cifarFixtures';
import { expectNoScroll, host } from './embedHost';

// The CIFAR Lab's embed mode (issue 15): the embed dialog's <iframe> code, put in a page, shows the
// chosen panels and a play button in 800x450 without scrolling, and play trains.

test.beforeAll(placeServedData);
test.beforeEach(({}, info) => {
  test.skip(info.project.name === 'webgpu', 'layout only: run once, in the fallback project');
});

/** The transport (play) sits above the panels, covering none of them. */
async function expectPlayClear(inner: Frame): Promise<void> {
  const bottom = await inner.locator('.topbar .transport').evaluate((e) => e.getBoundingClientRect().bottom);
  for (const top of await inner.locator('.embed-cell').evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().top))) {
    expect(bottom).toBeLessThanOrEqual(top);
  }
}

/** `testId` is on screen, whole, inside the 800x450 frame. */
async function expectInside(inner: Frame, testId: string): Promise<void> {
  const el = inner.getByTestId(testId).first();
  await expect(el).toBeVisible();
  const b = await el.evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect);
  expect(b.left).toBeGreaterThanOrEqual(0);
  expect(b.top).toBeGreaterThanOrEqual(0);
  expect(b.right).toBeLessThanOrEqual(800);
  expect(b.bottom).toBeLessThanOrEqual(450);
  expect(b.width).toBeGreaterThan(200);
}

test('CIFAR embed: the live run\'s Figure 4 and charts in an 800x450 iframe, nothing else, no scroll; play trains', async ({ page }, info) => {
  test.setTimeout(300_000);
  await openCifarLab(page, 'wasm');
  await configureTiny(page);
  await page.getByTestId('embed-open').click();
  await page.getByTestId('embed-panel-charts').check();
  const code = await page.getByTestId('embed-code').inputValue();
  expect(code).toMatch(/^<iframe src="http:\/\/localhost:\d+\/cifar\.html\?[^"]*embed=1&amp;panels=gallery%2Ccharts" width="800" height="450"/);

  const inner = await host(page, code);
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('play-pause')).toBeEnabled({ timeout: 90_000 });
  await page.screenshot({ path: info.outputPath('embed-live.png') });
  await expectNoScroll(inner);
  await expectInside(inner, 'gallery');
  await expectPlayClear(inner);
  await expect(frame.locator('.charts')).toBeVisible();
  // Only the chosen panels: no settings, data, saliency, table, saved runs, view switch or share buttons.
  for (const id of ['data-status', 'run-settings', 'saliency', 'table', 'pretrained-table', 'saved-runs']) {
    await expect(frame.getByTestId(id), id).toHaveCount(0);
  }
  for (const id of ['view-live', 'embed-open', 'backend-badge', 'progress']) await expect(frame.getByTestId(id), id).toBeHidden();
  await expect(frame.getByTestId('play-pause')).toBeVisible();

  await frame.getByTestId('play-pause').click();
  await expect.poll(async () => Number(await frame.getByTestId('progress').getAttribute('data-round')), { timeout: 120_000 }).toBeGreaterThan(0);
  await expectNoScroll(inner);
  await page.screenshot({ path: info.outputPath('embed-live-trained.png') });
});

test('CIFAR embed: ?embed=1&panels=gallery,table opens on the pretrained models: those two panels only, no scroll', async ({ page }, info) => {
  const inner = await host(page, '<iframe src="/cifar.html?backend=wasm&amp;embed=1&amp;panels=gallery,table,nonsense" width="800" height="450" style="border:0"></iframe>');
  const frame = page.frameLocator('iframe');
  await expect(frame.getByTestId('gallery')).toHaveAttribute('data-on', 'pretrained', { timeout: 90_000 });
  await expect(frame.getByTestId('pretrained-table')).toBeVisible();
  await expect(frame.getByTestId('embed-view')).toHaveAttribute('data-count', '2');
  await page.screenshot({ path: info.outputPath('embed-pretrained.png') });
  await expectNoScroll(inner);
  await expectInside(inner, 'gallery');
  await expectInside(inner, 'pretrained-table');
  await expectPlayClear(inner);
  for (const id of ['data-status', 'run-settings', 'saliency', 'table', 'pretrained', 'saved-runs']) await expect(frame.getByTestId(id), id).toHaveCount(0);
  await expect(frame.getByTestId('play-pause')).toBeVisible();
});
