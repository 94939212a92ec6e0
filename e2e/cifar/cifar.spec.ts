import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { cifarSource, configureTiny, expect, openCifarLab, placeServedData, setField, test } from './cifarFixtures';

/**
 * The CIFAR Lab in a real browser, against the production build with CIFAR-10 served as
 * `npm run data:cifar` serves it. SwiftShader makes GPU backends slow: the runs are tiny.
 */
test.beforeAll(placeServedData);

test('trains vanilla and Nearest-Neighbor PAG on the automatic backend, animates Figure 4 and fills the table', async ({ page }, info) => {
  await openCifarLab(page);
  // The webgpu project has a (software) WebGPU adapter; without one the lab falls back.
  const expected = info.project.name === 'webgpu' ? 'webgpu' : 'webgl';
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-backend', expected);
  if (expected !== 'webgpu') await expect(page.getByTestId('backend-reason')).toContainText('fell back: WebGPU');
  await configureTiny(page);

  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-finished', 'true', { timeout: 150_000 });
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '2');
  await expect(page.getByTestId('saliency')).toHaveAttribute('data-round', '2', { timeout: 30_000 });

  await setField(page, 'gallery-steps', '3');
  await page.getByTestId('gallery-source-0').click();
  await page.getByTestId('gallery-run').click();
  const grid = page.getByTestId('gallery-grid');
  await expect(grid).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(grid).toHaveAttribute('data-step', '3');
  for (const m of ['vanilla', 'nn']) for (const t of [0, 1]) await expect(page.getByTestId(`gallery-cell-${m}-${t}`)).toContainText('%');

  await setField(page, 'table-steps', '2');
  await page.getByTestId('evaluate').click();
  const table = page.getByTestId('table-result');
  await expect(table).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('table-row-vanilla')).toContainText('93.61 %');
  await expect(page.getByTestId('table-row-nn')).toContainText('PAG: Nearest Neighbor');
  await expect(page.getByTestId('table-row-nn').locator('td').nth(1)).toHaveText(/\d+\.\d %/);

  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toMatch(/^method,label,clean_pct,linf_eps,linf_pct,l2_eps,l2_pct,pgd_steps/);
  expect(csv).toMatch(/\nnn,PAG: Nearest Neighbor,/);
});

test('bad files show error-message and leave the loaded data in use; the official archive format loads', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'data handling does not depend on the backend: run once, on wasm, in the fallback project');
  await openCifarLab(page, 'wasm');
  const status = page.getByTestId('data-status');
  const before = await status.textContent();
  const files = page.getByTestId('data-files');
  const bytes = readFileSync(path.join(cifarSource(), 'test.bin'));

  await files.setInputFiles([
    { name: 'data_batch_1.bin', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 3073 * 5 + 100) },
    { name: 'test_batch.bin', mimeType: 'application/octet-stream', buffer: bytes.subarray(0, 3073 * 5) },
  ]);
  const error = page.getByTestId('error-message');
  await expect(error).toContainText('data_batch_1.bin is not CIFAR-10 binary data');
  await expect(error).toContainText('truncated');
  await expect(error).toContainText('still in use');
  await expect(status).toHaveAttribute('data-status', 'loaded');
  expect(await status.textContent()).toBe(before);

  const random = Buffer.from(Array.from({ length: 50_000 }, (_, i) => (i * 2654435761) >>> 24));
  await files.setInputFiles([{ name: 'cifar-10-binary.tar.gz', mimeType: 'application/gzip', buffer: random }]);
  await expect(error).toContainText('cifar-10-binary.tar.gz: not a readable .tar.gz archive');
  expect(await status.textContent()).toBe(before);
  // Plain text, never markup from the file's name or content.
  await expect(error.locator('*:not(.msg):not(button)')).toHaveCount(0);

  // Dropped files go the same way.
  const dropped = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(3073 * 2 + 1)], 'data_batch_2.bin'));
    return dt;
  });
  await page.getByTestId('data-panel').locator('.dropzone').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(error).toContainText('data_batch_2.bin is not CIFAR-10 binary data');
  expect(await status.textContent()).toBe(before);

  // The loaded data still builds runs.
  await page.getByTestId('class-3').check();
  await page.getByTestId('build').click();
  await expect(page.getByTestId('gallery').getByText('cat', { exact: true })).toBeVisible({ timeout: 60_000 });

  // cifar-10-binary.tar.gz's layout, small: decompressed and untarred in the worker as a stream.
  await files.setInputFiles([{ name: 'cifar-10-binary.tar.gz', mimeType: 'application/gzip', buffer: smallArchive(bytes) }]);
  await expect(status).toContainText('Your files: 300 training and 100 test images', { timeout: 30_000 });
  await expect(error).toBeHidden();
});

/** An archive laid out like the official one, holding 300 + 100 records of the served data's test.bin. */
function smallArchive(records: Buffer): Buffer {
  const dir = mkdtempSync(path.join(tmpdir(), 'cifar-e2e-'));
  const inner = path.join(dir, 'cifar-10-batches-bin');
  mkdirSync(inner);
  writeFileSync(path.join(inner, 'data_batch_1.bin'), records.subarray(0, 3073 * 300));
  writeFileSync(path.join(inner, 'test_batch.bin'), records.subarray(3073 * 300, 3073 * 400));
  writeFileSync(path.join(inner, 'batches.meta.txt'), 'airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n');
  execFileSync('tar', ['czf', path.join(dir, 'a.tar.gz'), '-C', dir, 'cifar-10-batches-bin']);
  return readFileSync(path.join(dir, 'a.tar.gz'));
}

test('without served data the page says how to get it', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'backend-independent');
  // What the preview server answers for a file it does not have: the app's HTML.
  await page.route('**/data/cifar10/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>PAG Lab</title>' }));
  await page.goto('/cifar.html?backend=wasm');
  await page.getByTestId('view-live').click(); // the page opens on the pretrained models
  const status = page.getByTestId('data-status');
  await expect(status).toHaveAttribute('data-status', 'missing', { timeout: 60_000 });
  await expect(status).toContainText('npm run data:cifar');
  await expect(status).toContainText('cifar-10-binary.tar.gz');
  await expect(page.getByTestId('build')).toBeDisabled();
});

test('Figure 4 from an uploaded picture, with the perturbation magnified', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'the webgpu project trains in the first test');
  await openCifarLab(page, 'wasm');
  await configureTiny(page);
  await page.getByTestId('step').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-round', '1', { timeout: 60_000 });
  // A 48x40 picture of colour bands, scaled to 32x32 by the page.
  const img = new PNG({ width: 48, height: 40 });
  for (let i = 0; i < 48 * 40; i++) img.data.set([(i % 48) * 5, Math.floor(i / 48) * 6, 128, 255], 4 * i);
  const png = PNG.sync.write(img);
  await page.getByTestId('gallery-upload').setInputFiles({ name: 'tiles.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByText('✓ tiles.png')).toBeVisible();
  await page.getByTestId('gallery-view').selectOption('20');
  await setField(page, 'gallery-steps', '2');
  await page.getByTestId('gallery-run').click();
  await expect(page.getByTestId('gallery-grid')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('gallery-grid').locator('.col-label[title="tiles.png"]')).toHaveText('start');
  await expect(page.getByTestId('gallery-cell-nn-1')).toContainText('%');
});
