import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { selectBackend, type BackendName } from '../../src/core/backend';
import { cifarSubset, parseCifarBinary, type CifarRaw } from '../../src/core/data/cifar';
import { syntheticCifar } from '../../src/core/data/syntheticCifar';
import { generateToy } from '../../src/core/data/toy';
import { cifarCommonSettings } from '../../src/core/experiment/cifarExperiment';
import { CIFAR_DEFAULTS } from '../../src/core/experiment/cifarSettings';
import type { MethodId } from '../../src/core/experiment/methods';
import { prepareTrainer, trainFor } from '../../src/core/experiment/prepare';
import { toyCommonSettings } from '../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../src/core/experiment/toySettings';
import { setDefaultConvImpl, type ConvImpl } from '../../src/core/models/conv';
import { streamSeed } from '../../src/core/random';
import { timeIt, type BenchRow } from './stats';

const WASM_DIR = path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep;

async function use(backend: BackendName): Promise<void> {
  await selectBackend({ order: [backend], wasmPath: WASM_DIR });
}

/** Toy training step (MLP 2-32-2, batch 128), vanilla and PAG(NN), per Node backend. */
async function toySteps(rows: BenchRow[]): Promise<void> {
  const data = generateToy({ kind: 'paper', seed: streamSeed(2, 'data') });
  const common = { ...toyCommonSettings(PAPER_TOY), measureEvery: 20 };
  const configs: [string, BackendName, 'tfjs' | 'auto'][] = [
    ['cpu', 'cpu', 'tfjs'],
    ['wasm', 'wasm', 'tfjs'],
    ['fused', 'wasm', 'auto'],
  ];
  for (const [label, backend, engine] of configs) {
    await use(backend);
    for (const method of ['vanilla', 'nn'] as MethodId[]) {
      const { trainer, dispose } = await prepareTrainer(method, { ...common, engine }, data.train);
      const ms = await timeIt(() => trainer.trainStep(), engine === 'auto' ? 2000 : 300, 20);
      rows.push({ group: 'toy step (Node)', name: `${label} ${method === 'nn' ? 'PAG' : 'vanilla'}`, value: ms, unit: 'ms/step' });
      dispose();
    }
  }
}

/** Single-thread PyTorch (CPU, float32) on this kind of machine: docs/tfjs-second-order.md. */
const PYTORCH_MS = { vanilla: 0.23, PAG: 1.0 };
const PYTORCH_FIGURE3_S = (4700 * (PYTORCH_MS.vanilla + PYTORCH_MS.PAG)) / 1000;

/** Figure 3 at the paper setting: vanilla + PAG(NN), 100 epochs each, training only. */
async function figure3(rows: BenchRow[], epochs: number): Promise<void> {
  await use('wasm');
  const data = generateToy({ kind: 'paper', seed: streamSeed(2, 'data') });
  for (const engine of ['tfjs', 'auto'] as const) {
    const common = { ...toyCommonSettings(PAPER_TOY, engine), measureEvery: 50 };
    const t0 = performance.now();
    for (const method of ['vanilla', 'nn'] as MethodId[]) {
      const { trainer, dispose } = await prepareTrainer(method, common, data.train);
      await trainFor(trainer, epochs);
      dispose();
    }
    const s = ((performance.now() - t0) / 1000) * (100 / epochs);
    rows.push({
      group: 'figure 3 (Node)',
      name: `${engine === 'auto' ? 'fused' : 'TF.js wasm'}, vanilla + PAG, 100 epochs`,
      value: s,
      unit: 's',
      ratio: s / PYTORCH_FIGURE3_S,
      note: `ratio: vs single-thread PyTorch ${PYTORCH_FIGURE3_S.toFixed(1)} s (docs/tfjs-second-order.md)${epochs < 100 ? `; extrapolated from ${epochs} epochs` : ''}`,
    });
  }
}

/**
 * The images the CNN steps train on: the generated stand-in (src/core/data/syntheticCifar.ts; a
 * step's cost does not depend on the pixels), or test.bin in PAG_CIFAR_DIR for real data.
 */
function benchImages(): { raw: CifarRaw; source: string } {
  const dir = process.env.PAG_CIFAR_DIR;
  if (!dir) return { raw: syntheticCifar(100, 1), source: 'synthetic CIFAR-10' };
  const file = path.resolve(dir, 'test.bin');
  return { raw: parseCifarBinary(new Uint8Array(fs.readFileSync(file)), file), source: file };
}

/** Small CNN step (8-16-32 channels, batch 32, 2 classes) per backend and convolution form. */
async function cifarSteps(rows: BenchRow[]): Promise<void> {
  const { raw, source } = benchImages();
  // Pinned to the bench's own case (2 classes, every class a target) so its rows stay comparable.
  const bench = { ...CIFAR_DEFAULTS, classes: [0, 6], targetsPerImage: 0, warmupEpochs: 0 };
  const train = cifarSubset(raw, { classes: bench.classes, perClass: 100, seed: 1 });
  const common = cifarCommonSettings(bench);
  // The cpu backend is far too slow for CNNs (tens of seconds per PAG step): vanilla only, once.
  const configs: [BackendName, ConvImpl, number, MethodId[]][] = [
    ['wasm', 'matmul', 10, ['vanilla', 'nn']],
    ['cpu', 'native', 1, ['vanilla']],
  ];
  for (const [backend, impl, reps, methods] of configs) {
    await use(backend);
    setDefaultConvImpl(impl);
    for (const method of methods) {
      const { trainer, dispose } = await prepareTrainer(method, common, train);
      const ms = await timeIt(() => trainer.trainStep(), reps, reps > 1 ? 1 : 0);
      rows.push({ group: 'cifar step (Node)', name: `${backend} ${impl} conv ${method === 'nn' ? 'PAG' : 'vanilla'}`, value: ms, unit: 'ms/step', note: `images: ${source}` });
      dispose();
    }
  }
  setDefaultConvImpl('native');
}

/** Tensors and heap after 10 and after 1,000 PAG steps: flat means no leak. */
async function memory(rows: BenchRow[]): Promise<void> {
  await use('wasm');
  const data = generateToy({ kind: 'paper', seed: streamSeed(2, 'data') });
  const { trainer, dispose } = await prepareTrainer('nn', toyCommonSettings(PAPER_TOY), data.train);
  for (let i = 0; i < 10; i++) trainer.trainStep();
  const t10 = tf.memory().numTensors;
  const h10 = process.memoryUsage().heapUsed;
  for (let i = 0; i < 990; i++) trainer.trainStep();
  rows.push({ group: 'memory (Node)', name: 'tensors after 1000 vs 10 steps', value: tf.memory().numTensors - t10, unit: 'tensors' });
  rows.push({ group: 'memory (Node)', name: 'JS heap after 1000 vs 10 steps', value: (process.memoryUsage().heapUsed - h10) / 1e6, unit: 'MB' });
  dispose();
}

export async function nodeBenchmarks(opts: { quick: boolean }): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  await toySteps(rows);
  await figure3(rows, opts.quick ? 10 : 100);
  await cifarSteps(rows);
  await memory(rows);
  // Ratios against the plain TF.js cpu step of the same run.
  for (const kind of ['vanilla', 'PAG'] as const) {
    const base = rows.find((r) => r.group === 'toy step (Node)' && r.name === `cpu ${kind}`);
    for (const r of rows.filter((x) => x.group === 'toy step (Node)' && x.name.endsWith(kind))) {
      if (base) r.ratio = r.value / base.value;
      r.note = `ratio: vs TF.js cpu in this run; PyTorch 1 thread: ${PYTORCH_MS[kind]} ms`;
    }
  }
  return rows;
}
