import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

// Steps shared by both labs' teaching-layer tests (share.spec.ts, cifarTeach.spec.ts).

/**
 * Runs the guided tour to its end with the Next button, checking that each step highlights one
 * visible control; then that it can be replayed and skipped. Returns the steps' titles.
 */
export async function walkTour(page: Page): Promise<string[]> {
  await page.getByTestId('tour-start').click();
  const card = page.getByTestId('tour-card');
  const titles: string[] = [];
  while ((await card.count()) > 0) {
    await expect(card).toHaveAttribute('data-step', String(titles.length));
    await expect(page.locator('.tour-highlight')).toHaveCount(1);
    await expect(page.locator('.tour-highlight')).toBeVisible();
    titles.push((await card.locator('h2').textContent()) ?? '');
    await page.getByTestId('tour-next').click();
  }
  await expect(page.locator('.tour-highlight')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  await expect(card).toHaveAttribute('data-step', '0');
  await page.getByTestId('tour-skip').click();
  await expect(card).toHaveCount(0);
  return titles;
}

/** Opens a panel's "what you see / what to try" and its math; the typeset math card (no KaTeX errors). */
export async function openPanelMath(page: Page, helpId: string): Promise<Locator> {
  const help = page.getByTestId(`help-${helpId}`);
  await help.locator('summary').first().click();
  await expect(help).toContainText('What you see.');
  await help.locator('.panel-math summary').click();
  const math = help.getByTestId('math-card');
  await expect(math.locator('.katex-display').first()).toBeVisible();
  await expect(math.locator('.katex-error')).toHaveCount(0);
  return math;
}

/** Clicks copy-link (clipboard permission granted by the caller) and returns the copied link. */
export async function copiedLink(page: Page): Promise<URL> {
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toHaveText('Link copied');
  const url = new URL(await page.evaluate(() => navigator.clipboard.readText()));
  expect(url.origin).toBe(new URL(page.url()).origin);
  return url;
}

/** N starts the tour and steps it; Esc ends it. */
export async function tourByKeys(page: Page): Promise<void> {
  const card = page.getByTestId('tour-card');
  await page.keyboard.press('n');
  await expect(card).toHaveAttribute('data-step', '0');
  await page.keyboard.press('n');
  await expect(card).toHaveAttribute('data-step', '1');
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
}
