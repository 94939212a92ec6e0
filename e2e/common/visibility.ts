import type { Page } from '@playwright/test';

/**
 * Hiding a tab in headless Chromium. A second tab brought to the front is what a user does and is
 * tried first, but headless tabs are not hidden by it (nor by minimising the window through CDP).
 * Then the page's own visibility is overridden: visibilityState and `hidden` read 'hidden' and
 * the visibilitychange event fires, which is all the app listens to.
 */
const covers = new WeakMap<Page, Page>();

async function state(page: Page): Promise<string> {
  return page.evaluate(() => document.visibilityState);
}

export async function hidePage(page: Page): Promise<'real' | 'override'> {
  const cover = await page.context().newPage();
  covers.set(page, cover);
  await cover.bringToFront();
  await page.waitForTimeout(300);
  if ((await state(page)) === 'hidden') return 'real';
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  return 'override';
}

export async function showPage(page: Page): Promise<void> {
  const cover = covers.get(page);
  covers.delete(page);
  await cover?.close();
  await page.bringToFront();
  await page.evaluate(() => {
    // Back to the document's own properties (a no-op when they were never overridden).
    const d = document as unknown as Record<string, unknown>;
    if (Object.getOwnPropertyDescriptor(document, 'visibilityState')) {
      delete d.visibilityState;
      delete d.hidden;
      document.dispatchEvent(new Event('visibilitychange'));
    }
  });
}
