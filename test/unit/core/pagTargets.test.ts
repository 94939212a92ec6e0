import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import { lambdaOf, objectiveOf } from '../../../src/core/experiment/methods';
import { prepareTrainer, type CommonSettings } from '../../../src/core/experiment/prepare';
import { applyModel, initParamValues, readParamValues, type ModelSpec } from '../../../src/core/models';
import { allClassInputGradients } from '../../../src/core/pag/inputGradients';
import { drawTargetClasses as drawInto } from '../../../src/core/fast/cnnClasses';
import { pagLoss, rowCosine, type PagLossOptions } from '../../../src/core/pag/loss';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

/** A 4-class MLP on 6-dimensional inputs: small enough for finite differences in float32. */
const spec: ModelSpec = { kind: 'mlp', inputSize: 6, hidden: [8], numClasses: 4, activation: 'softplus' };
const C = 4;
const B = 5;

function batch(seed: number) {
  const r = new Rng(seed);
  const x = tf.tensor2d(Array.from({ length: B * 6 }, () => r.normal()), [B, 6]);
  const y = tf.tensor1d(Array.from({ length: B }, () => r.int(C)), 'int32');
  const targets = tf.tensor3d(Array.from({ length: C * B * 6 }, () => r.normal()), [C, B, 6]);
  const params = Object.fromEntries(Object.entries(initParamValues(spec, new Rng(seed + 1))).map(([k, v]) => [k, tf.tensor(v, paramShape(k))]));
  return { x, y, targets, params };
}

function paramShape(name: string): number[] {
  return { W1: [6, 8], b1: [8], W2: [8, C], b2: [C] }[name]!;
}

/** k classes per image, image-major (entry n * k + s), as the trainers draw them. */
function drawTargetClasses(rng: Rng, batch: number, C: number, k: number): Int32Array {
  const out = new Int32Array(batch * k);
  drawInto(rng, batch, C, k, out, new Int32Array(C));
  return out;
}

const opts = (extra: Partial<PagLossOptions> = {}): PagLossOptions => ({ numClasses: C, lambda: 0.7, output: 'logSoftmax', cosEps: 1e-8, ...extra });

describe('k target classes per image', () => {
  beforeAll(useCpu);

  it('draws k distinct classes per image, seeded', () => {
    const a = drawTargetClasses(new Rng(3), 50, 10, 3);
    expect(a).toEqual(drawTargetClasses(new Rng(3), 50, 10, 3));
    expect(a).not.toEqual(drawTargetClasses(new Rng(4), 50, 10, 3));
    for (let n = 0; n < 50; n++) {
      const picked = [0, 1, 2].map((s) => a[n * 3 + s]);
      expect(new Set(picked).size).toBe(3);
      for (const c of picked) expect(c >= 0 && c < 10).toBe(true);
    }
    // Every class drawn about equally often (150 draws, 15 expected each).
    const counts = Array.from({ length: 10 }, (_, c) => a.filter((v) => v === c).length);
    for (const n of counts) expect(n).toBeGreaterThan(4);
  });

  it('with k = C (every class, in a random order per image) equals the all-classes term, value and weight gradients', () => {
    const { x, y, targets, params } = batch(1);
    // Every class once per image, in a random order (the trainers pass none for k = C).
    const r = new Rng(5);
    const classes = Int32Array.from({ length: B * C }, () => 0);
    for (let n = 0; n < B; n++) classes.set(r.permutation(C), n * C);
    const names = Object.keys(params);
    const lossWith = (o: PagLossOptions) => (...p: tf.Tensor[]) => {
      const ps = Object.fromEntries(names.map((n, i) => [n, p[i]]));
      return pagLoss((xi) => applyModel(spec, ps, xi), x, y, targets, o).total as tf.Scalar;
    };
    const all = tf.valueAndGrads(lossWith(opts()))(names.map((n) => params[n]));
    const sampled = tf.valueAndGrads(lossWith(opts({ targetClasses: classes })))(names.map((n) => params[n]));
    expect(sampled.value.dataSync()[0]).toBeCloseTo(all.value.dataSync()[0], 5);
    all.grads.forEach((g, i) => {
      const a = g.dataSync();
      const b = sampled.grads[i].dataSync();
      for (let j = 0; j < a.length; j++) expect(b[j]).toBeCloseTo(a[j], 4);
    });
    tf.dispose([x, y, targets, ...Object.values(params), all.value, sampled.value, ...all.grads, ...sampled.grads]);
  });

  it('with k < C is (C/k) (1/B) sum over the drawn classes of (1 - cos), and per-class alignment over the rows that drew it', () => {
    const { x, y, targets, params } = batch(2);
    const k = 2;
    const classes = drawTargetClasses(new Rng(6), B, C, k);
    const logitsOf = (xi: tf.Tensor) => applyModel(spec, params, xi);
    const terms = pagLoss(logitsOf, x, y, targets, opts({ targetClasses: classes }));
    // Reference: every class's cosine from the all-classes form, then pick.
    const cosAll = rowCosine(
      allClassInputGradients(logitsOf, x, C, 'logSoftmax').reshape([C * B, -1]) as tf.Tensor2D,
      targets.reshape([C * B, -1]) as tf.Tensor2D,
      1e-8,
    ).dataSync();
    let sum = 0;
    const perClass = Array.from({ length: C }, () => [] as number[]);
    classes.forEach((c, r) => {
      const cos = cosAll[c * B + Math.floor(r / k)];
      sum += 1 - cos;
      perClass[c].push(cos);
    });
    expect(terms.pag.dataSync()[0]).toBeCloseTo(((C / k) * sum) / B, 5);
    const align = terms.alignment.dataSync();
    perClass.forEach((list, c) => expect(align[c]).toBeCloseTo(list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0, 5));
    tf.dispose([x, y, targets, ...Object.values(params), terms.total, terms.ce, terms.pag, terms.alignment, terms.logits]);
  });

  it('weight gradients of the k-target loss agree with finite differences', () => {
    const { x, y, targets, params } = batch(3);
    const classes = drawTargetClasses(new Rng(7), B, C, 2);
    const names = Object.keys(params);
    const loss = (...p: tf.Tensor[]) => {
      const ps = Object.fromEntries(names.map((n, i) => [n, p[i]]));
      return pagLoss((xi) => applyModel(spec, ps, xi), x, y, targets, opts({ targetClasses: classes })).total as tf.Scalar;
    };
    const { grads } = tf.valueAndGrads(loss)(names.map((n) => params[n]));
    // Directional derivative along a random direction, central differences.
    const r = new Rng(8);
    const dirs = names.map((n) => tf.tensor(Array.from({ length: params[n].size }, () => r.normal()), params[n].shape));
    const h = 1e-2;
    const at = (s: number) => tf.tidy(() => loss(...names.map((n, i) => tf.add(params[n], tf.mul(s * h, dirs[i])))).dataSync()[0]);
    const numeric = (at(1) - at(-1)) / (2 * h);
    const analytic = grads.reduce((acc, g, i) => acc + tf.tidy(() => tf.sum(tf.mul(g, dirs[i])).dataSync()[0]), 0);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.02 * Math.max(1, Math.abs(analytic)));
    tf.dispose([x, y, targets, ...Object.values(params), ...grads, ...dirs]);
  });
});

describe('recipe settings in training', () => {
  beforeAll(useCpu);
  const r = new Rng(11);
  const n = 40;
  const data: Dataset = {
    x: Float32Array.from({ length: n * 6 }, () => r.normal()),
    y: Int32Array.from({ length: n }, (_, i) => i % C),
    n,
    numClasses: C,
    sampleShape: [6],
    classNames: ['a', 'b', 'c', 'd'],
  } as Dataset;
  const common: CommonSettings = {
    spec,
    seed: 3,
    optimizer: { kind: 'adam', learningRate: 0.01 },
    batchSize: 8,
    epochs: 2,
    lambda: 0.5,
    loss: { output: 'logSoftmax', cosEps: 1e-8 },
    nnPoolSize: 'all',
    teacherEps: { l2: 0.5, linf: 0.03 },
    teacherSteps: 2,
    clipTo01: false,
  };

  it('lambdaByMethod overrides lambda for its methods only', () => {
    expect(lambdaOf('oi', { lambda: 1.5, lambdaByMethod: { oi: 0.5, nn: 0.4 } })).toBe(0.5);
    expect(lambdaOf('cm', { lambda: 1.5, lambdaByMethod: { oi: 0.5, nn: 0.4 } })).toBe(1.5);
    expect(objectiveOf('nn', lambdaOf('nn', { lambda: 1.5, lambdaByMethod: { nn: 0.4 } }), 'all')).toMatchObject({ kind: 'pag', lambda: 0.4 });
  });

  it('warm-up epochs train exactly as vanilla, then the PAG term starts', async () => {
    const s = { ...common, warmupEpochs: 1, targetsPerImage: 2 };
    const van = await prepareTrainer('vanilla', s, data);
    const pag = await prepareTrainer('cm', s, data);
    for (let i = 0; i < pag.trainer.stepsPerEpoch; i++) {
      van.trainer.trainStep();
      pag.trainer.trainStep();
    }
    expect((await readParamValues(pag.trainer.vars)).W1).toEqual((await readParamValues(van.trainer.vars)).W1);
    van.trainer.trainStep();
    pag.trainer.trainStep();
    expect((await readParamValues(pag.trainer.vars)).W1).not.toEqual((await readParamValues(van.trainer.vars)).W1);
    van.dispose();
    pag.dispose();
  });

  it('k-target training is reproducible and leaks no tensors', async () => {
    const s = { ...common, targetsPerImage: 2, lambdaByMethod: { nn: 0.4 } };
    const run = async () => {
      const t = await prepareTrainer('nn', { ...s, measureEvery: 1 }, data);
      t.trainer.trainStep();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 12; i++) t.trainer.trainStep();
      expect(tf.memory().numTensors).toBe(before);
      const m = await t.trainer.metrics();
      expect(m!.alignment).toHaveLength(C);
      const w = await readParamValues(t.trainer.vars);
      t.dispose();
      return w.W1;
    };
    expect(await run()).toEqual(await run());
  });

  it('a saved k-target run continues with the same class draws', async () => {
    const s = { ...common, targetsPerImage: 2 };
    const a = await prepareTrainer('cm', s, data);
    for (let i = 0; i < 3; i++) a.trainer.trainStep();
    const state = await a.trainer.saveState();
    expect(state.classRng).toBeDefined();
    for (let i = 0; i < 3; i++) a.trainer.trainStep();
    const b = await prepareTrainer('cm', s, data);
    await b.trainer.restoreState(state);
    for (let i = 0; i < 3; i++) b.trainer.trainStep();
    const [wa, wb] = [await readParamValues(a.trainer.vars), await readParamValues(b.trainer.vars)];
    wa.W1.forEach((v, i) => expect(wb.W1[i]).toBeCloseTo(v, 5));
    a.dispose();
    b.dispose();
  });
});
