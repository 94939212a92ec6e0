import { mkdirSync, writeFileSync } from 'node:fs';
import { test } from '@playwright/test';
import type { TrainingBenchRow } from './trainingRow';

/**
 * The lab while it trains, per backend: training steps per second (one step = both models),
 * snapshots per second, and the main thread's long tasks (PerformanceObserver 'longtask': every
 * task over 50 ms). The worker's timing rides on its snapshot events, read by wrapping Worker.
 * A benchmark, not a test: it records and prints a verdict, it does not fail (timings on a shared
 * 2-core machine, or under SwiftShader, say little about a student's laptop).
 */
const SECONDS: Record<string, number> = { wasm: 10, cpu: 10, webgl: 15, webgpu: 30 };

/**
 * What runs: `?backend=NAME` alone trains on TF.js on that backend; `engine=fused` (the default
 * when no backend is asked for) trains with the fused CPU step and draws the heatmaps on the CPU,
 * whatever the backend (which then runs attacks and sweeps).
 */
interface Case {
  name: string;
  query: string;
  seconds: number;
  /** The project that measures it (the wasm and default cases run in both). */
  project?: 'webgpu' | 'fallback';
}
const CASES: Case[] = [
  // The paper's 100 epochs (4,700 steps) last ~1-5 s on the fused engine: 2,000 outlast the window.
  { name: 'default (fused engine)', query: '?epochs=2000', seconds: 10 },
  { name: 'webgpu + fused engine', query: '?backend=webgpu&engine=fused&epochs=2000', seconds: 10, project: 'webgpu' },
  { name: 'webgl + fused engine', query: '?backend=webgl&engine=fused&epochs=2000', seconds: 10, project: 'fallback' },
  ...['wasm', 'webgl', 'webgpu', 'cpu'].map((b): Case => ({
    name: `${b} (TF.js engine)`,
    query: `?backend=${b}`,
    seconds: SECONDS[b],
    project: b === 'webgpu' ? 'webgpu' : b === 'wasm' ? undefined : 'fallback',
  })),
];

type Row = TrainingBenchRow;

const rows: Row[] = [];

for (const c of CASES) {
  test(`training: ${c.name}`, async ({ page }, info) => {
    test.skip(c.project !== undefined && info.project.name !== c.project, `measured in the ${c.project} project`);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.addInitScript(() => {
      const w = window as unknown as { __snaps: unknown[]; __long: { start: number; duration: number }[] };
      w.__snaps = [];
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      const Base = window.Worker;
      window.Worker = class extends Base {
        constructor(url: string | URL, opts?: WorkerOptions) {
          super(url, opts);
          this.addEventListener('message', (e: MessageEvent) => {
            const d = e.data as { type?: string; step?: number; timing?: { train: number; snapshot: number; wall: number } };
            if (d?.type === 'snapshot') w.__snaps.push({ t: performance.now(), step: d.step, ...d.timing });
          });
        }
      };
    });
    await page.goto(`/${c.query}`);
    const badge = page.getByTestId('backend-badge');
    await page.waitForFunction(() => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend'), null, { timeout: 60_000 });
    await page.waitForFunction(() => !(document.querySelector('[data-testid=play-pause]') as HTMLButtonElement).disabled, null, { timeout: 120_000 });
    const backend = (await badge.getAttribute('data-backend')) ?? '?';
    const device = (await badge.getAttribute('title')) ?? '';
    await page.waitForTimeout(1000);
    const t0 = await page.evaluate(() => performance.now());
    await page.getByTestId('play-pause').click();
    await page.waitForTimeout(c.seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    // A run that finished inside the window has already stopped (and disabled the button).
    if (await page.getByTestId('play-pause').isEnabled()) await page.getByTestId('play-pause').click();
    const { snaps, long } = await page.evaluate(() => {
      const w = window as unknown as { __snaps: { t: number; step: number; train: number; wall: number }[]; __long: { start: number; duration: number }[] };
      return { snaps: w.__snaps, long: w.__long };
    });
    const during = long.filter((l) => l.start >= t0 && l.start <= t1);
    const run = snaps.filter((s) => s.t >= t0 && s.t <= t1 && s.step > 0);
    const first = run[0];
    const last = run[run.length - 1];
    const secs = (last.t - first.t) / 1000;
    const row: Row = {
      project: info.project.name,
      case: c.name,
      engine: (await page.getByTestId('training-engine').textContent())?.trim() ?? '?',
      backend,
      device: device.replace(/\n/g, '; '),
      stepsPerSecond: (last.step - first.step) / secs,
      snapshotsPerSecond: (run.length - 1) / secs,
      workerTrainShare: run.slice(1).reduce((a, s) => a + s.train, 0) / run.slice(1).reduce((a, s) => a + s.wall, 0),
      longTasks: during.length,
      longestTaskMs: Math.max(0, ...during.map((l) => l.duration)),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
    console.log(
      row.longTasks === 0
        ? `${c.name} on ${backend}: no main-thread task over 50 ms during ${c.seconds} s of training`
        : `${c.name} on ${backend}: ${row.longTasks} main-thread task(s) over 50 ms during training: ${JSON.stringify(during.map((l) => Math.round(l.duration)))} ms`,
    );
  });
}

test.afterAll(() => {
  if (rows.length === 0) return;
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/browser-${rows[0].project}.json`;
  writeFileSync(file, JSON.stringify(rows, null, 2));
  console.log(`wrote ${file}`);
});
