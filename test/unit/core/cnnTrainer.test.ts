import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import { buildMethodReferences, referenceProvider } from '../../../src/core/experiment/methods';
import { initialWeights, prepareTrainer, type CommonSettings } from '../../../src/core/experiment/prepare';
import { FusedCnn } from '../../../src/core/fast/cnnFused';
import { canTrainFusedCnn, FusedCnnTrainer } from '../../../src/core/fast/cnnTrainer';
import { fusedReferenceProvider } from '../../../src/core/fast/fusedTrainer';
import { readParamValues, type CnnSpec } from '../../../src/core/models';
import { Rng, streamSeed } from '../../../src/core/random';
import { Trainer, type StepMetrics, type TrainerOptions } from '../../../src/core/train/trainer';
import { relErrToMax } from '../../golden/fixtures';
import { useCpu } from '../setup';
import { expectSameMetrics } from './sameMetrics';

/** Small coloured images, a class per dominant colour plus noise: enough for a CNN to learn from. */
function colourData(seed: number, n: number, C: number): Dataset {
  const rng = new Rng(seed);
  const d = 8 * 8 * 3;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % C;
    for (let q = 0; q < 64; q++) for (let c = 0; c < 3; c++) x[i * d + q * 3 + c] = Math.min(1, Math.max(0, (c === y[i] % 3 ? 0.6 : 0.3) + 0.25 * rng.normal()));
  }
  return { x, y, n, sampleShape: [8, 8, 3], numClasses: C, classNames: [] };
}

const spec: CnnSpec = { kind: 'cnn', inputShape: [8, 8, 3], channels: [4, 6], numClasses: 3, activation: 'relu', head: 'flatten', centerInput: true };
const loss = { output: 'logSoftmax' as const, cosEps: 1e-8 };
const nn = { kind: 'pag' as const, source: { kind: 'nearestNeighbor' as const, poolSize: 'all' as const }, lambda: 1 };

describe('FusedCnnTrainer', () => {
  beforeAll(useCpu);
  const data = colourData(1, 48, 3);
  const refs = buildMethodReferences({ kind: 'nearestNeighbor', poolSize: 'all' }, data, streamSeed(2, 'targets'))!;

  const settings: [string, TrainerOptions][] = [
    ['PAG (NN), all classes, Adam', { spec, objective: nn, loss, optimizer: { kind: 'adam', learningRate: 0.002 }, batchSize: 16, seed: 3, measureEvery: 4 }],
    ['vanilla measured against NN targets, SGD momentum + weight decay', { spec, objective: { kind: 'vanilla' }, loss, optimizer: { kind: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 1e-3 }, batchSize: 20, seed: 4, measureEvery: 3 }],
  ];

  it.each(settings)('%s: same weights and metrics as the TF.js Trainer after 12 steps', async (_name, opts) => {
    const init = initialWeights(spec, 2);
    const a = new Trainer(opts, data, init, referenceProvider(refs, data));
    const b = new FusedCnnTrainer(opts, data, init, fusedReferenceProvider(refs, data));
    expect(b.stepsPerEpoch).toBe(a.stepsPerEpoch);
    for (let i = 0; i < 12; i++) {
      a.trainStep();
      b.trainStep();
      if (i % opts.measureEvery! === 0) {
        const [ma, mb] = (await Promise.all([a.metrics(), b.metrics()])) as [StepMetrics, StepMetrics];
        expectSameMetrics(ma, mb);
      }
    }
    const wa = await readParamValues(a.vars);
    const wb = await readParamValues(b.vars);
    for (const n of Object.keys(wa)) expect(relErrToMax(wb[n], wa[n]), n).toBeLessThan(1e-3);
    const xs = tf.tensor(data.x.slice(0, 5 * 192), [5, 8, 8, 3]);
    expect(relErrToMax(tf.tidy(() => b.logitsOf(xs).dataSync()), tf.tidy(() => a.logitsOf(xs).dataSync()))).toBeLessThan(1e-3);
    xs.dispose();
    a.dispose();
    b.dispose();
  });

  it('k target classes per image: continues bit for bit from a saved state (classes included)', async () => {
    const opts: TrainerOptions = { spec, objective: nn, loss, optimizer: { kind: 'adam', learningRate: 0.003 }, batchSize: 16, seed: 9, targetsPerImage: 2 };
    const init = initialWeights(spec, 5);
    const make = () => new FusedCnnTrainer(opts, data, init, fusedReferenceProvider(refs, data));
    const a = make();
    for (let i = 0; i < 4; i++) a.trainStep();
    const saved = await a.saveState();
    expect(saved.classRng).toBeDefined();
    for (let i = 0; i < 4; i++) a.trainStep();
    const b = make();
    await b.restoreState(saved);
    for (let i = 0; i < 4; i++) b.trainStep();
    b.params.list.forEach((w, j) => expect(Array.from(w)).toEqual(Array.from(a.params.list[j])));
    // The k = 2 model is not the all-classes model (the draw matters), yet trains the same batches.
    const all = new FusedCnnTrainer({ ...opts, targetsPerImage: 0 }, data, init, fusedReferenceProvider(refs, data));
    for (let i = 0; i < 8; i++) all.trainStep();
    expect(relErrToMax(all.params.byName['K1'], a.params.byName['K1'])).toBeGreaterThan(1e-6);
    expect(all.epoch).toBe(a.epoch);
    [a, b, all].forEach((t) => t.dispose());
  });

  it('warm-up epochs train on cross-entropy alone, then the PAG term starts', () => {
    const opts: TrainerOptions = { spec, objective: nn, loss, optimizer: { kind: 'adam', learningRate: 0.003 }, batchSize: 16, seed: 2, warmupEpochs: 1, measureEvery: 1 };
    const init = initialWeights(spec, 6);
    const pag = new FusedCnnTrainer(opts, data, init, fusedReferenceProvider(refs, data));
    const vanilla = new FusedCnnTrainer({ ...opts, objective: { kind: 'vanilla' } }, data, init, null);
    for (let i = 0; i < pag.stepsPerEpoch; i++) {
      pag.trainStep();
      vanilla.trainStep();
    }
    pag.params.list.forEach((w, j) => expect(Array.from(w)).toEqual(Array.from(vanilla.params.list[j])));
    pag.trainStep();
    vanilla.trainStep();
    expect(relErrToMax(pag.params.byName['K1'], vanilla.params.byName['K1'])).toBeGreaterThan(1e-6);
    pag.dispose();
    vanilla.dispose();
  });

  it('prepareTrainer picks it for engine auto (not for RIGD or tfjs); no tensors while training or evaluating', async () => {
    const common: CommonSettings = {
      spec, seed: 1, optimizer: { kind: 'adam', learningRate: 0.003 }, batchSize: 16, epochs: 1, lambda: 1, loss, nnPoolSize: 'all',
      teacherEps: { l2: 0.5, linf: 0.03 }, teacherSteps: 2, clipTo01: true, engine: 'auto', targetsPerImage: 2,
    };
    expect(canTrainFusedCnn({ spec, objective: { kind: 'pag', source: { kind: 'rigd', norm: 'l2' }, lambda: 1 } })).toBe(false);
    expect(canTrainFusedCnn({ spec, objective: { kind: 'adversarial', attack: { norm: 'l2', eps: 1, steps: 1, alpha: 1, targeted: false } } })).toBe(false);
    const initial = tf.memory().numTensors;
    const { trainer, dispose } = await prepareTrainer('nn', common, data);
    expect(trainer).toBeInstanceOf(FusedCnnTrainer);
    const tfjs = await prepareTrainer('nn', { ...common, engine: 'tfjs' }, data);
    expect(tfjs.trainer).toBeInstanceOf(Trainer);
    tfjs.dispose();
    const t = trainer as FusedCnnTrainer;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) t.trainStep();
    expect(tf.memory().numTensors).toBe(before);
    const xs = tf.tensor(data.x.slice(0, 4 * 192), [4, 8, 8, 3]);
    const logits = tf.tidy(() => t.logitsOf(xs).dataSync());
    const created = tf.memory().numTensors;
    expect(created).toBe(before + 1); // + xs: the variables exist from construction
    const fast = new FusedCnn(spec).logits(t.params, data.x.slice(0, 4 * 192), 4);
    expect(relErrToMax(logits, fast)).toBeLessThan(1e-5);
    tf.tidy(() => t.logitsOf(xs).dataSync());
    expect(tf.memory().numTensors).toBe(created);
    xs.dispose();
    dispose();
    expect(tf.memory().numTensors).toBe(initial);
    expect(() => t.trainStep()).toThrow(/dispose/);
  });
});
