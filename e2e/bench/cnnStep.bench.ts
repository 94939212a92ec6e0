import { mkdirSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { test } from '@playwright/test';

/**
 * The fused CNN step (src/core/fast/cnn*.ts) in Chromium's JavaScript engine, the configurations
 * of scripts/bench/cnnStep.ts timed by the same code (scripts/bench/cnnStepTiming.ts). The step
 * is bundled with esbuild (tsx's, already installed) and run in a blank page: in the app it runs
 * in the CIFAR Lab's worker, the same V8 without the app around it. A benchmark: it records, it
 * does not fail on time. Rows: bench-results/browser-cnnstep.json (npm run bench reads them).
 */
test('fused CNN step in Chromium', async ({ page }, info) => {
  test.skip(info.project.name !== 'fallback', 'CPU only: measured once, in the fallback project');
  test.setTimeout(600_000);
  const bundle = buildSync({ entryPoints: ['e2e/bench/cnnStepPage.ts'], bundle: true, format: 'iife', globalName: 'cnnStepBench', platform: 'browser', write: false, logLevel: 'silent' });
  await page.goto('about:blank');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const rows = await page.evaluate(() => (window as unknown as { cnnStepBench: { run(reps: number): unknown[] } }).cnnStepBench.run(8));
  console.log(JSON.stringify(rows));
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/browser-cnnstep.json', JSON.stringify(rows, null, 2));
});
