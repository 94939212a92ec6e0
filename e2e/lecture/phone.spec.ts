import type { Page } from '@playwright/test';
import { placeServedData } from '../cifar/cifarFixtures';
import { expect, stepOf, test } from '../common/fixtures';

// Phones (issue 15): at 390 px nothing scrolls sideways, the panels stack, the main buttons are
// touch-sized, and the boundary plot zooms with its +/− buttons.

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('phone, 390 px', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === 'webgpu', 'layout only: run once, in the fallback project'));

  test('Toy Lab: no sideways scroll, panels stacked, tappable buttons, zoom, play', async ({ page }) => {
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);

    const v = (await page.getByTestId('boundary-vanilla').boundingBox())!;
    const p = (await page.getByTestId('boundary-pag').boundingBox())!;
    expect(p.y).toBeGreaterThanOrEqual(v.y + v.height - 1);
    expect(v.width).toBeLessThanOrEqual(390);

    for (const id of ['play-pause', 'step', 'reset', 'zoom-in-vanilla', 'zoom-out-vanilla', 'theme-toggle', 'copy-link']) {
      const b = (await page.getByTestId(id).boundingBox())!;
      expect(Math.min(b.width, b.height), `${id} is at least 44 px`).toBeGreaterThanOrEqual(44);
    }

    const viewport = page.getByTestId('boundary-vanilla').locator('.zoom-viewport');
    await expect(viewport).toHaveAttribute('data-zoom', '1');
    await page.getByTestId('zoom-in-vanilla').tap();
    await expect(viewport).toHaveAttribute('data-zoom', '1.5');
    const plot = (await viewport.locator('.plot').boundingBox())!;
    expect(plot.width).toBeGreaterThan((await viewport.boundingBox())!.width * 1.4);
    // The zoomed plot scrolls inside its panel, never the page.
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
    await page.getByTestId('zoom-out-vanilla').tap();
    await expect(viewport).toHaveAttribute('data-zoom', '1');

    await page.getByTestId('play-pause').tap();
    await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(3);
    await page.getByTestId('play-pause').tap();
    expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
  });

  test.describe('CIFAR Lab', () => {
    test.beforeAll(placeServedData);
    test('no sideways scroll, tappable buttons', async ({ page }) => {
      await page.goto('/cifar.html?backend=wasm');
      await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
      expect(await noSidewaysScroll(page)).toBeLessThanOrEqual(0);
      for (const id of ['play-pause', 'step', 'theme-toggle', 'embed-open']) {
        const b = (await page.getByTestId(id).boundingBox())!;
        expect(Math.min(b.width, b.height), `${id} is at least 44 px`).toBeGreaterThanOrEqual(44);
      }
    });
  });
});
