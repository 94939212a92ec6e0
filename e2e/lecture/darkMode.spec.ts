import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { placeServedData } from '../cifar/cifarFixtures';
import { expect, test } from '../common/fixtures';

// Dark mode (issue 15): follows prefers-color-scheme, a switch overrides it and is remembered, and
// the accessibility check (contrast included) finds nothing serious or critical in either theme.

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(' | ')}`);
}

test.describe('dark mode', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === 'webgpu', 'page colours only: run once, in the fallback project'));

  test('Toy Lab follows the system, the switch is remembered, no serious axe findings in both themes', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?backend=wasm');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('step').click();
    await expect(page.getByTestId('clean-acc-vanilla')).not.toHaveText('—');
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(17, 24, 39)');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    // The teaching overlays in the dark theme.
    await page.getByTestId('tour-start').click();
    await page.keyboard.press('?');
    await expect(page.getByTestId('help-overlay')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test.describe('CIFAR Lab', () => {
    test.beforeAll(placeServedData);
    test('dark theme: no serious axe findings', async ({ page }) => {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto('/cifar.html?backend=wasm');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto('/cifar.html?backend=wasm&train=8&test=4&batch=8&epochs=1&pool=4');
      await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
