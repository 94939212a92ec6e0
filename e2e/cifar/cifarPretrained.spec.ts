import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './cifarFixtures';

/**
 * The CIFAR Lab's pretrained path (issue 12): with no data served and no saved run, the page opens
 * on the models shipped in public/pretrained/ (copied into the build), computes their Table 1 on
 * the shipped sample and attacks a sample image towards every class. Checked against whatever set
 * is committed: structure and consistency with its manifest (methods, n, full-test figures), never
 * hard-coded accuracies. Everything runs on wasm, the backend of a laptop without a GPU.
 */
const DIST = path.resolve(process.env.PAG_DIST ?? 'dist');
const MANIFEST = path.join(DIST, 'pretrained', 'manifest.json');

interface Manifest {
  classNames: string[];
  models: { method: string; fullTest: { n: number; clean: number; robust: { norm: string; eps: number; accuracy: number }[] } }[];
  sample: { count: number };
}

function manifest(): Manifest {
  if (!existsSync(MANIFEST)) throw new Error(`no ${MANIFEST}: the build has no pretrained models (npm run pretrained writes public/pretrained/)`);
  return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
}

/** Nothing served at data/cifar10/, whatever other specs put into the build: the way a static host answers (the app's page). */
async function noServedData(page: Page): Promise<void> {
  await page.route(/\/data\/cifar10\//, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>PAG Lab</title>' }));
}

async function openPretrained(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/cifar.html?backend=wasm');
}

test.beforeEach(({}, info) => {
  test.skip(info.project.name === 'webgpu', 'forced to wasm: the same in both projects, so run once, in the fallback project');
});

test('opens on the pretrained models with no data served: Table 1 rows from the manifest, Figure 4 within 60 s on wasm', async ({ page }) => {
  test.setTimeout(600_000);
  const m = manifest();
  await noServedData(page);
  await openPretrained(page);
  const card = page.getByTestId('pretrained');
  await expect(card).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
  await expect(page.getByTestId('view-pretrained')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('data-status')).toHaveCount(0); // the live run's panels are not on screen
  await expect(card).toContainText(m.classNames.join(', '));

  // Table 1: a row per model of the manifest, each with its three metrics; full-test figures are the manifest's.
  const table = page.getByTestId('pretrained-table-result');
  await expect(table).toHaveAttribute('data-n', String(m.sample.count));
  await expect(page.getByTestId('pretrained-table')).toContainText(`on ${m.sample.count} sample images`);
  const rows = table.locator('tbody tr[data-method]');
  await expect(rows).toHaveCount(m.models.length);
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-method')))).toEqual(m.models.map((x) => x.method));
  for (const entry of m.models) {
    const row = table.locator(`tr[data-method="${entry.method}"]`);
    for (const metric of ['clean', 'linf', 'l2']) await expect(row.locator(`td[data-metric="${metric}"]`)).toHaveCount(3); // here, full test, paper
    const want = (metric: string) =>
      metric === 'clean' ? entry.fullTest.clean : entry.fullTest.robust.find((r) => r.norm === metric && Math.abs(r.eps - (metric === 'l2' ? 0.5 : 8 / 255)) < 1e-6)?.accuracy;
    for (const metric of ['clean', 'linf', 'l2']) {
      const v = want(metric);
      if (v !== undefined) await expect(row.locator(`td[data-metric="${metric}"][data-source="fullTest"]`)).toHaveText(`${(100 * v).toFixed(1)} %`);
    }
  }

  // Figure 4 on a sample image: every model towards every class, within 60 s (the table waits meanwhile).
  await page.getByTestId('gallery-source-0').click();
  const t0 = Date.now();
  await page.getByTestId('gallery-run').click();
  const grid = page.getByTestId('gallery-grid');
  await expect(grid).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const galleryMs = Date.now() - t0;
  const C = m.classNames.length;
  const cells = grid.locator('figure[data-target]');
  await expect(cells).toHaveCount(m.models.length * C);
  for (const entry of m.models) {
    for (let t = 0; t < C; t++) {
      const cell = grid.locator(`figure[data-method="${entry.method}"][data-target="${t}"]`);
      await expect(cell).toHaveAttribute('data-filled', 'true');
      await expect(cell).toContainText('%');
    }
  }
  test.info().annotations.push({ type: 'gallery-ms', description: String(galleryMs) });

  // The table carries on by itself after the gallery: rows computed on the n sample images, in
  // the manifest's order, fractions in [0, 1]. (The first row is enough here: every row is the
  // same code, and the whole table takes minutes on a loaded 2-core machine.)
  const done = table.locator('tr[data-done="true"]');
  await expect(done.first()).toBeVisible({ timeout: 300_000 });
  const first = m.models[0].method;
  await expect(done.first()).toHaveAttribute('data-method', first);
  for (const metric of ['clean', 'linf', 'l2']) {
    const v = Number(await table.locator(`tr[data-method="${first}"] td[data-metric="${metric}"][data-source="sample"]`).getAttribute('data-value'));
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  if ((await done.count()) < m.models.length) {
    await page.getByTestId('pretrained-table-stop').click();
    await expect(page.getByTestId('pretrained-table-continue')).toBeVisible();
  }
});

test('a damaged or missing pretrained set is said plainly, and the live run is still there', async ({ page }) => {
  manifest();
  await noServedData(page);
  await page.route(/\/pretrained\/manifest\.json$/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ format: 2 }) }));
  await openPretrained(page);
  const card = page.getByTestId('pretrained');
  await expect(card).toHaveAttribute('data-state', 'damaged', { timeout: 60_000 });
  await expect(page.getByTestId('pretrained-message')).toContainText('manifest.json is damaged: format must be 1');
  await expect(page.getByTestId('view-pretrained')).toContainText('(damaged)');
  await page.getByTestId('train-live').click();
  await expect(page.getByTestId('data-status')).toHaveAttribute('data-status', 'missing');

  // Nothing at all: the page goes to the live run by itself, and the pretrained view says why.
  await page.unroute(/\/pretrained\/manifest\.json$/);
  await page.route(/\/pretrained\//, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>PAG Lab</title>' }));
  await openPretrained(page);
  await expect(page.getByTestId('view-pretrained')).toContainText('(none)', { timeout: 60_000 });
  await expect(page.getByTestId('data-status')).toBeVisible();
  await page.getByTestId('view-pretrained').click();
  await expect(card).toHaveAttribute('data-state', 'missing');
  await expect(page.getByTestId('pretrained-message')).toContainText('npm run pretrained');
});

test('a weights file that does not fit is refused with its name; an image upload starts the pretrained gallery', async ({ page }) => {
  const m = manifest();
  await noServedData(page);
  const first = m.models[0].method;
  await page.route(new RegExp(`/pretrained/${first}/weights\\.bin$`), (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.alloc(12) }));
  await openPretrained(page);
  await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'damaged', { timeout: 60_000 });
  await expect(page.getByTestId('pretrained-message')).toContainText(`${first}/model.json: weights.bin has 12 bytes`);

  await page.unroute(new RegExp(`/pretrained/${first}/weights\\.bin$`));
  await openPretrained(page);
  await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
  await page.getByTestId('pretrained-table-stop').click({ timeout: 60_000 });
  await page.getByTestId('gallery-steps').fill('2');
  await page.getByTestId('gallery-steps').press('Enter');
  // A 2x2 PNG: any picture is scaled to 32x32.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGP4z8DwHwyBNIgBEmBgYAAA3kwL9c3m0NEAAAAASUVORK5CYII=', 'base64');
  await page.getByTestId('gallery-upload').setInputFiles({ name: 'mine.png', mimeType: 'image/png', buffer: png });
  await page.getByTestId('gallery-run').click();
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('gallery-grid').locator('figure[data-filled="true"]')).toHaveCount(m.models.length * m.classNames.length);
});

test('Train live keeps today’s flow: an attack on untrained models says so', async ({ page }) => {
  manifest();
  await openPretrained(page);
  await expect(page.getByTestId('pretrained')).toHaveAttribute('data-state', 'loaded', { timeout: 60_000 });
  await page.getByTestId('train-live').click();
  await expect(page.getByTestId('view-live')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('gallery')).toHaveAttribute('data-on', /live|^$/);
  // Served data (placed by other specs) or not: with a run, its untrained models carry the notice.
  const hasRun = await page.getByTestId('data-status').getAttribute('data-status');
  if (hasRun === 'loaded') await expect(page.getByTestId('untrained-gallery')).toBeVisible({ timeout: 90_000 });
});
