import { expect, type Frame, type Page } from '@playwright/test';

// Both labs' embed specs: the embed code alone in a same-origin page, and the 800x450 check.

/** Puts `code` (an <iframe> snippet) alone in a same-origin page and opens it; returns the embedded frame. */
export async function host(page: Page, code: string): Promise<Frame> {
  await page.route('**/embed-host.html', (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body style="margin:0">${code}</body></html>` }));
  await page.setViewportSize({ width: 900, height: 600 });
  await page.goto('/embed-host.html');
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('html')).toHaveAttribute('data-embed', 'true');
  await expect(frame.locator('#root')).toHaveAttribute('data-embed', 'true');
  return page.frames().find((f) => f !== page.mainFrame())!;
}

/** The frame is 800x450 and scrolls neither way. */
export async function expectNoScroll(inner: Frame): Promise<void> {
  const size = await inner.evaluate(() => {
    const d = document.documentElement;
    return { sw: d.scrollWidth, sh: d.scrollHeight, cw: d.clientWidth, ch: d.clientHeight, bw: document.body.scrollWidth, bh: document.body.scrollHeight };
  });
  expect(size.cw).toBe(800);
  expect(size.ch).toBe(450);
  expect(size.sw).toBeLessThanOrEqual(size.cw);
  expect(size.sh).toBeLessThanOrEqual(size.ch);
  expect(size.bw).toBeLessThanOrEqual(size.cw);
  expect(size.bh).toBeLessThanOrEqual(size.ch);
}
