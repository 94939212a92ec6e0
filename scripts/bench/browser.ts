import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { TrainingBenchRow } from '../../e2e/bench/trainingRow';
import type { CnnStepRow } from './cnnStepTiming';
import { torchFigure3Seconds } from './figure3Torch';
import type { BenchRow } from './stats';


/**
 * Runs the Playwright benchmarks (e2e/bench, `npm run bench:browser`: the built app in headless
 * system Chromium, with and without a WebGPU adapter) and turns their JSON into rows.
 */
export async function browserBenchmarks(_opts: { quick: boolean }): Promise<BenchRow[]> {
  for (const f of ['browser-webgpu', 'browser-fallback', 'browser-figure3', 'hidden-webgpu', 'hidden-fallback']) fs.rmSync(`bench-results/${f}.json`, { force: true });
  const r = spawnSync('npm', ['run', 'bench:browser'], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 30 * 60_000 });
  if (r.status !== 0) process.stderr.write(`bench: browser benchmarks exited with ${r.status}; rows below are what was recorded\n`);
  const rows: BenchRow[] = [];
  for (const project of ['webgpu', 'fallback']) {
    const file = `bench-results/browser-${project}.json`;
    if (!fs.existsSync(file)) continue;
    for (const b of JSON.parse(fs.readFileSync(file, 'utf8')) as TrainingBenchRow[]) {
      const group = `browser (${project})`;
      // Named by case: the fused and TF.js engines can run on the same backend.
      const what = `${b.case} on ${b.backend}`;
      rows.push({ group, name: `${what}: training steps/s (both models)`, value: b.stepsPerSecond, unit: 'steps/s', note: b.device.slice(0, 60) });
      rows.push({ group, name: `${what}: boundary refreshes/s`, value: b.snapshotsPerSecond, unit: 'Hz' });
      rows.push({ group, name: `${what}: main-thread tasks > 50 ms`, value: b.longTasks, unit: 'tasks', note: `longest ${Math.round(b.longestTaskMs)} ms` });
    }
  }
  // A hidden tab while training (e2e/bench/hidden.bench.ts): CPU should drop to about nothing.
  for (const project of ['webgpu', 'fallback']) {
    const file = `bench-results/hidden-${project}.json`;
    if (!fs.existsSync(file)) continue;
    const h = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<'visible' | 'hidden', { rendererCpuPerSecond: number; mainThreadTaskPerSecond: number; stepsPerSecond: number }>;
    const group = `browser hidden tab (${project}, wasm)`;
    rows.push({ group, name: 'renderer CPU, hidden', value: h.hidden.rendererCpuPerSecond, unit: 's/s', note: `visible ${h.visible.rendererCpuPerSecond}` });
    rows.push({ group, name: 'main-thread tasks, hidden', value: h.hidden.mainThreadTaskPerSecond, unit: 's/s', note: `visible ${h.visible.mainThreadTaskPerSecond}` });
    rows.push({ group, name: 'training steps/s, hidden', value: h.hidden.stepsPerSecond, unit: 'steps/s', note: `visible ${h.visible.stepsPerSecond}` });
  }
  const fig = 'bench-results/browser-figure3.json';
  if (fs.existsSync(fig)) {
    // PyTorch's own Figure 3 (targets, training, attack) right after, on the same machine state.
    const torch = torchFigure3Seconds();
    const base = torch ? torch.seconds : 5.8;
    const note = torch
      ? `ratio: vs single-thread PyTorch in this run, ${torch.seconds.toFixed(1)} s (vanilla ${torch.perModel.vanilla} s + PAG ${torch.perModel.nn} s: targets, training, attack)`
      : 'ratio: vs single-thread PyTorch training alone, 5.8 s unloaded (no PyTorch here)';
    if (torch) rows.push({ group: 'browser figure 3 (wasm eval)', name: 'PyTorch, 1 thread: targets + training + attack', value: torch.seconds, unit: 's' });
    for (const f of JSON.parse(fs.readFileSync(fig, 'utf8')) as { engine: string; totalSeconds: number; phases?: Record<string, number> }[]) {
      const phases = f.phases ? `; phases at ${Object.entries(f.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}` : '';
      rows.push({ group: 'browser figure 3 (wasm eval)', name: `${f.engine}: click to result (training + attack)`, value: f.totalSeconds, unit: 's', ratio: f.totalSeconds / base, note: note + phases });
    }
  }
  return rows;
}

/** The fused CNN step measured in Chromium (e2e/bench/cnnStep.bench.ts), if that bench ran. */
export function browserCnnStepRows(): CnnStepRow[] {
  const file = 'bench-results/browser-cnnstep.json';
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as CnnStepRow[]) : [];
}
