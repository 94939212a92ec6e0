import type { Page } from '@playwright/test';
import { expect, percentIn, stepOf, test } from '../common/fixtures';

// Draw your own data (issue 15): ?dataset=draw opens an empty plane; clicks add points of the
// chosen class, a drag moves one, a click on one removes it; play trains on them; the points
// travel in the link and the autosave; the dataset menu's "Draw your own" does the same.

/** Clicks the vanilla plot at data coordinates (the plane is [-50, 50]^2). */
async function clickAt(page: Page, x: number, y: number): Promise<void> {
  const b = (await page.getByTestId('boundary-vanilla').getByTestId('draw-surface').boundingBox())!;
  await page.mouse.click(b.x + ((x + 50) / 100) * b.width, b.y + ((50 - y) / 100) * b.height);
}

const count = (page: Page) => page.getByTestId('boundary-vanilla').locator('.drawn-point').count();

test.describe('draw your own data', () => {
  test.beforeEach(({}, info) => test.skip(info.project.name === 'webgpu', 'page-side feature on the fused CPU step: run once, in the fallback project'));

  test('12 drawn points, moved and removed, train to >= 90 % clean accuracy; link and reload keep them', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?backend=wasm&dataset=draw');
    await expect(page.getByTestId('draw-bar')).toBeVisible({ timeout: 60_000 });
    await expect(page).toHaveURL(/data=draw/);
    expect(await count(page)).toBe(0);
    await expect(page.getByTestId('play-pause')).toBeDisabled();

    const ys = [-30, -18, -6, 6, 18, 30];
    await page.getByTestId('draw-class').selectOption('0');
    for (const y of ys) await clickAt(page, -25 + (y % 4), y);
    await page.getByTestId('draw-class').selectOption('1');
    for (const y of ys) await clickAt(page, 25 - (y % 4), y);
    await expect.poll(() => count(page)).toBe(12);
    await expect(page.getByTestId('draw-count')).toHaveText(/6 · 6/);

    // A click on a point removes it; a new click puts one back.
    await clickAt(page, 25 - (30 % 4), 30);
    await expect.poll(() => count(page)).toBe(11);
    await clickAt(page, 27, 30);
    await expect.poll(() => count(page)).toBe(12);
    // A drag moves a point (the class-1 point at y = -6 goes to (35, -10)).
    const b = (await page.getByTestId('boundary-vanilla').getByTestId('draw-surface').boundingBox())!;
    const at = (x: number, y: number) => [b.x + ((x + 50) / 100) * b.width, b.y + ((50 - y) / 100) * b.height] as const;
    await page.mouse.move(...at(25 - (-6 % 4), -6));
    await page.mouse.down();
    await page.mouse.move(...at(30, -8), { steps: 4 });
    await page.mouse.move(...at(35, -10), { steps: 4 });
    await page.mouse.up();
    const moved = () => (new URL(page.url()).searchParams.get('pts') ?? '').split(';').map((t) => t.split(',').map(Number));
    await expect.poll(() => moved().some(([x, y, c]) => Math.abs(x - 35) < 1 && Math.abs(y + 10) < 1 && c === 1)).toBe(true);
    expect(moved().some(([x, y]) => Math.abs(x - 25 - 2) < 1 && Math.abs(y + 6) < 1)).toBe(false);
    expect(await count(page)).toBe(12);

    // Play trains on them, to the end.
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('play-pause').click();
    await expect.poll(async () => Number(await page.getByTestId('step-counter').getAttribute('data-step')), { timeout: 120_000 }).toBeGreaterThanOrEqual(100);
    await expect.poll(() => percentIn(page, 'clean-acc-vanilla'), { timeout: 30_000 }).toBeGreaterThanOrEqual(90);
    expect(await percentIn(page, 'clean-acc-pag')).toBeGreaterThanOrEqual(90);

    // The link carries the points: a fresh page opens on them.
    const link = page.url();
    expect(link).toMatch(/pts=/);
    const again = await page.context().newPage();
    await again.setViewportSize({ width: 1280, height: 720 });
    await again.goto(link);
    await expect(again.getByTestId('draw-count')).toHaveText(/6 · 6/, { timeout: 60_000 });
    await expect.poll(() => count(again)).toBe(12);
    await again.close();

    // A plain reload (the autosaved run) keeps them too.
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('draw-count')).toHaveText(/6 · 6/, { timeout: 60_000 });
    expect(await stepOf(page)).toBeGreaterThanOrEqual(0);
  });

  test('the dataset menu has "Draw your own": an empty plane to draw on', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto('/?backend=wasm');
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await expect(page.getByTestId('draw-bar')).toBeHidden();
    await page.getByLabel('Dataset').selectOption('draw');
    await expect(page.getByTestId('draw-bar')).toBeVisible();
    await expect(page).toHaveURL(/data=draw/);
    expect(await count(page)).toBe(0);
    await clickAt(page, -20, 0);
    await page.getByTestId('draw-class').selectOption('1');
    await clickAt(page, 20, 0);
    await expect.poll(() => count(page)).toBe(2);
    await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(1);
  });
});
