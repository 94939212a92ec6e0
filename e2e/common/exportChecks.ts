import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';

/** Checks of exported files, in the page's own browser (both labs' export tests). */

/** Whether SVG text parses as an SVG document; its <image> count and text, for content checks. */
export async function parseSvg(page: Page, text: string): Promise<{ ok: boolean; images: number; text: string }> {
  return page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { ok: !doc.querySelector('parsererror') && doc.documentElement.nodeName === 'svg', images: doc.querySelectorAll('image').length, text: doc.documentElement.textContent ?? '' };
  }, text);
}

/** The download a click starts. */
export async function download(page: Page, click: () => Promise<void>): Promise<Download> {
  const d = page.waitForEvent('download');
  await click();
  return d;
}

/** A download's bytes. */
export async function readDownload(d: Download): Promise<Buffer> {
  return readFileSync((await d.path())!);
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes PNG bytes as the browser would show them: [width, height]. */
export async function pngSize(page: Page, bytes: Buffer): Promise<number[]> {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = URL.createObjectURL(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, bytes.toString('base64'));
}
