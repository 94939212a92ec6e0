import type { Page } from '@playwright/test';
import { canvasStats, expect, stepOf, test } from '../common/fixtures';
import { copiedLink, openPanelMath, tourByKeys, walkTour } from '../common/teach';

// The teaching and sharing layer of the Toy Lab (issue 5): links, shortcuts, tour, presentation.
// Small runs on the wasm backend: fast in every project.

const LINK = '/?backend=wasm&v=1&data=moons&noise=0.5&seed=5&n=60&width=8&layers=1&act=relu&pag=cm&lambda=2&opt=adam&lr=0.02&batch=16&epochs=3&steps=5&eps=1.5&targeted=0&arrows=model';

async function open(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(url);
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
}

/** Trains `n` single steps, then attacks; returns every number on screen and the pictures. */
async function trainAndMeasure(page: Page, n: number) {
  for (let i = 1; i <= n; i++) {
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(i);
  }
  await page.getByTestId('attack-run').click();
  await expect(page.getByTestId('robust-acc-pag')).toHaveText(/%/, { timeout: 60_000 });
  return {
    clean: [await page.getByTestId('clean-acc-vanilla').textContent(), await page.getByTestId('clean-acc-pag').textContent()],
    robust: [await page.getByTestId('robust-acc-vanilla').textContent(), await page.getByTestId('robust-acc-pag').textContent()],
    vanilla: (await canvasStats(page, 'vanilla')).sample,
    pag: (await canvasStats(page, 'pag')).sample,
  };
}

test.describe('links', () => {
  test('a link opens with its settings, and two fresh loads of it train to the same numbers', async ({ page, browser }) => {
    await open(page, LINK);
    await expect(page.locator('#setting-dataset')).toHaveValue('moons');
    await expect(page.locator('#setting-seed')).toHaveValue('5');
    await expect(page.locator('#setting-learningRate')).toHaveValue('0.02');
    await expect(page.locator('#setting-pagMethod')).toHaveValue('cm');
    await expect(page.locator('#setting-attackSteps')).toHaveValue('5');
    await expect(page.locator('#setting-attackTargeted')).not.toBeChecked();
    await expect(page.locator('#setting-arrows')).toHaveValue('model');
    await expect(page.getByTestId('error-message')).toHaveCount(0);
    await expect(page.getByTestId('link-notice')).toHaveCount(0);
    const a = await trainAndMeasure(page, 4);

    const other = await browser.newPage();
    await open(other, LINK);
    const b = await trainAndMeasure(other, 4);
    await other.close();
    expect(b).toEqual(a);
    expect(a.clean[0]).toMatch(/%/);
  });

  test('the copy-link button copies a same-origin link to exactly this state', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, LINK);
    await page.locator('#setting-lambda').fill('7.25');
    await page.locator('#setting-lambda').press('Enter');
    const url = await copiedLink(page);
    const copied = url.href;
    expect(url.searchParams.get('lambda')).toBe('7.25');
    expect(url.searchParams.get('data')).toBe('moons');
    expect(url.searchParams.get('v')).toBe('1');
    // The address bar follows the state too.
    expect(new URL(page.url()).searchParams.get('lambda')).toBe('7.25');

    const again = await context.newPage();
    await open(again, copied);
    await expect(again.locator('#setting-lambda')).toHaveValue('7.25');
    await expect(again.locator('#setting-seed')).toHaveValue('5');
    await again.close();
  });

  test('an old or broken link still opens: unknown keys noticed, bad values refused, the rest loaded', async ({ page }) => {
    await open(page, '/?backend=wasm&v=1&seed=abc&lr=-0.5&eps=NaN&width=9&colour=red');
    await expect(page.locator('#setting-hiddenWidth')).toHaveValue('9');
    await expect(page.locator('#setting-seed')).toHaveValue('2');
    await expect(page.locator('#setting-learningRate')).toHaveValue('0.01');
    const msg = page.getByTestId('error-message');
    await expect(msg).toContainText('Seed (seed): "abc" is not a number');
    await expect(msg).toContainText('Learning rate (lr): "-0.5" must be greater than 0');
    await expect(msg).toContainText('"NaN" is not a number');
    await expect(page.getByTestId('link-notice')).toContainText('"colour"');
  });
});

test.describe('keyboard', () => {
  test('shortcuts play, pause, step, reset, attack, open the help and step the tour', async ({ page }) => {
    await open(page, '/?backend=wasm&n=50&width=4&batch=10&epochs=2&steps=3&speed=10');
    const body = page.locator('body');
    await body.press('?');
    await expect(page.getByTestId('help-overlay')).toBeVisible();
    await expect(page.getByTestId('help-overlay')).toContainText('Play / pause training');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('help-overlay')).toHaveCount(0);

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => stepOf(page)).toBe(1);
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Pause');
    await expect.poll(() => stepOf(page)).toBeGreaterThan(2);
    await page.keyboard.press(' ');
    await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');

    await page.keyboard.press('a');
    await expect(page.getByTestId('robust-acc-vanilla')).toHaveText(/%/, { timeout: 60_000 });

    await page.keyboard.press('r');
    await expect.poll(() => stepOf(page)).toBe(0);

    await tourByKeys(page);
  });
});

test.describe('guided tour', () => {
  test('runs to the end, highlighting the control of each step; can be skipped and replayed', async ({ page }) => {
    // The tour waits for its steps' actions (train, attack): a small run (200 steps) keeps them short.
    await open(page, '/?backend=wasm&n=50&width=8&batch=10&epochs=20');
    expect(await walkTour(page)).toHaveLength(5);
  });
});

test.describe('presentation mode', () => {
  test('shows the chosen panels and hides the chosen controls, as the link says, at 1280x720', async ({ page }) => {
    await open(page, '/?backend=wasm&present=1&show=boundaries&hide=settings,attack,figure3');
    await expect(page.locator('html')).toHaveAttribute('data-present', '');
    await expect(page.getByTestId('boundary-vanilla')).toBeVisible();
    await expect(page.getByTestId('boundary-pag')).toBeVisible();
    await expect(page.getByLabel('Settings', { exact: true })).toBeHidden();
    await expect(page.getByTestId('attack-run')).toBeHidden();
    await expect(page.getByTestId('preset-figure3')).toBeHidden();
    await expect(page.getByTestId('alignment-chart')).toBeAttached();
    await expect(page.getByTestId('alignment-chart')).toBeHidden();
    await expect(page.getByTestId('play-pause')).toBeVisible();
    // Both plots fit the projector's height.
    const box = await page.getByTestId('boundary-pag').locator('svg').first().boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y + box!.height).toBeLessThanOrEqual(720);
    // Large type.
    const size = await page.locator('.panel-head h2').first().evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
    expect(size).toBeGreaterThanOrEqual(22);
    // Leaving presentation mode brings everything back, and the link follows.
    await page.getByTestId('present-toggle').click();
    await expect(page.getByTestId('attack-run')).toBeVisible();
    await expect(page.getByTestId('alignment-chart')).toBeVisible();
    expect(new URL(page.url()).searchParams.get('present')).toBeNull();
  });
});

test.describe('students', () => {
  test('each panel says what you see and what to try; the math is typeset; hovering a point explains it', async ({ page }) => {
    await open(page, '/?backend=wasm&n=50&width=8&batch=10&epochs=2&steps=3');
    for (const id of ['vanilla', 'pag', 'loss', 'accuracy', 'alignment', 'eps', 'distance', 'guide']) {
      await expect(page.getByTestId(`help-${id}`)).toBeAttached();
    }
    const math = await openPanelMath(page, 'pag');
    expect(await math.locator('.katex').count()).toBeGreaterThanOrEqual(8);
    // KaTeX's fonts are served by the app itself (the CSP allows nothing else).
    await expect.poll(() => page.evaluate(() => [...document.fonts].some((f) => f.family.includes('KaTeX') && f.status === 'loaded'))).toBe(true);
    // The math is a drawer over the page: closed, the page is usable again.
    await page.getByTestId('math-close').click();
    await expect(page.getByTestId('math-drawer')).toHaveCount(0);

    // Hover on a test point: first train and attack, so the distances are known.
    await page.getByTestId('step').click();
    await expect.poll(() => stepOf(page)).toBe(1);
    await page.getByTestId('attack-run').click();
    await expect(page.getByTestId('robust-acc-pag')).toHaveText(/%/, { timeout: 60_000 });
    await page.getByTestId('boundary-vanilla').locator('svg').first().scrollIntoViewIfNeeded();
    const where = await page.evaluate(() => {
      // The first test point circle drawn on the vanilla plot.
      // A test point circle drawn on the vanilla plot, inside the viewport.
      const circles = [...document.querySelectorAll('[data-testid="boundary-vanilla"] svg circle:not(.sel)')].map((c) => c.getBoundingClientRect());
      const r = circles.find((b) => b.y > 0 && b.y + b.height < window.innerHeight && b.width > 0);
      return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    });
    expect(where).not.toBeNull();
    await page.mouse.move(where!.x - 20, where!.y - 20);
    await page.mouse.move(where!.x, where!.y, { steps: 4 });
    const tip = page.getByTestId('point-tooltip');
    await expect(tip).toBeVisible();
    await expect(tip).toContainText(/Test point \d+ · class [01]/);
    await expect(tip).toContainText(/Vanilla\s*predicts [01] \(\d+%\)/);
    await expect(tip).toContainText(/PAG\s*predicts [01] \(\d+%\)/);
    await expect(tip).toContainText(/ε ≤|misclassified already|more than ε/);
    await page.mouse.move(5, 5);
    await expect(tip).toHaveCount(0);
  });
});
