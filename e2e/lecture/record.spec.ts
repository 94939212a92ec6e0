import { readFileSync } from 'node:fs';
import { expect, stepOf, test } from '../common/fixtures';
import { overlayInGif } from './overlayCheck';

// Record (issue 15): the record button records the boundary plots while training and, stopped,
// downloads a WebM video.

// Playwright's trace snapshots stall a page whose canvas feeds a MediaRecorder (the stop click never
// lands; passes with tracing off): no trace for this file.
test.use({ trace: 'off' });

test('record: start, train a moment, stop: a non-empty .webm is downloaded', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'page-side feature: run once, in the fallback project');
  // 10 steps/s, not max: the page stays responsive to clicks on a loaded test machine.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=wasm&speed=10');
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('record').click();
  await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('play-pause').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.waitForTimeout(1500);
  // Stop while training goes on (the machine running the tests may be slow: generous timeouts).
  const downloading = page.waitForEvent('download', { timeout: 90_000 });
  await page.getByTestId('record').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^pag-lab-boundaries-.*\.webm$/);
  const file = info.outputPath('recording.webm');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.length).toBeGreaterThan(2000);
  // A WebM (Matroska) file starts with the EBML magic number.
  expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
  await expect(page.getByTestId('record')).toHaveAttribute('aria-pressed', 'false');
});

test('record without MediaRecorder: the same button gives an animated GIF, SVG overlays drawn in', async ({ page }, info) => {
  test.skip(info.project.name === 'webgpu', 'page-side feature: run once, in the fallback project');
  // A browser that cannot record video (no MediaRecorder at all).
  await page.addInitScript(() => {
    delete (window as { MediaRecorder?: unknown }).MediaRecorder;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?backend=wasm&speed=10');
  await expect(page.getByTestId('play-pause')).toBeEnabled({ timeout: 60_000 });
  const record = page.getByTestId('record');
  await expect(record).toBeEnabled();
  await expect(record).toHaveAttribute('title', /animated GIF/);
  await record.click();
  await expect(record).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('play-pause').click();
  await expect.poll(() => stepOf(page), { timeout: 60_000 }).toBeGreaterThan(5);
  await page.waitForTimeout(1500);
  // Paused before stopping: the last frame (drawn at stop) shows what the page's SVGs show now.
  await page.getByTestId('play-pause').click();
  await expect(page.getByTestId('play-pause')).toHaveAttribute('aria-label', 'Play');
  const settled = await stepOf(page);
  await page.waitForTimeout(1000);
  expect(await stepOf(page)).toBe(settled);
  const downloading = page.waitForEvent('download', { timeout: 90_000 });
  await record.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^pag-lab-boundaries-.*\.gif$/);
  const file = info.outputPath('recording.gif');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  // Several frames: each image block starts with the separator 0x2c after a graphic control block.
  const frames = bytes.toString('latin1').split('\x21\xf9\x04').length - 1;
  expect(frames).toBeGreaterThan(2);
  expect(bytes.at(-1)).toBe(0x3b); // the trailer

  // The overlay: where the page draws the boundary line, test points and tick labels, the last
  // frame has them too (a frame of heatmaps alone has no dark pixel inside the plot).
  const found = await overlayInGif(page, bytes);
  for (const f of found) {
    expect(f.lineSamples, `${f.panel}: a boundary line on the page`).toBeGreaterThan(10);
    expect(f.lineHits / f.lineSamples, `${f.panel}: boundary line in the frame`).toBeGreaterThan(0.8);
    expect(f.points, `${f.panel}: uncovered test points on the page`).toBeGreaterThan(5);
    expect(f.pointHits / f.points, `${f.panel}: test points in the frame`).toBeGreaterThan(0.8);
    expect(f.ticks).toBeGreaterThan(5);
    expect(f.tickHits / f.ticks, `${f.panel}: tick labels in the frame`).toBeGreaterThan(0.8);
    expect(f.darkShare, `${f.panel}: not dark all over`).toBeLessThan(0.1);
  }
});
