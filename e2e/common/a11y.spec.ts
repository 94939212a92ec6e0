import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { placeServedData } from '../cifar/cifarFixtures';
import { expect, test } from './fixtures';

// An automated accessibility check (axe-core) on each page: no serious or critical violations.
// Each page is checked as it opens and with the teaching layer's overlays on (help, tour,
// presentation mode), which are part of the page too.

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The teaching layer's overlays are part of the page: the tour with the help over it, then presentation mode. */
async function checkOverlays(page: Page): Promise<void> {
  await page.getByTestId('tour-start').click();
  await expect(page.getByTestId('tour-card')).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.getByTestId('present-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  expect(await seriousViolations(page)).toEqual([]);
}

test.describe('accessibility (axe)', () => {
  test('Toy Lab: no serious or critical violations', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    expect(await seriousViolations(page)).toEqual([]);

    await checkOverlays(page);
  });

  test.describe('CIFAR Lab', () => {
    test.beforeAll(placeServedData);

    test('the pretrained view as it opens and with its Figure 4: no serious or critical violations', async ({ page }, info) => {
      test.skip(info.project.name === 'webgpu', 'forced to wasm: run once, in the fallback project');
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto('/cifar.html?backend=wasm');
      await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('gallery-run').click();
      await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
      await page.getByTestId('help-pretrained-table').locator('summary').first().click();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test('no serious or critical violations: as it opens, trained, with help, tour, hover card and presentation mode', async ({ page }) => {
      // Six axe runs (the math drawer's among them), each seconds long on a busy machine.
      test.setTimeout(300_000);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto('/cifar.html?backend=wasm&train=8&test=4&batch=8&epochs=1&pool=4');
      await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
      expect(await seriousViolations(page)).toEqual([]);

      await page.getByTestId('step').click();
      await expect(page.getByTestId('saliency')).toHaveAttribute('data-round', '1', { timeout: 60_000 });
      await page.getByTestId('gallery-run').click();
      await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
      await page.getByTestId('help-gallery').locator('summary').first().click();
      // The math drawer (one for the page), checked open, then closed.
      await page.getByTestId('help-gallery').getByTestId('math-open').click();
      await expect(page.getByTestId('math-drawer')).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('math-close').click();
      await page.locator('[data-testid^="saliency-image-"]').first().hover();
      await expect(page.getByTestId('image-tooltip')).toBeVisible();
      await checkOverlays(page);
    });
  });
});
