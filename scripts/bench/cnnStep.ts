/**
 * CNN training step, ms per step, vanilla and PAG, for the configurations of issue 13: the default
 * CIFAR Lab model (8-16-32 channels, flatten head, centred pixels, batch 32) with 2 classes, and
 * with 10 classes at k = 2 and k = C target classes per image. Engines: the fused CPU step
 * (src/core/fast/cnn*.ts: class draw, step and Adam, timed by cnnStepTiming.ts as the browser bench
 * times it) with its WebAssembly SIMD kernels and with its JS loops, TF.js on wasm with the
 * matMul convolution (default configuration only: 10 classes take it tens of seconds a step), and
 * single-thread PyTorch (scripts/torch/cnn_step_torch.py) in the same run when torch imports.
 *
 * Synthetic data (uniform pixels, random targets, as the PyTorch script uses): the step's cost
 * does not depend on the values, and no data set is needed.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { selectBackend } from '../../src/core/backend';
import type { Dataset } from '../../src/core/data/dataset';
import { initParamValues } from '../../src/core/models';
import { setDefaultConvImpl } from '../../src/core/models/conv';
import { Rng } from '../../src/core/random';
import { Trainer, type TrainerOptions } from '../../src/core/train/trainer';
import * as tf from '@tensorflow/tfjs';
import { loadCnnWasm } from '../../src/core/fast/cnnWasm';
import { CNN_STEP_CONFIGS, cnnSpecOf, fusedBackend, timeFusedCnnStep, type CnnStepConfig, type CnnStepRow } from './cnnStepTiming';
import { timeIt, type BenchRow } from './stats';

export type { CnnStepRow };

/** A random problem of this configuration for the TF.js Trainer: data, initial weights, a fixed target array. */
function cnnStepProblem(cfg: CnnStepConfig) {
  const spec = cnnSpecOf(cfg);
  const rng = new Rng(1);
  const n = cfg.batch * 4;
  const d = 32 * 32 * 3;
  const data: Dataset = {
    x: Float32Array.from({ length: n * d }, () => rng.next()),
    y: Int32Array.from({ length: n }, (_, i) => i % cfg.classes),
    n,
    sampleShape: [32, 32, 3],
    numClasses: cfg.classes,
    classNames: [],
  };
  const targets = Float32Array.from({ length: cfg.classes * cfg.batch * d }, () => rng.normal());
  const options = (pag: boolean): TrainerOptions => ({
    spec,
    objective: pag ? { kind: 'pag', source: { kind: 'nearestNeighbor', poolSize: 'all' }, lambda: 0.4 } : { kind: 'vanilla' },
    loss: { output: 'logSoftmax', cosEps: 1e-8 },
    optimizer: { kind: 'adam', learningRate: 1e-3 },
    batchSize: cfg.batch,
    seed: 1,
    measureEvery: 1_000_000,
    targetsPerImage: cfg.targetsPerImage,
  });
  return { spec, data, targets, options, init: initParamValues(spec, rng) };
}

function fusedStep(cfg: CnnStepConfig, reps: number, kernels: 'js' | 'wasm'): CnnStepRow {
  return { where: 'node', engine: 'fused', backend: fusedBackend(kernels), ...cfg, ...timeFusedCnnStep(cfg, reps, () => performance.now(), kernels) };
}

async function tfjsStep(cfg: CnnStepConfig, reps: number): Promise<CnnStepRow> {
  await selectBackend({ order: ['wasm'], wasmPath: path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep });
  setDefaultConvImpl('matmul');
  const p = cnnStepProblem(cfg);
  const ms = async (pag: boolean) => {
    const t = new Trainer(p.options(pag), p.data, p.init, (idx) => tf.tensor(p.targets, [cfg.classes, idx.length, 32, 32, 3]));
    const v = await timeIt(() => t.trainStep(), reps, 1);
    t.dispose();
    return v;
  };
  const row: CnnStepRow = { where: 'node', engine: 'tfjs', backend: 'wasm', ...cfg, vanillaMs: await ms(false), pagMs: await ms(true) };
  setDefaultConvImpl('native');
  return row;
}

/** The first of these interpreters that imports torch (a pyenv shim may hide the system's). */
export function pythonWithTorch(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return null;
}

function torchStep(py: string, cfg: CnnStepConfig, steps: number): CnnStepRow | null {
  const args = ['scripts/torch/cnn_step_torch.py', '--channels', cfg.channels.join(','), '--head', cfg.head, '--batch', String(cfg.batch), '--classes', String(cfg.classes), '--k', String(cfg.targetsPerImage), '--threads', '1', '--steps', String(steps)];
  const r = spawnSync(py, args, { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return null;
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { vanillaMs: number; pagMs: number };
  return { where: 'node', engine: 'pytorch', backend: 'cpu, 1 thread', ...cfg, ...out };
}

/** Every configuration with every engine, PyTorch last so it runs on the same machine state. */
export async function cnnStepBenchmarks(opts: { quick: boolean }): Promise<{ rows: CnnStepRow[]; notes: string[] }> {
  const rows: CnnStepRow[] = [];
  const notes: string[] = [];
  const py = pythonWithTorch();
  if (!py) notes.push('PyTorch: not importable here, no PyTorch rows');
  const simd = await loadCnnWasm();
  if (!simd) notes.push('fused CNN step: no WebAssembly SIMD here, JS loops only');
  for (const cfg of CNN_STEP_CONFIGS) {
    if (simd) rows.push(fusedStep(cfg, opts.quick ? 3 : 10, 'wasm'));
    rows.push(fusedStep(cfg, opts.quick ? 3 : 10, 'js'));
    if (cfg.classes === 2) rows.push(await tfjsStep(cfg, opts.quick ? 2 : 5));
    if (py) {
      const t = torchStep(py, cfg, opts.quick ? 5 : 20);
      if (t) rows.push(t);
      else notes.push(`PyTorch: the script failed for ${JSON.stringify(cfg)}`);
    }
  }
  return { rows, notes };
}

/** The same figures as printable rows, with each row's ratio to PyTorch's PAG step of the same configuration. */
export function cnnStepBenchRows(rows: CnnStepRow[]): BenchRow[] {
  const same = (a: CnnStepRow, b: CnnStepRow) => a.classes === b.classes && a.targetsPerImage === b.targetsPerImage && a.batch === b.batch && a.head === b.head && a.channels.join() === b.channels.join();
  return rows.flatMap((r) => {
    const torch = rows.find((t) => t.engine === 'pytorch' && same(t, r));
    const group = `cnn step (${r.where}), ${r.channels.join('-')} ${r.head}, batch ${r.batch}, ${r.classes} classes, k = ${r.targetsPerImage || r.classes}`;
    const name = `${r.engine} (${r.backend})`;
    return [
      { group, name: `${name} vanilla`, value: r.vanillaMs, unit: 'ms/step', ...(torch && { ratio: r.vanillaMs / torch.vanillaMs }) },
      { group, name: `${name} PAG`, value: r.pagMs, unit: 'ms/step', ...(torch && { ratio: r.pagMs / torch.pagMs, note: 'ratio: vs single-thread PyTorch in this run' }) },
    ];
  });
}
