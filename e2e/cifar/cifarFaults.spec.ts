import type { Page } from '@playwright/test';
import { expect, openCifarLab, placeServedData, setField, test } from './cifarFixtures';
import { hidePage, showPage } from '../common/visibility';

/**
 * The CIFAR Lab's fault handling, for real: a GPU backend killed mid-run (?faults=1), a hidden
 * tab, settings that cannot fit in memory. Small runs: SwiftShader makes GPU backends slow.
 */
test.beforeAll(placeServedData);

const SWITCH: Record<string, [string, string]> = { webgpu: ['webgpu', 'webgl'], fallback: ['webgl', 'wasm'] };

const roundOf = async (page: Page) => Number(await page.getByTestId('progress').getAttribute('data-round'));

/** Points on the longest line of the loss chart: the measurements kept so far. */
async function chartPoints(page: Page): Promise<number> {
  const ds = await page.getByTestId('chart-loss').locator('path').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  return Math.max(0, ...ds.map((d) => d.split('L').length));
}

/** Vanilla and Nearest Neighbor on 2 x `perClass` images, batch 8: 2 epochs of perClass / 4 rounds. */
async function configureSmall(page: Page, perClass: number, epochs = 2): Promise<void> {
  await page.getByText('Training', { exact: true }).click(); // opens the details
  await setField(page, 'train-per-class', String(perClass));
  await setField(page, 'test-per-class', '4');
  await setField(page, 'batch-size', '8');
  await setField(page, 'epochs', String(epochs));
  await setField(page, 'nn-pool', '4');
  await page.getByTestId('build').click();
  await expect(page.getByTestId('settings-pending')).toBeHidden({ timeout: 90_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0');
}

test('a GPU backend lost mid-run: the run moves to the next backend and carries on from its last good state', async ({ page }, info) => {
  const [from, to] = SWITCH[info.project.name];
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/cifar.html?faults=1');
  await page.getByTestId('view-live').click(); // the page opens on the pretrained models
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', from, { timeout: 60_000 });
  await expect(page.getByTestId('data-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  // Long enough to still be training after the switch: the fused CPU step finishes 2 epochs of
  // these tiny models within seconds, and the test asserts that training goes on past the fault.
  await configureSmall(page, 40, 100);
  await page.getByTestId('play-pause').click();
  await expect.poll(() => roundOf(page), { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  await page.waitForTimeout(1500); // past a checkpoint
  const before = await roundOf(page);
  const points = await chartPoints(page);
  expect(points).toBeGreaterThanOrEqual(2);

  await page.getByTestId('inject-fault').click();
  await expect(badge).toHaveAttribute('data-backend', to, { timeout: 90_000 });
  await expect(badge).toHaveAttribute('data-switched-from', from);
  await expect(page.getByTestId('backend-reason')).toContainText(`switched from ${from}`);
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText(`The ${from} backend failed`, { timeout: 90_000 });
  await expect(notice).toContainText(`switched to ${to}`);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  // Back at most to the last checkpoint, never to a fresh model; the curves are kept.
  expect(await roundOf(page)).toBeGreaterThan(0);
  expect(await chartPoints(page)).toBeGreaterThanOrEqual(points);
  // And training goes on past where it was.
  await expect.poll(() => roundOf(page), { timeout: 120_000 }).toBeGreaterThan(before + 1);
});

test('a hidden tab pauses training and resumes it when shown, with a notice', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'independent of the backend: run once, on wasm');
  await openCifarLab(page, 'wasm');
  // Long enough that the run is still training when shown again: the fused CPU step trains these
  // tiny models in tens of milliseconds a round (2 epochs would be over before the tab is hidden).
  await configureSmall(page, 60, 100);
  await page.getByTestId('play-pause').click();
  await expect.poll(() => roundOf(page), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  await hidePage(page);
  await page.waitForTimeout(1500); // the snapshot in flight may still land
  const hidden = await roundOf(page);
  await page.waitForTimeout(3000);
  expect(await roundOf(page)).toBe(hidden);
  await showPage(page);
  await expect(page.getByTestId('notice')).toContainText('Paused while the tab was hidden');
  await expect.poll(() => roundOf(page), { timeout: 60_000 }).toBeGreaterThan(hidden);
});

test('settings that cannot fit in memory are refused before anything is allocated; the run stays', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'independent of the backend: run once, on wasm');
  // The TF.js engine tiles the batch per class; the fused step (one image at a time) fits these settings.
  await openCifarLab(page, 'wasm', 'tfjs');
  await configureSmall(page, 20);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '1', { timeout: 30_000 });
  await setField(page, 'batch-size', '512');
  await setField(page, 'channels', '128-128-128');
  await setField(page, 'train-per-class', '5000');
  await page.getByTestId('build').click();
  const error = page.getByTestId('error-message');
  await expect(error).toContainText(/need about [\d.]+ GB for 2 models, more than the 1\.5 GB/);
  await expect(error).toContainText('The current run is kept');
  // The run on screen is untouched and still trains.
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '1');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '2', { timeout: 30_000 });
});
