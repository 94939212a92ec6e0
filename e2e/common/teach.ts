import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

// Steps shared by both labs' teaching-layer tests (share.spec.ts, cifarTeach.spec.ts).

/**
 * Runs the guided tour to its end with the Next button, checking that each step highlights one
 * visible control and that the card does not cover it; a step that waits for its action has Next
 * off until "Do it for me" has done it. Then that it can be replayed and skipped. Returns the
 * steps' titles.
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
    await expectBeside(page);
    await doTourStep(page);
    await page.getByTestId('tour-next').click();
  }
  await expect(page.locator('.tour-highlight')).toHaveCount(0);
  await page.getByTestId('tour-start').click();
  await expect(card).toHaveAttribute('data-step', '0');
  await page.getByTestId('tour-skip').click();
  await expect(card).toHaveCount(0);
  return titles;
}

/** If the tour step on screen waits for its action: Next is off, "Do it for me" does it, Next comes on. */
export async function doTourStep(page: Page): Promise<void> {
  const next = page.getByTestId('tour-next');
  if ((await page.getByTestId('tour-do').count()) === 0) return;
  await expect(next).toBeDisabled();
  await page.getByTestId('tour-do').click();
  await expect(next).toBeEnabled({ timeout: 90_000 });
}

/**
 * The tour card does not cover the control it highlights, and that control is on screen (whole,
 * unless it is taller than the window). With `near`, the card is also beside it: no more than
 * `near` px away from it.
 */
export async function expectBeside(page: Page, near?: number): Promise<void> {
  await expect.poll(async () => {
    const card = await page.getByTestId('tour-card').boundingBox();
    const target = await page.locator('.tour-highlight').boundingBox();
    const view = page.viewportSize();
    if (!card || !target || !view) return 'missing';
    const shown = target.height > view.height ? target.y < view.height && target.y + target.height > 0 : target.y >= -1 && target.y + target.height <= view.height + 1;
    if (!shown) return `target off screen: ${JSON.stringify(target)}`;
    const gap = Math.max(card.x - (target.x + target.width), target.x - (card.x + card.width), card.y - (target.y + target.height), target.y - (card.y + card.height));
    if (gap < -1) return `covers: card ${JSON.stringify(card)} target ${JSON.stringify(target)}`;
    return near === undefined || gap <= near ? 'beside' : `${Math.round(gap)} px away: card ${JSON.stringify(card)} target ${JSON.stringify(target)}`;
  }).toBe('beside');
}

/** Opens a panel's "what you see / what to try" and from it the math drawer; the typeset math card (no KaTeX errors). */
export async function openPanelMath(page: Page, helpId: string): Promise<Locator> {
  const help = page.getByTestId(`help-${helpId}`);
  await help.locator('summary').first().click();
  await expect(help).toContainText('What you see.');
  await help.getByTestId('math-open').click();
  // One math drawer for the page (not a copy in each panel).
  await expect(page.getByTestId('math-card')).toHaveCount(1);
  const math = page.getByTestId('math-drawer').getByTestId('math-card');
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
  await doTourStep(page);
  await page.keyboard.press('n');
  await expect(card).toHaveAttribute('data-step', '1');
  await page.keyboard.press('Escape');
  await expect(card).toHaveCount(0);
}
