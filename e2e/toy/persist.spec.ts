import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { resultsSchema } from '../../src/toy/page/export/results';
import { download, parseSvg, PNG_SIGNATURE, pngSize } from '../common/exportChecks';
import { canvasStats, expect, openToyLab, stepOf, test, trainSteps as train } from '../common/fixtures';

const BACKEND = 'wasm';

test('every panel exports as SVG that parses and PNG that decodes; results as JSON and CSV', async ({ page }) => {
  await openToyLab(page, BACKEND);
  await train(page, 3);
  const select = page.getByTestId('export-panel-select');
  await select.focus();
  const labels = await select.locator('option').allTextContents();
  expect(labels.length).toBeGreaterThanOrEqual(5);
  for (const label of labels) {
    await select.selectOption(label);
    const svg = await download(page, () => page.getByTestId('export-svg').click());
    const text = readFileSync((await svg.path())!, 'utf8');
    expect((await parseSvg(page, text)).ok, `${label} SVG parses`).toBe(true);
    const png = await download(page, () => page.getByTestId('export-png').click());
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect((await pngSize(page, bytes))[0]).toBeGreaterThan(0);
  }
  const json = await download(page, () => page.getByTestId('export-json').click());
  const parsed = resultsSchema.parse(JSON.parse(readFileSync((await json.path())!, 'utf8')));
  expect(parsed.step).toBe(3);
  const csv = await download(page, () => page.getByTestId('export-csv').click());
  expect(readFileSync((await csv.path())!, 'utf8').split('\n')[0]).toContain('section,model,step');
});

test('weights download and re-upload predict the same; a mismatch changes nothing', async ({ page }) => {
  await openToyLab(page, BACKEND);
  await train(page, 5);
  const acc = await page.getByTestId('clean-acc-vanilla').textContent();
  const picture = await canvasStats(page, 'vanilla');
  const files: Record<string, string> = {};
  const downloads: Download[] = [];
  page.on('download', (d) => downloads.push(d));
  await page.getByTestId('weights-download').click();
  await expect.poll(() => downloads.length).toBe(4);
  for (const d of downloads) files[d.suggestedFilename()] = (await d.path())!;
  await page.getByTestId('reset').click();
  await expect.poll(() => stepOf(page)).toBe(0);
  await expect(page.getByTestId('play-pause')).toBeEnabled();
  // The PAG file into the vanilla model is fine shape-wise; a truncated weights.bin is not.
  await page.getByTestId('weights-upload-vanilla').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(files['vanilla-model.json']) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync(files['vanilla-weights.bin']).subarray(0, 12) },
  ]);
  await expect(page.getByTestId('error-message')).toContainText('Weights not loaded');
  await page.getByTestId('weights-upload-vanilla').setInputFiles([
    { name: 'model.json', mimeType: 'application/json', buffer: readFileSync(files['vanilla-model.json']) },
    { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: readFileSync(files['vanilla-weights.bin']) },
  ]);
  await expect(page.getByTestId('export-status')).toContainText('Loaded');
  await expect(page.getByTestId('clean-acc-vanilla')).toHaveText(acc!);
  await expect.poll(async () => (await canvasStats(page, 'vanilla')).sample).toEqual(picture.sample);
});

test('a reload restores a trained run; a damaged saved run is reported', async ({ page }) => {
  await openToyLab(page, BACKEND);
  await train(page, 4);
  const acc = await page.getByTestId('clean-acc-pag').textContent();
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
  await page.reload();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBe(4);
  await expect(page.getByTestId('clean-acc-pag')).toHaveText(acc!);
  // A damaged record next to the good one.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const r = indexedDB.open('pag-lab', 1);
        r.onsuccess = () => {
          const tx = r.result.transaction('runs', 'readwrite');
          tx.objectStore('runs').put({ id: 'broken', json: '{oops', states: {} });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.evaluate(() => localStorage.setItem('pag-lab:last-run', 'broken'));
  await page.reload();
  await expect(page.getByTestId('error-message')).toContainText('could not be reopened');
  await expect(page.getByTestId('saved-run')).toHaveCount(1);
  await expect(page.getByTestId('saved-run-corrupt')).toHaveCount(1);
});
