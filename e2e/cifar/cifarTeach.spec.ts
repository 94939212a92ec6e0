import type { Page } from '@playwright/test';
import { expect, placeServedData, test } from './cifarFixtures';
import { copiedLink, openPanelMath, tourByKeys, walkTour } from '../common/teach';

// The CIFAR Lab's teaching and sharing layer (issue 5): links, shortcuts, tour, presentation mode,
// panel texts with the math, the hover card. Tiny runs on the wasm backend: cheap in every project
// (training on SwiftShader WebGPU is slow and these tests are about the page, not the backend).

test.beforeAll(placeServedData);

/** Every value differs from its default; 2 classes x 8 images, batch 8, 1 epoch: 2 steps. */
const LINK =
  '/cifar.html?backend=wasm&v=1&classes=0,6&train=8&test=4&seed=5&methods=vanilla,nn&pool=4&batch=8&epochs=1&lr=0.004&lambda=2.5&ch=4-8&linf=0.02&l2=0.3&pgd=2&geps=4&gsteps=3&gview=5';

async function open(page: Page, url: string, size = { width: 1280, height: 720 }): Promise<void> {
  await page.setViewportSize(size);
  await page.goto(url);
  await expect(page.getByTestId('data-status')).toHaveAttribute('data-status', 'loaded', { timeout: 60_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '0', { timeout: 90_000 });
}

/** Trains to the end, evaluates the table; every number of it. */
async function trainAndEvaluate(page: Page): Promise<string[]> {
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-finished', 'true', { timeout: 120_000 });
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('table-result')).toBeVisible({ timeout: 90_000 });
  const rows = [];
  for (const m of ['vanilla', 'nn']) rows.push(...(await page.getByTestId(`table-row-${m}`).locator('td').allTextContents()).slice(0, 4));
  return rows;
}

test.describe('CIFAR links', () => {
  test('a link opens with every setting it holds, and builds its first run from them', async ({ page }) => {
    await open(page, LINK);
    await page.getByText('Training', { exact: true }).click();
    const fields: [string, string][] = [
      ['train-per-class', '8'],
      ['test-per-class', '4'],
      ['seed', '5'],
      ['nn-pool', '4'],
      ['batch-size', '8'],
      ['epochs', '1'],
      ['learning-rate', '0.004'],
      ['lambda', '2.5'],
      ['channels', '4-8'],
      ['table-linf', '0.02'],
      ['table-l2', '0.3'],
      ['table-steps', '2'],
      ['gallery-eps', '4'],
      ['gallery-steps', '3'],
    ];
    for (const [id, value] of fields) await expect(page.getByTestId(id)).toHaveValue(value);
    await expect(page.getByTestId('gallery-view')).toHaveValue('5');
    await expect(page.getByTestId('class-0')).toBeChecked();
    await expect(page.getByTestId('class-6')).toBeChecked();
    await expect(page.getByTestId('method-nn')).toBeChecked();
    await expect(page.getByTestId('method-oi')).not.toBeChecked();
    // The first run is built from the link: nothing pending, 16 images in batches of 8 = 2 steps.
    await expect(page.getByTestId('settings-pending')).toHaveCount(0);
    await expect(page.getByTestId('progress')).toContainText('/ 2');
    await expect(page.getByTestId('error-message')).toHaveCount(0);
    await expect(page.getByTestId('link-notice')).toHaveCount(0);

  });

  test('two fresh loads of a link train to the same numbers', async ({ page, browser }, info) => {
    test.skip(info.project.name === 'webgpu', 'training twice on wasm: the numbers do not depend on the project');
    await open(page, LINK);
    const a = await trainAndEvaluate(page);
    const other = await browser.newPage();
    await open(other, LINK);
    const b = await trainAndEvaluate(other);
    await other.close();
    expect(b).toEqual(a);
    expect(a[1]).toMatch(/\d+\.\d %/);
  });

  test('copy-link gives a same-origin link to exactly this state; the address bar follows', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await open(page, LINK);
    await page.getByTestId('table-l2').fill('0.75');
    await page.getByTestId('table-l2').press('Enter');
    await page.getByTestId('method-oi').check();
    const url = await copiedLink(page);
    expect(url.pathname).toBe('/cifar.html');
    expect(url.searchParams.get('l2')).toBe('0.75');
    expect(url.searchParams.get('methods')).toBe('vanilla,oi,nn');
    expect(url.searchParams.get('seed')).toBe('5');
    expect(url.searchParams.get('backend')).toBe('wasm');
    expect(new URL(page.url()).searchParams.get('l2')).toBe('0.75');

    const again = await context.newPage();
    await open(again, url.href);
    await expect(again.getByTestId('table-l2')).toHaveValue('0.75');
    await expect(again.getByTestId('method-oi')).toBeChecked();
    await expect(again.getByTestId('settings-pending')).toHaveCount(0);
    await again.close(); // (its own context's address bar is checked above)
  });

  test('a link from an older version, with unknown keys and bad values, opens: notice, message, the rest loaded', async ({ page }) => {
    await open(page, '/cifar.html?backend=wasm&v=0&train=8&test=abc&batch=8&epochs=1&seed=11&zoom=3&methods=vanilla,magic&gview=7');
    await expect(page.getByTestId('seed')).toHaveValue('11');
    await expect(page.getByTestId('train-per-class')).toHaveValue('8');
    await expect(page.getByTestId('test-per-class')).toHaveValue('50');
    await expect(page.getByTestId('method-nn')).toBeChecked();
    await expect(page.getByTestId('gallery-view')).toHaveValue('0');
    await expect(page.getByTestId('link-notice')).toContainText('"zoom"');
    const refused = ['Test images / class (test): "abc" is not a number', '(methods): "vanilla,magic" has an item that is not one of', '(gview): "7"'];
    for (const phrase of refused) await expect(page.getByTestId('error-message')).toContainText(phrase);
  });
});

test('keyboard: train, step, evaluate, gallery, reset, tour, presentation and the help', async ({ page }) => {
  await open(page, LINK);
  await page.locator('body').press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  for (const what of ['Train / pause', 'One training step', 'Build / reset', 'Evaluate every model', 'large-ε targeted PGD gallery', 'Next tour step']) await expect(help).toContainText(what);
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);

  const progress = page.getByTestId('progress');
  await page.keyboard.press('ArrowRight');
  await expect(progress).toHaveAttribute('data-round', '1', { timeout: 60_000 });
  await page.keyboard.press(' ');
  await expect(progress).toHaveAttribute('data-finished', 'true', { timeout: 60_000 });
  await page.keyboard.press('g');
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-step', '3');
  await page.keyboard.press('e');
  await expect(page.getByTestId('table-result')).toBeVisible({ timeout: 60_000 });
  await page.keyboard.press('r');
  await expect(progress).toHaveAttribute('data-round', '0', { timeout: 60_000 });
  await expect(progress).toHaveAttribute('data-finished', 'false');

  await tourByKeys(page);
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  expect(new URL(page.url()).searchParams.get('present')).toBe('1');
  // Typing in a field is not a shortcut.
  await page.getByTestId('gallery-eps').press('p');
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
});

for (const size of [{ width: 1280, height: 720 }, { width: 1024, height: 768 }])
  test(`the guided tour runs to the end, highlighting each step’s control on screen; it can be skipped and replayed (${size.width}x${size.height})`, async ({ page }) => {
    await open(page, LINK, size);
    expect(await walkTour(page)).toEqual(['Start from the pretrained models', 'Load CIFAR-10', 'Choose the models', 'Train vanilla and PAG', 'Look at the saliency maps', 'Large-ε targeted PGD (Figure 4)', 'Fill the table']);
  });

test('presentation mode shows the chosen panels and hides the chosen controls, as the link says, at 1280x720', async ({ page }) => {
  await open(page, `${LINK}&present=1&show=gallery,charts&hide=data,settings,source,evaluate,backend`);
  await expect(page.locator('html')).toHaveAttribute('data-present', '');
  await expect(page.getByTestId('gallery')).toBeVisible();
  await expect(page.getByTestId('chart-loss')).toBeVisible();
  await expect(page.getByTestId('gallery-run')).toBeVisible();
  await expect(page.getByTestId('play-pause')).toBeVisible();
  for (const hidden of ['saliency', 'table', 'data-panel', 'run-settings', 'gallery-source-0', 'evaluate', 'backend-badge']) {
    await expect(page.getByTestId(hidden)).toBeAttached();
    await expect(page.getByTestId(hidden)).toBeHidden();
  }
  // Nothing runs off a 1280-pixel-wide projector; the gallery's top is on screen; large type.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
  const box = await page.getByTestId('gallery').boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
  expect(box!.y).toBeLessThan(720);
  const size = await page.getByTestId('gallery').locator('h2').evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(size).toBeGreaterThanOrEqual(19);
  // Leaving presentation mode brings everything back; the link keeps the choice of panels.
  await page.getByTestId('present-toggle').click();
  for (const back of ['saliency', 'table', 'run-settings', 'evaluate']) await expect(page.getByTestId(back)).toBeVisible();
  const q = new URL(page.url()).searchParams;
  expect(q.get('present')).toBeNull();
  expect(q.get('show')).toBe('gallery,charts');

  // With every control on screen, presentation mode still fits the projector's width.
  await open(page, `${LINK}&present=1`);
  await expect(page.getByTestId('backend-badge')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test('students: each panel says what you see and what to try, the math is typeset, hovering an image explains it', async ({ page }) => {
  await open(page, LINK);
  for (const id of ['data', 'settings', 'gallery', 'saliency', 'loss', 'accuracy', 'alignment', 'table']) await expect(page.getByTestId(`help-${id}`)).toBeAttached();
  const math = await openPanelMath(page, 'gallery');
  // Eq. 1-2, four targets, PGD L2 and L∞, Figure 4's attack.
  expect(await math.locator('.katex').count()).toBeGreaterThanOrEqual(9);
  await expect(math).toContainText('Figure 4');
  // The math is a drawer over the page: closed, the page is usable again.
  await page.getByTestId('math-close').click();
  await expect(page.getByTestId('math-drawer')).toHaveCount(0);

  await page.getByTestId('step').click();
  await expect(page.getByTestId('saliency')).toHaveAttribute('data-round', '1', { timeout: 60_000 });
  const image = page.locator('[data-testid^="saliency-image-"]').first();
  await image.hover();
  const tip = page.getByTestId('image-tooltip');
  await expect(tip).toBeVisible();
  await expect(tip).toContainText(/Test image \d+ · true class (airplane|frog)/);
  await expect(tip.getByTestId('image-tooltip-vanilla')).toContainText(/Vanilla\s*(airplane|frog) \(\d+%\)/);
  await expect(tip.getByTestId('image-tooltip-nn')).toContainText(/Nearest Neighbor\s*(airplane|frog) \(\d+%\)/);
  await page.mouse.move(5, 5);
  await expect(tip).toHaveCount(0);

  await page.getByTestId('gallery-run').click();
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await page.getByTestId('gallery-cell-vanilla-1').hover();
  await expect(tip).toContainText('Vanilla pushed towards frog');
  await expect(tip.getByTestId('image-tooltip-nn')).toContainText(/\(\d+%\)/);
});
