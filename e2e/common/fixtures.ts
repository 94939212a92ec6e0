import { expect, test as base, type Page } from '@playwright/test';
import { collectConsoleErrors, collectForeignRequests } from './helpers';

/**
 * `test` for the lab's end-to-end tests: every test also checks, at its end, that the console
 * showed no errors and that no request left the app's origin.
 */
export const test = base.extend<{ guards: void }>({
  guards: [
    async ({ page }, use) => {
      const consoleErrors = collectConsoleErrors(page);
      const foreign = collectForeignRequests(page);
      await use();
      expect(consoleErrors.errors, 'console errors').toEqual([]);
      expect(foreign.requests, 'requests to other origins').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the lab (optionally on a forced backend) and waits until the first run is on screen. */
export async function openToyLab(page: Page, backend?: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(backend ? `/?backend=${backend}` : '/');
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-backend', '', { timeout: 60_000 });
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
}

/** The step counter's value. */
export async function stepOf(page: Page): Promise<number> {
  return Number(await page.getByTestId('step-counter').getAttribute('data-step'));
}

/** Trains `n` single steps (each waited for), until both models' accuracies are on screen. */
export async function trainSteps(page: Page, n: number): Promise<void> {
  const start = await stepOf(page);
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(start + i);
  }
  await expect(page.getByTestId('clean-acc-vanilla')).not.toHaveText('—');
  await expect(page.getByTestId('clean-acc-pag')).not.toHaveText('—');
}

export interface CanvasStats {
  /** Distinct colours (quantised): a blank canvas has one. */
  colours: number;
  /** The pixels as a compact fingerprint, to compare two canvases. */
  sample: number[];
}

/** Reads the heatmap canvas of a boundary panel. */
export async function canvasStats(page: Page, model: 'vanilla' | 'pag'): Promise<CanvasStats> {
  return page.getByTestId(`boundary-${model}`).locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const colours = new Set<number>();
    const sample: number[] = [];
    for (let i = 0; i < data.length; i += 4) {
      colours.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3));
    }
    // A 14 x 14 lattice of samples.
    const d = Math.floor(c.width / 14);
    for (let y = d >> 1; y < c.height; y += d) for (let x = d >> 1; x < c.width; x += d) sample.push(data[4 * (y * c.width + x)], data[4 * (y * c.width + x) + 2]);
    return { colours: colours.size, sample };
  });
}

/** Mean absolute difference of two canvas fingerprints (0 = identical). */
export function difference(a: CanvasStats, b: CanvasStats): number {
  return a.sample.reduce((s, v, i) => s + Math.abs(v - b.sample[i]), 0) / a.sample.length;
}

/** A percentage shown in a field, as a number (NaN if the text holds none). */
export async function percentIn(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const m = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  return m ? Number(m[1]) : NaN;
}
