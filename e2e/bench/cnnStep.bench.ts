import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { test } from '@playwright/test';

/**
 * The fused CNN step (src/core/fast/cnn*.ts) in Chromium, the configurations of
 * scripts/bench/cnnStep.ts timed by the same code (scripts/bench/cnnStepTiming.ts), with the
 * WebAssembly SIMD kernels and with the JS loops, on the page's main thread and in a Web Worker
 * (where the CIFAR Lab trains). The step is bundled with esbuild (tsx's, already installed) and
 * run in a blank page, the worker made from the same bundle as a blob. A benchmark: it records,
 * it does not fail on time. Rows: bench-results/browser-cnnstep.json (npm run bench reads them).
 */
test('fused CNN step in Chromium', async ({ page }, info) => {
  test.skip(info.project.name !== 'fallback', 'CPU only: measured once, in the fallback project');
  test.setTimeout(900_000);
  const bundle = buildSync({ entryPoints: ['e2e/bench/cnnStepPage.ts'], bundle: true, format: 'iife', globalName: 'cnnStepBench', platform: 'browser', write: false, logLevel: 'silent' });
  const code = bundle.outputFiles[0].text;
  const wasm = Array.from(readFileSync('src/core/fast/wasm/cnnKernels.wasm'));
  await page.goto('about:blank');
  await page.addScriptTag({ content: code });
  const reps = Number(process.env.PAG_CNN_BENCH_REPS ?? 6);
  const rows: unknown[] = [];
  for (const kernels of ['wasm', 'js'] as const) {
    // In a worker first, then on the main thread, each on a fresh module instance.
    const inWorker = await page.evaluate(
      ({ code, wasm, reps, kernels }) =>
        new Promise<unknown[]>((resolve, reject) => {
          const w = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
          w.onmessage = (e: MessageEvent<{ rows?: unknown[]; error?: string }>) => {
            w.terminate();
            if (e.data.rows) resolve(e.data.rows);
            else reject(new Error(e.data.error));
          };
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage({ reps, wasm: new Uint8Array(wasm), kernels });
        }),
      { code, wasm, reps, kernels },
    );
    rows.push(...inWorker);
    const onMain = await page.evaluate(
      ({ wasm, reps, kernels }) =>
        (window as unknown as { cnnStepBench: { run(reps: number, wasm: Uint8Array, thread: string, kernels: string): unknown[] } }).cnnStepBench.run(reps, new Uint8Array(wasm), 'main thread', kernels),
      { wasm, reps, kernels },
    );
    rows.push(...onMain);
    console.log(JSON.stringify([...inWorker, ...onMain]));
  }
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/browser-cnnstep.json', JSON.stringify(rows, null, 2));
});
