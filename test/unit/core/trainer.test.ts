import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy } from '../../../src/core/data/toy';
import { accuracy, attackDataset, flipDistances, robustSweep } from '../../../src/core/eval/evaluate';
import { boundaryGrid } from '../../../src/core/eval/grid';
import type { MethodId } from '../../../src/core/experiment/methods';
import { initialWeights, prepareTrainer, trainFor } from '../../../src/core/experiment/prepare';
import { toyCommonSettings } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { readParamValues } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import type { StepMetrics } from '../../../src/core/train/trainer';
import { useCpu } from '../setup';

const small = { ...PAPER_TOY, trainPerClass: 300, testPerClass: 50, epochs: 1, teacherSteps: 3, learningRate: 0.003 };
const data = generateToy({ kind: 'paper', seed: 1, trainPerClass: 300, testPerClass: 50 });
const common = toyCommonSettings(small);

describe('training', () => {
  beforeAll(useCpu);

  it('same seed, same numbers: initial weights, data order and trained weights', async () => {
    expect(initialWeights(common.spec, 4)).toEqual(initialWeights(common.spec, 4));
    expect(initialWeights(common.spec, 4).W1).not.toEqual(initialWeights(common.spec, 5).W1);
    const run = async () => {
      const { trainer, dispose } = await prepareTrainer('nn', common, data.train);
      for (let i = 0; i < 10; i++) trainer.trainStep();
      const w = await readParamValues(trainer.vars);
      dispose();
      return w;
    };
    const a = await run();
    const b = await run();
    expect(a.W1).toEqual(b.W1);
    expect(a.W1).not.toEqual(initialWeights(common.spec, small.seed).W1);
  });

  it.each(['vanilla', 'nn', 'oi', 'cm'] as MethodId[])('%s training lowers the loss and reports metrics', async (method) => {
    const { trainer, dispose } = await prepareTrainer(method, { ...common, measureEvery: 1, alignWith: 'nn' }, data.train);
    // Per-batch metrics are noisy: compare averages over the first and last 10 steps.
    const window = async () => {
      const ms: StepMetrics[] = [];
      for (let i = 0; i < 10; i++) {
        trainer.trainStep();
        ms.push((await trainer.metrics())!);
      }
      const avg = (f: (m: StepMetrics) => number) => ms.reduce((s, m) => s + f(m), 0) / ms.length;
      return { step: ms[ms.length - 1].step, last: ms[ms.length - 1], ce: avg((m) => m.ce), pag: avg((m) => m.pag) };
    };
    const first = await window();
    for (let i = 0; i < 180; i++) trainer.trainStep();
    const last = await window();
    expect(first.step).toBe(9);
    expect(last.step).toBe(199);
    expect(last.last.alignment).toHaveLength(2);
    const lambda = method === 'vanilla' ? 0 : small.lambda;
    expect(last.ce + lambda * last.pag).toBeLessThan(first.ce + lambda * first.pag);
    for (const v of [last.last.ce, last.last.pag, last.last.accuracy, ...last.last.alignment]) expect(Number.isFinite(v)).toBe(true);
    if (method === 'nn') expect(last.pag).toBeLessThan(first.pag); // the PAG term is optimised
    dispose();
  });

  it('no tensor leaks: 200 steps of vanilla, PAG and adversarial training, and attacks', async () => {
    for (const method of ['vanilla', 'nn', 'rigd-l2'] as MethodId[]) {
      const { trainer, dispose } = await prepareTrainer(method, { ...common, epochs: 1 }, data.train);
      trainer.trainStep();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 200; i++) trainer.trainStep();
      expect(tf.memory().numTensors, `${method} training`).toBe(before);
      await attackDataset(trainer.logitsOf, data.test, { norm: 'l2', eps: 4, steps: 5, alpha: 1, targeted: true }, new Rng(1), { keepTrajectory: true });
      await robustSweep(trainer.logitsOf, data.test, { norm: 'linf', steps: 3, targeted: false, randomStart: true }, [1, 2], new Rng(1));
      await flipDistances(trainer.logitsOf, data.test, { norm: 'l2', steps: 3, targeted: true }, [2, 8], new Rng(1));
      await accuracy(trainer.logitsOf, data.test);
      await boundaryGrid(trainer.logitsOf, { xMin: -1, xMax: 1, yMin: -1, yMax: 1, size: 8 });
      expect(tf.memory().numTensors, `${method} attacks`).toBe(before);
      const outside = tf.memory().numTensors;
      dispose();
      expect(tf.memory().numTensors).toBeLessThan(outside);
    }
  });

  it('a whole run leaves no tensor behind once disposed', async () => {
    const before = tf.memory().numTensors;
    const { trainer, dispose } = await prepareTrainer('rigd-linf', common, data.train);
    await trainFor(trainer, 1);
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('flip distances agree with robust accuracy at the same eps', async () => {
    const { trainer, dispose } = await prepareTrainer('vanilla', common, data.train);
    await trainFor(trainer, 1);
    const base = { norm: 'l2' as const, steps: 10, targeted: true };
    const epsList = [1, 4, 16, 64];
    const d = await flipDistances(trainer.logitsOf, data.test, base, epsList, new Rng(2));
    const acc = await robustSweep(trainer.logitsOf, data.test, base, epsList, new Rng(2));
    const above = (e: number) => Array.from(d).filter((v) => v > e).length / d.length;
    expect(Array.from(d).every((v) => v === 0 || v === Infinity || epsList.includes(v))).toBe(true);
    // Surviving every eps up to e implies surviving e; at the first eps the two coincide.
    expect(Math.abs(above(1) - acc[0].accuracy)).toBeLessThan(0.02);
    epsList.forEach((e, k) => expect(above(e)).toBeLessThanOrEqual(acc[k].accuracy + 1e-9));
    expect(above(1)).toBeGreaterThan(above(64));
    dispose();
  });
});
