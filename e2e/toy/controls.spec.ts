import { canvasStats, difference, expect, openToyLab, stepOf, test } from '../common/fixtures';

// The lab's controls on the wasm backend (fast in every project; the GPU paths are in backend.spec).
test.describe('training controls', () => {
  test('step, play, pause and reset do what they say; the heatmaps start equal and part ways', async ({ page }) => {
    await openToyLab(page, 'wasm');
    expect(await stepOf(page)).toBe(0);

    // Identical initial weights: the two pictures are the same before any training.
    const v0 = await canvasStats(page, 'vanilla');
    const p0 = await canvasStats(page, 'pag');
    expect(v0.colours).toBeGreaterThan(20); // a heatmap, not a blank canvas
    expect(difference(v0, p0)).toBe(0);

    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(1);
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(2);

    // 100 steps a second: a slow page (a CPU-emulated GPU draws it) still gets to press Pause
    // long before the 4,700 steps are done.
    await page.getByLabel('Speed').selectOption('100');
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(30);
    await page.getByTestId('play-pause').click();
    await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');
    // The run's last snapshot may still be on its way; then nothing moves any more.
    let paused = -1;
    await expect
      .poll(async () => {
        const before = paused;
        paused = await stepOf(page);
        return paused === before;
      }, { intervals: [500], timeout: 20_000 })
      .toBe(true);
    await page.waitForTimeout(1000);
    expect(await stepOf(page)).toBe(paused);
    expect(paused).toBeLessThan(4700);

    const v1 = await canvasStats(page, 'vanilla');
    const p1 = await canvasStats(page, 'pag');
    expect(v1.colours).toBeGreaterThan(20);
    expect(p1.colours).toBeGreaterThan(20);
    expect(difference(v1, p1)).toBeGreaterThan(5);
    // The charts have lines.
    await expect(page.getByTestId('alignment-chart').locator('path[stroke-opacity="1"]').first()).toBeAttached();

    await page.getByTestId('reset').click();
    await expect.poll(() => stepOf(page)).toBe(0);
    await expect.poll(async () => difference(await canvasStats(page, 'vanilla'), await canvasStats(page, 'pag'))).toBe(0);
  });

  test('a bad value is refused in words and loses nothing', async ({ page }) => {
    await openToyLab(page, 'wasm');
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(1);
    const lr = page.getByLabel('Learning rate');

    await lr.fill('abc');
    await lr.press('Enter');
    const error = page.getByTestId('error-message');
    await expect(error).toBeVisible();
    await expect(error).toContainText('Learning rate');
    await expect(error).toContainText('not a number');
    await expect(lr).toHaveValue('0.01');

    await lr.fill('-0.5');
    await lr.press('Tab');
    await expect(error).toContainText('greater than 0');
    await expect(lr).toHaveValue('0.01');

    // Markup in a value is shown as text, never built into HTML.
    await lr.fill('<img src=x onerror=alert(1)>');
    await lr.press('Enter');
    await expect(error).toContainText('<img src=x');
    await expect(error.locator('img')).toHaveCount(0);

    // Nothing was lost: same run, same step, still trains, no restart pending.
    expect(await stepOf(page)).toBe(1);
    await expect(page.getByText('Needs a restart')).toHaveCount(0);
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(2);

    await error.getByRole('button', { name: 'Dismiss the message' }).click();
    await expect(error).toHaveCount(0);
  });

  test('a restart-needing change waits for Reset once training has started, and says so', async ({ page }) => {
    await openToyLab(page, 'wasm');
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(1);
    const seed = page.getByLabel('Seed', { exact: true });
    await seed.fill('7');
    await seed.press('Enter');
    await expect(page.getByText('Needs a restart')).toBeVisible();
    expect(await stepOf(page)).toBe(1);
    await page.getByRole('button', { name: 'Restart with new settings' }).click();
    await expect(page.getByText('Needs a restart')).toHaveCount(0);
    await expect.poll(() => stepOf(page)).toBe(0);
    await expect(seed).toHaveValue('7');
  });
});
