import { canvasStats, expect, openToyLab, stepOf, test } from '../common/fixtures';

test.describe('backend choice', () => {
  test('with a WebGPU adapter the engine runs on WebGPU and trains there', async ({ page }, info) => {
    test.skip(info.project.name !== 'webgpu', 'needs the WebGPU flags');
    // By default the toy MLP trains on the fused CPU step (faster than any backend for 2-32-2);
    // asking for the backend by name keeps training on TF.js there.
    await openToyLab(page);
    await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', 'webgpu');
    await expect(page.getByTestId('training-engine')).toHaveText('training: fused CPU step');
    await openToyLab(page, 'webgpu');
    const badge = page.getByTestId('backend-badge');
    await expect(badge).toHaveAttribute('data-backend', 'webgpu');
    await expect(badge).toContainText('webgpu');
    await expect(page.getByTestId('training-engine')).toHaveText('training: TF.js on webgpu');
    // A few steps on the (software) GPU: slow, so only three, one click each.
    for (let i = 1; i <= 3; i++) {
      await page.getByTestId('step').click();
      await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(i);
    }
    expect((await canvasStats(page, 'pag')).colours).toBeGreaterThan(20);
  });

  test('without WebGPU the engine falls back and the badge says why', async ({ page }, info) => {
    test.skip(info.project.name !== 'fallback', 'needs a browser without a WebGPU adapter');
    await openToyLab(page);
    const badge = page.getByTestId('backend-badge');
    const backend = await badge.getAttribute('data-backend');
    expect(['webgl', 'wasm']).toContain(backend);
    await expect(badge).toContainText('WebGPU: no adapter');
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(1);
  });

  test('an unknown ?backend= is reported and the automatic choice is used', async ({ page }) => {
    await page.goto('/?backend=quantum');
    await expect(page.getByTestId('error-message')).toContainText('Unknown backend "quantum"');
    await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  });
});
