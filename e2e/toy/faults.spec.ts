import type { Page } from '@playwright/test';
import { expect, openToyLab, percentIn, stepOf, test } from '../common/fixtures';
import { hidePage, showPage } from '../common/visibility';

/**
 * The Toy Lab's fault handling, for real: a GPU backend killed mid-run (?faults=1 destroys the
 * WebGPU device or loses the WebGL context), a hidden tab, settings that cannot fit in memory.
 */

/** The backend the project starts on, and the one a failure of it moves to. */
const SWITCH: Record<string, [string, string]> = { webgpu: ['webgpu', 'webgl'], fallback: ['webgl', 'wasm'] };

async function trainUntil(page: Page, steps: number): Promise<void> {
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
  await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThan(steps);
}

/** Points on the longest line of the accuracy chart: the measurements kept so far. */
async function chartPoints(page: Page): Promise<number> {
  const ds = await page.getByRole('region', { name: 'Clean test accuracy' }).locator('path[stroke-opacity]').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  return Math.max(0, ...ds.map((d) => d.split('L').length));
}

for (const engine of ['fused', 'tfjs'] as const) {
  test(`a GPU backend lost mid-run (${engine} training): the run moves to the next backend and carries on`, async ({ page }, info) => {
    // TF.js training on SwiftShader WebGPU takes seconds a step: the checkpoint path is tested on WebGL.
    test.skip(engine === 'tfjs' && info.project.name === 'webgpu', 'TF.js training on the software WebGPU is too slow');
    const [from, to] = SWITCH[info.project.name];
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`/?faults=1&engine=${engine}`);
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', from, { timeout: 60_000 });
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    // 30 steps a second: the whole run (4,700 steps) then takes over 2.5 minutes, so it is still
    // training when the fault comes however long a loaded machine takes to get there (at 100 a
    // second the fused step could finish first).
    await page.getByLabel('Speed').selectOption('30');
    await trainUntil(page, 20);
    // Trained well past chance (the toy is separable), and past a checkpoint or two.
    await expect.poll(() => percentIn(page, 'clean-acc-pag'), { timeout: 120_000 }).toBeGreaterThan(65);
    await page.waitForTimeout(1500);
    const before = await stepOf(page);
    const points = await chartPoints(page);
    expect(points).toBeGreaterThan(5);
    await page.getByTestId('inject-fault').click();
    await expect(badge).toHaveAttribute('data-backend', to, { timeout: 60_000 });
    await expect(badge).toHaveAttribute('data-switched-from', from);
    await expect(page.getByTestId('backend-reason')).toContainText(`switched from ${from}`);
    const notice = page.getByTestId('notice');
    await expect(notice).toContainText(`The ${from} backend failed`);
    await expect(notice).toContainText(`switched to ${to}`);
    await expect(page.getByTestId('error-message')).toHaveCount(0);
    // The fused step's state lives in JS and continues exactly; TF.js goes back at most to the
    // last checkpoint (seconds earlier), never to a fresh model.
    expect(await stepOf(page)).toBeGreaterThanOrEqual(engine === 'fused' ? before : Math.ceil(before / 2));
    // The charts keep what was measured before the switch.
    expect(await chartPoints(page)).toBeGreaterThanOrEqual(points);

    // Still training, past where it was, from the trained weights (not a fresh model).
    await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
    await expect.poll(() => stepOf(page), { timeout: 120_000 }).toBeGreaterThan(before + 10);
    expect(await chartPoints(page)).toBeGreaterThan(points);
    await expect(page.getByTestId('training-engine')).toContainText(engine === 'fused' ? 'fused CPU step' : `TF.js on ${to}`);
  });
}

test('without ?faults=1 there is no fault button', async ({ page }) => {
  await openToyLab(page, 'wasm');
  await expect(page.getByTestId('inject-fault')).toHaveCount(0);
});

test('a hidden tab pauses training and resumes it when shown, with a notice', async ({ page }) => {
  await openToyLab(page, 'wasm');
  await trainUntil(page, 20);
  await hidePage(page);
  // The snapshot in flight may still land; then the counter stands still.
  await page.waitForTimeout(1000);
  const hidden = await stepOf(page);
  await page.waitForTimeout(2500);
  expect(await stepOf(page)).toBe(hidden);
  await showPage(page);
  await expect(page.getByTestId('notice')).toContainText('Paused while the tab was hidden');
  await expect.poll(() => stepOf(page), { timeout: 30_000 }).toBeGreaterThan(hidden + 10);
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
});

test('settings that cannot fit in memory are refused before anything is allocated; the run stays', async ({ page }) => {
  await openToyLab(page, 'wasm');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(i);
  }
  const accuracy = await percentIn(page, 'clean-acc-vanilla');
  for (const [label, value] of [
    ['Train points / class', '20000'],
    ['Hidden width', '512'],
    ['Hidden layers', '4'],
    ['Batch size', '20000'],
  ]) {
    const field = page.getByLabel(label, { exact: true });
    await field.fill(value);
    await field.press('Enter');
  }
  await page.getByRole('button', { name: 'Restart with new settings' }).click();
  const error = page.getByTestId('error-message');
  await expect(error).toContainText(/need about [\d.]+ GB for 2 models, more than the 1\.5 GB/);
  await expect(error).toContainText('The current run is kept');
  // The run on screen is untouched and still trains.
  expect(await stepOf(page)).toBe(3);
  expect(await percentIn(page, 'clean-acc-vanilla')).toBe(accuracy);
  await page.getByTestId('step').click();
  await expect.poll(() => stepOf(page)).toBe(4);
});

test('a diverging run pauses, says so, and puts both models back to their last good weights', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // SGD at the largest learning rate and λ the fields accept, on a wide net: diverges within ~100 steps.
  await page.goto('/?opt=sgd&lr=10&lambda=1000&width=512&epochs=200');
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('play-pause').click();
  const error = page.getByTestId('error-message');
  await expect(error).toContainText(/model diverged \(NaN or Infinity\) by step \d+\. Paused: both models are back at step \d+ with their last good weights/, { timeout: 120_000 });
  const [, at, back] = /by step (\d+)\. Paused: both models are back at step (\d+)/.exec((await error.textContent()) ?? '')!.map(Number);
  expect(back).toBeLessThan(at);
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');
  await expect.poll(() => stepOf(page)).toBe(back);
  // The restored models answer with numbers, not NaN.
  await expect(page.getByTestId('clean-acc-vanilla')).toHaveText(/\d+(\.\d+)? %/);
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(/\d+(\.\d+)? %/);
});
