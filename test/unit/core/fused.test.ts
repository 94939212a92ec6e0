import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy } from '../../../src/core/data/toy';
import type { Dataset } from '../../../src/core/data/dataset';
import { buildMethodReferences, referenceProvider } from '../../../src/core/experiment/methods';
import { initialWeights } from '../../../src/core/experiment/prepare';
import { canTrainFused, FusedMlpTrainer, fusedReferenceProvider, type TrainerLike } from '../../../src/core/fast/fusedTrainer';
import { FUSED_PARAM_NAMES, supportsFused, toFusedParams, type FusedParams, type MlpDims } from '../../../src/core/fast/fusedParams';
import { fusedInputGradients, fusedLogits, fusedPagLoss } from './fusedOneShot';
import { FusedMlp, type FusedLossOptions } from '../../../src/core/fast/mlpFused';
import { Adam, makeFastOptimizer, Sgd } from '../../../src/core/fast/optimizers';
import { applyModel, readParamValues, type MlpSpec, type Params } from '../../../src/core/models';
import type { OutputKind } from '../../../src/core/pag/logSoftmax';
import { pagLoss } from '../../../src/core/pag/loss';
import { Rng, streamSeed } from '../../../src/core/random';
import { BatchOrder } from '../../../src/core/train/batches';
import type { OptimizerConfig } from '../../../src/core/train/optimizer';
import { Trainer, type StepMetrics, type TrainerOptions } from '../../../src/core/train/trainer';
import { relErrToMax } from '../../golden/fixtures';
import { useCpu } from '../setup';
import { expectSameMetrics } from './sameMetrics';

interface Problem {
  spec: MlpSpec;
  params: FusedParams;
  x: Float64Array;
  y: Int32Array;
  u: Float64Array;
  B: number;
}

/** A random problem whose relu pre-activations stay away from 0 (no kink within FD steps). */
function randomProblem(rng: Rng, d: number, H: number, C: number, activation: 'relu' | 'softplus', B = 5): Problem {
  const spec: MlpSpec = { kind: 'mlp', inputSize: d, hidden: [H], numClasses: C, activation };
  for (;;) {
    const rand = (n: number, s: number) => Float64Array.from({ length: n }, () => rng.normal(0, s));
    const params: FusedParams = { W1: rand(d * H, 1), b1: rand(H, 0.5), W2: rand(H * C, 1), b2: rand(C, 0.5) };
    const x = rand(B * d, 1);
    const y = Int32Array.from({ length: B }, () => rng.int(C));
    const u = rand(C * B * d, 1);
    let minAbsZ = Infinity;
    for (let n = 0; n < B; n++) {
      for (let h = 0; h < H; h++) {
        let z = params.b1[h];
        for (let i = 0; i < d; i++) z += x[n * d + i] * params.W1[i * H + h];
        minAbsZ = Math.min(minAbsZ, Math.abs(z));
      }
    }
    if (activation === 'softplus' || minAbsZ > 0.05) return { spec, params, x, y, u, B };
  }
}

function cloneParams(p: FusedParams): FusedParams {
  return { W1: p.W1.slice(), b1: p.b1.slice(), W2: p.W2.slice(), b2: p.b2.slice() };
}

/** d total / d params[name] by central differences of a kernel's loss (no analytic gradients asked). */
function finiteDiff(kernel: FusedMlp, prob: Problem, opts: FusedLossOptions, name: (typeof FUSED_PARAM_NAMES)[number], h = 1e-6): Float64Array {
  const p = cloneParams(prob.params);
  const fd = new Float64Array(p[name].length);
  const total = () => kernel.lossAndGrads(p, prob.x, prob.y, prob.u, { ...opts, grads: false }).total;
  for (let i = 0; i < fd.length; i++) {
    const w0 = p[name][i];
    p[name][i] = w0 + h;
    const plus = total();
    p[name][i] = w0 - h;
    const minus = total();
    p[name][i] = w0;
    fd[i] = (plus - minus) / (2 * h);
  }
  return fd;
}

describe('fused one-hidden-layer MLP step', () => {
  beforeAll(useCpu);

  it('claims only one-hidden-layer MLPs', () => {
    expect(supportsFused({ kind: 'mlp', inputSize: 2, hidden: [32], numClasses: 2, activation: 'relu' })).toBe(true);
    expect(supportsFused({ kind: 'mlp', inputSize: 2, hidden: [16, 16], numClasses: 3, activation: 'relu' })).toBe(false);
    expect(supportsFused({ kind: 'mlp', inputSize: 2, hidden: [], numClasses: 3, activation: 'relu' })).toBe(false);
    expect(supportsFused({ kind: 'cnn', inputShape: [8, 8, 3], channels: [4], numClasses: 3, activation: 'relu' })).toBe(false);
  });

  const cases: [string, 'relu' | 'softplus', OutputKind, number, number, number][] = [];
  for (const act of ['relu', 'softplus'] as const) {
    for (const out of ['logSoftmax', 'logit'] as const) {
      for (const [d, H, C] of [
        [2, 4, 2],
        [3, 5, 3],
        [4, 3, 5],
        [12, 7, 4],
      ]) cases.push([`${act} ${out} d${d} H${H} C${C}`, act, out, d, H, C]);
    }
  }

  it.each(cases)('gradient = central finite differences: %s', (_name, act, output, d, H, C) => {
    const rng = new Rng(d * 100 + H * 10 + C + (act === 'relu' ? 0 : 7) + (output === 'logit' ? 3 : 0));
    const prob = randomProblem(rng, d, H, C, act);
    const opts = { output, cosEps: 1e-8, lambda: 1.7 };
    const kernel = new FusedMlp(prob.spec);
    const r = kernel.lossAndGrads(prob.params, prob.x, prob.y, prob.u, opts);
    const analytic = Object.fromEntries(FUSED_PARAM_NAMES.map((n) => [n, r.grads[n].slice()]));
    expect(r.total).toBeCloseTo(r.ce + 1.7 * r.pag, 12);
    const other = new FusedMlp(prob.spec);
    for (const name of FUSED_PARAM_NAMES) {
      const fd = finiteDiff(other, prob, opts, name);
      expect(relErrToMax(analytic[name], fd), `d total / d ${name}`).toBeLessThan(1e-6);
    }
    // Input-gradients: d f_t / d x by finite differences of the logits.
    const ig = fusedInputGradients(prob.spec, prob.params, prob.x, prob.B, output);
    const f = (xs: Float64Array, n: number, t: number) => {
      const o = fusedLogits(prob.spec, prob.params, xs, prob.B).subarray(n * C, (n + 1) * C);
      if (output === 'logit') return o[t];
      const m = Math.max(...o);
      return o[t] - m - Math.log(o.reduce((s, v) => s + Math.exp(v - m), 0));
    };
    const h = 1e-6;
    const fdx = new Float64Array(C * prob.B * d);
    for (let t = 0; t < C; t++) {
      for (let n = 0; n < prob.B; n++) {
        for (let i = 0; i < d; i++) {
          const xs = prob.x.slice();
          xs[n * d + i] += h;
          const plus = f(xs, n, t);
          xs[n * d + i] -= 2 * h;
          fdx[(t * prob.B + n) * d + i] = (plus - f(xs, n, t)) / (2 * h);
        }
      }
    }
    expect(relErrToMax(ig, fdx)).toBeLessThan(1e-6);
  });

  it('matches TF.js double backprop (float32) on random problems', () => {
    const rng = new Rng(99);
    for (const [act, output, C] of [
      ['relu', 'logSoftmax', 4],
      ['softplus', 'logit', 3],
      ['softplus', 'logSoftmax', 2],
    ] as const) {
      const prob = randomProblem(rng, 3, 6, C, act, 8);
      const opts = { numClasses: C, lambda: 2.5, output, cosEps: 1e-8 };
      const r = fusedPagLoss(prob.spec, prob.params, prob.x, prob.y, prob.u, opts);
      tf.tidy(() => {
        const names = [...FUSED_PARAM_NAMES];
        const shapes: Record<string, number[]> = { W1: [3, 6], b1: [6], W2: [6, C], b2: [C] };
        const x = tf.tensor2d(Float32Array.from(prob.x), [prob.B, 3]);
        const y = tf.tensor1d(prob.y, 'int32');
        const u = tf.tensor3d(Float32Array.from(prob.u), [C, prob.B, 3]);
        let total = 0;
        const grads = tf.grads((...ps: tf.Tensor[]) => {
          const p: Params = {};
          names.forEach((n, i) => (p[n] = ps[i]));
          const t = pagLoss((xi) => applyModel(prob.spec, p, xi), x, y, u, opts);
          total = t.total.dataSync()[0];
          return t.total;
        })(names.map((n) => tf.tensor(Float32Array.from(prob.params[n]), shapes[n])));
        expect(Math.abs(total - r.total) / Math.abs(r.total)).toBeLessThan(1e-5);
        names.forEach((n, i) => expect(relErrToMax(r.grads[n], grads[i].dataSync()), `${act} ${output} d/d${n}`).toBeLessThan(1e-4));
      });
    }
  });

  it('measures without optimising: lambda 0 with targets gives the CE gradient and the PAG metrics', () => {
    const prob = randomProblem(new Rng(5), 2, 8, 3, 'softplus', 6);
    const k = new FusedMlp(prob.spec);
    const base = { output: 'logSoftmax' as const, cosEps: 1e-8 };
    const vanilla = k.lossAndGrads(prob.params, prob.x, prob.y, null, { ...base, lambda: 0 });
    const ceGrads = FUSED_PARAM_NAMES.map((n) => vanilla.grads[n].slice());
    expect(vanilla.pag).toBe(0);
    expect(Array.from(vanilla.alignment)).toEqual([0, 0, 0]);
    const measured = k.lossAndGrads(prob.params, prob.x, prob.y, prob.u, { ...base, lambda: 0 });
    FUSED_PARAM_NAMES.forEach((n, i) => expect(Array.from(measured.grads[n])).toEqual(Array.from(ceGrads[i])));
    expect(measured.pag).toBeGreaterThan(0);
    expect(measured.total).toBe(measured.ce);
    const pag = k.lossAndGrads(prob.params, prob.x, prob.y, prob.u, { ...base, lambda: 3 });
    expect(pag.pag).toBeCloseTo(measured.pag, 14);
    // pag = sum_t (1 - mean cos_t).
    expect(pag.pag).toBeCloseTo(Array.from(pag.alignment).reduce((s, c) => s + 1 - c, 0), 12);
    const noGrad = k.lossAndGrads(prob.params, prob.x, prob.y, prob.u, { ...base, lambda: 3, grads: false });
    expect(noGrad.total).toBe(pag.total);
  });

  it('confidently classified samples (other-class probability ~1e-8 to 1e-12): gradient = finite differences', () => {
    for (const [act, C] of [
      ['relu', 2],
      ['softplus', 3],
    ] as const) {
      const prob = randomProblem(new Rng(C * 13), 2, 6, C, act, 6);
      // Large output weights: logit margins of tens, where float32 loses 1 - p_t entirely.
      for (let i = 0; i < prob.params.W2.length; i++) prob.params.W2[i] *= 12;
      const k = new FusedMlp(prob.spec);
      const o = k.logits(prob.params, prob.x, prob.B);
      let smallest = 1;
      for (let n = 0; n < prob.B; n++) {
        const row = Array.from(o.subarray(n * C, (n + 1) * C)).sort((a, b) => b - a);
        smallest = Math.min(smallest, Math.exp(row[1] - row[0]));
      }
      expect(smallest).toBeLessThan(1e-7);
      const opts = { output: 'logSoftmax' as const, cosEps: 1e-8, lambda: 5 };
      const r = k.lossAndGrads(prob.params, prob.x, prob.y, prob.u, opts);
      const analytic = Object.fromEntries(FUSED_PARAM_NAMES.map((n) => [n, r.grads[n].slice()]));
      const other = new FusedMlp(prob.spec);
      for (const name of FUSED_PARAM_NAMES) {
        const fd = finiteDiff(other, prob, opts, name);
        expect(relErrToMax(analytic[name], fd), `${act} d total / d ${name}`).toBeLessThan(1e-5);
      }
    }
  });

  it('a zero input-gradient (all relus dead) gives a finite loss and gradient', () => {
    const spec: MlpSpec = { kind: 'mlp', inputSize: 2, hidden: [3], numClasses: 2, activation: 'relu' };
    const params: FusedParams = { W1: new Float64Array(6).fill(1), b1: new Float64Array(3).fill(-100), W2: new Float64Array(6).fill(1), b2: new Float64Array([0.5, -0.5]) };
    const r = fusedPagLoss(spec, params, new Float64Array([1, 2, -1, 0]), new Int32Array([0, 1]), new Float64Array(8).fill(1), { output: 'logSoftmax', cosEps: 1e-8, lambda: 5 });
    expect(r.pag).toBe(2); // cos = 0 for both classes of both samples: (1/B) * 4
    for (const n of FUSED_PARAM_NAMES) for (const v of r.grads[n]) expect(Number.isFinite(v)).toBe(true);
  });
});

describe('fast optimisers match TF.js', () => {
  beforeAll(useCpu);

  const configs: [string, OptimizerConfig][] = [
    ['adam', { kind: 'adam', learningRate: 0.01 }],
    ['adam + weight decay', { kind: 'adam', learningRate: 0.05, weightDecay: 0.1 }],
    ['sgd', { kind: 'sgd', learningRate: 0.1 }],
    ['sgd momentum', { kind: 'sgd', learningRate: 0.1, momentum: 0.9 }],
    ['sgd momentum + weight decay', { kind: 'sgd', learningRate: 0.05, momentum: 0.9, weightDecay: 1e-2 }],
  ];

  it.each(configs)('%s: 6 steps', (_name, cfg) => {
    const rng = new Rng(3);
    const sizes = [7, 3];
    const init = sizes.map((s) => Float32Array.from({ length: s }, () => rng.normal(0, 1)));
    const gradSeq = Array.from({ length: 6 }, () => sizes.map((s) => Float32Array.from({ length: s }, () => rng.normal(0, 1))));
    // Fast: float64 params, the same gradients.
    const params = init.map((v) => Float64Array.from(v));
    const opt = makeFastOptimizer(cfg, sizes);
    for (const g of gradSeq) opt.step(params, g.map((v) => Float64Array.from(v)));
    expect(opt.iterations).toBe(6);
    // TF.js: what Trainer does, loss = sum(w * g) + 0.5 wd |w|^2 through makeOptimizer's settings.
    const before = tf.memory().numTensors;
    const vars = init.map((v) => tf.tidy(() => tf.variable(tf.tensor1d(v))));
    const tfOpt =
      cfg.kind === 'adam' ? tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-8) : cfg.momentum ? tf.train.momentum(cfg.learningRate, cfg.momentum) : tf.train.sgd(cfg.learningRate);
    const wd = cfg.weightDecay ?? 0;
    for (const g of gradSeq) {
      tfOpt.minimize(() => {
        const terms = vars.map((v, i) => tf.sum(tf.mul(v, g[i])));
        if (wd > 0) terms.push(tf.mul(0.5 * wd, tf.addN(vars.map((v) => tf.sum(tf.square(v))))));
        return tf.addN(terms) as tf.Scalar;
      }, false, vars);
    }
    vars.forEach((v, i) => expect(relErrToMax(params[i], v.dataSync()), `param ${i}`).toBeLessThan(1e-5));
    tfOpt.dispose();
    // TF.js 4.22: MomentumOptimizer.dispose() forgets SGDOptimizer's kept learning-rate scalar `c`.
    if (cfg.kind === 'sgd' && cfg.momentum) (tfOpt as unknown as { c: tf.Tensor }).c.dispose();
    vars.forEach((v) => v.dispose());
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Adam and Sgd classes take explicit settings', () => {
    const w = [new Float64Array([1, -1])];
    new Adam([2], { learningRate: 0.1 }).step(w, [new Float64Array([2, -3])]);
    // First Adam step moves every weight by lr * sign(g) (up to eps).
    expect(w[0][0]).toBeCloseTo(0.9, 6);
    expect(w[0][1]).toBeCloseTo(-0.9, 6);
    const s = [new Float64Array([1])];
    const sgd = new Sgd([1], { learningRate: 0.5, momentum: 0.5 });
    sgd.step(s, [new Float64Array([1])]); // v = 1, w = 0.5
    sgd.step(s, [new Float64Array([1])]); // v = 1.5, w = -0.25
    expect(s[0][0]).toBeCloseTo(-0.25, 12);
  });
});

describe('FusedMlpTrainer vs Trainer', () => {
  beforeAll(useCpu);

  // Two moons, not the paper data: see the note above `settings`.
  const data = generateToy({ kind: 'moons', noise: 0.1, seed: 1, trainPerClass: 300, testPerClass: 50 });
  const spec: MlpSpec = { kind: 'mlp', inputSize: 2, hidden: [32], numClasses: 2, activation: 'relu' };
  const refs = buildMethodReferences({ kind: 'nearestNeighbor', poolSize: 'all' }, data.train, streamSeed(2, 'targets'))!;

  function pair(opts: TrainerOptions, train: Dataset, withTargets: boolean) {
    const init = initialWeights(opts.spec, 2);
    const tfOrder: Int32Array[] = [];
    const fusedOrder: Int32Array[] = [];
    const tfProvider = referenceProvider(refs, train);
    const fusedProvider = fusedReferenceProvider(refs, train);
    const a = new Trainer(opts, train, init, withTargets ? (idx, xb) => (tfOrder.push(idx.slice()), tfProvider(idx, xb)) : null);
    const b = new FusedMlpTrainer(opts, train, init, withTargets ? (idx) => (fusedOrder.push(idx.slice()), fusedProvider(idx)) : null);
    return { a, b, tfOrder, fusedOrder };
  }

  /*
   * Settings where the float32 TF.js step is itself accurate. With log-softmax outputs, once a
   * sample is classified confidently (other-class probability below ~1e-6) TF.js computes its
   * input-gradient e_t - softmax in float32 and gets 1 - p_t by cancellation: the tiny gradient's
   * direction, all the cosine sees, is rounding noise, and the 1/|g| factor of the cosine gradient
   * magnifies it (at the same weights TF.js's W2 gradient even loses the exact antisymmetry of
   * two classes). The fused step forms 1 - p_t as sum_{c != t} p_c and stays exact (checked by
   * finite differences below), so the two trainers part ways within a few steps of Adam at
   * lr 0.01 on such data. That is TF.js's error, not drift; these cases stay clear of it.
   */
  const settings: [string, TrainerOptions][] = [
    [
      'PAG (NN), relu, log-softmax, Adam',
      { spec, objective: { kind: 'pag', source: { kind: 'nearestNeighbor', poolSize: 'all' }, lambda: 5 }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.002 }, batchSize: 128, seed: 11, measureEvery: 10 },
    ],
    [
      'vanilla measured against NN targets, Adam',
      { spec, objective: { kind: 'vanilla' }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.001 }, batchSize: 128, seed: 11, measureEvery: 10 },
    ],
    [
      'PAG (NN), softplus, logit, SGD momentum + weight decay',
      {
        spec: { ...spec, activation: 'softplus', hidden: [8] },
        objective: { kind: 'pag', source: { kind: 'nearestNeighbor', poolSize: 'all' }, lambda: 1.5 },
        loss: { output: 'logit', cosEps: 1e-8 },
        optimizer: { kind: 'sgd', learningRate: 0.01, momentum: 0.9, weightDecay: 1e-3 },
        batchSize: 100,
        seed: 5,
        measureEvery: 7,
      },
    ],
  ];

  it.each(settings)('%s: same batches, weights and metrics after 50 steps', async (_name, opts) => {
    const { a, b, tfOrder, fusedOrder } = pair(opts, data.train, true);
    const surfaces: TrainerLike[] = [a, b];
    expect(surfaces[1].stepsPerEpoch).toBe(surfaces[0].stepsPerEpoch);
    const every = opts.measureEvery!;
    for (let i = 0; i < 50; i++) {
      a.trainStep();
      b.trainStep();
      if (i % every === 0) {
        const [ma, mb] = (await Promise.all([a.metrics(), b.metrics()])) as [StepMetrics, StepMetrics];
        expectSameMetrics(ma, mb); // a PAG term measured for both the PAG and the vanilla model
      }
    }
    expect(b.step).toBe(a.step);
    expect(b.epoch).toBe(a.epoch);
    // Every step (PAG) or every measured step (vanilla) asked for the same samples in the same order.
    expect(fusedOrder.length).toBe(tfOrder.length);
    expect(fusedOrder.length).toBeGreaterThanOrEqual(opts.objective.kind === 'pag' ? 50 : 5);
    fusedOrder.forEach((idx, i) => expect(Array.from(idx)).toEqual(Array.from(tfOrder[i])));
    const wa = await readParamValues(a.vars);
    const wb = await readParamValues(b.vars);
    for (const n of FUSED_PARAM_NAMES) expect(relErrToMax(wb[n], wa[n]), n).toBeLessThan(1e-3);
    // Same model through logitsOf.
    const xs = tf.tensor2d(data.test.x.slice(0, 40), [20, 2]);
    const la = tf.tidy(() => a.logitsOf(xs).dataSync());
    const lb = tf.tidy(() => b.logitsOf(xs).dataSync());
    expect(relErrToMax(lb, la)).toBeLessThan(1e-3);
    xs.dispose();
    a.dispose();
    b.dispose();
  });

  it('batch order is Trainer\'s for every batch, across epochs (last batch short)', () => {
    // A vanilla model asks its provider only on measured steps: measure every step to see every batch.
    const opts: TrainerOptions = { spec, objective: { kind: 'vanilla' }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 128, seed: 77, measureEvery: 1 };
    const { a, b, tfOrder, fusedOrder } = pair(opts, data.train, true);
    const steps = a.stepsPerEpoch * 3 + 2;
    for (let i = 0; i < steps; i++) {
      a.trainStep();
      b.trainStep();
    }
    expect(fusedOrder).toHaveLength(steps);
    expect(fusedOrder.map((i) => Array.from(i))).toEqual(tfOrder.map((i) => Array.from(i)));
    expect(fusedOrder[a.stepsPerEpoch - 1].length).toBe(data.train.n - 128 * (a.stepsPerEpoch - 1));
    a.dispose();
    b.dispose();
  });

  it('BatchOrder: one Rng(seed) permutation per epoch, cut into batches, the last one short', () => {
    const order = new BatchOrder(10, 4, 9);
    const rng = new Rng(9);
    expect(order.stepsPerEpoch).toBe(3);
    for (let e = 0; e < 3; e++) {
      const perm = Array.from(rng.permutation(10));
      const got: number[][] = [];
      for (let s = 0; s < 3; s++) got.push(Array.from(order.next()));
      expect(got).toEqual([perm.slice(0, 4), perm.slice(4, 8), perm.slice(8)]);
      expect(order.epoch).toBe(e + 1);
    }
  });

  it('vanilla without targets: PAG term and alignment are 0, as in Trainer', async () => {
    const opts: TrainerOptions = { spec, objective: { kind: 'vanilla' }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 64, seed: 3, measureEvery: 5 };
    const { a, b } = pair(opts, data.train, false);
    for (let i = 0; i < 11; i++) {
      a.trainStep();
      b.trainStep();
    }
    const [ma, mb] = (await Promise.all([a.metrics(), b.metrics()])) as [StepMetrics, StepMetrics];
    expect(mb.step).toBe(10);
    expect(mb.pag).toBe(0);
    expect(mb.alignment).toEqual(ma.alignment);
    expect(mb.ce).toBeCloseTo(ma.ce, 3);
    a.dispose();
    b.dispose();
  });

  it('refuses what it cannot train', () => {
    const base: TrainerOptions = { spec, objective: { kind: 'vanilla' }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 64, seed: 3 };
    const init = initialWeights(spec, 1);
    expect(() => new FusedMlpTrainer({ ...base, objective: { kind: 'adversarial', attack: { norm: 'l2', eps: 1, steps: 2, alpha: 1, targeted: false } } }, data.train, init, null)).toThrow(/adversarial/);
    expect(() => new FusedMlpTrainer({ ...base, objective: { kind: 'pag', source: { kind: 'oneImage' }, lambda: 1 } }, data.train, init, null)).toThrow(/target provider/);
    const deep: MlpSpec = { ...spec, hidden: [4, 4] };
    expect(canTrainFused({ spec: deep, objective: { kind: 'vanilla' } })).toBe(false);
    expect(() => new FusedMlpTrainer({ ...base, spec: deep }, data.train, initialWeights(deep, 1), null)).toThrow(/one hidden layer/);
  });

  it('no tensor leaks; variables synced lazily, only after the parameters changed', () => {
    const before = tf.memory().numTensors;
    const opts: TrainerOptions = { spec, objective: { kind: 'pag', source: { kind: 'nearestNeighbor', poolSize: 'all' }, lambda: 5 }, loss: { output: 'logSoftmax', cosEps: 1e-8 }, optimizer: { kind: 'adam', learningRate: 0.01 }, batchSize: 128, seed: 1 };
    const t = new FusedMlpTrainer(opts, data.train, initialWeights(spec, 1), fusedReferenceProvider(refs, data.train));
    for (let i = 0; i < 20; i++) t.trainStep();
    expect(tf.memory().numTensors).toBe(before); // training never touches TF.js
    let assigns = 0;
    const vars = t.vars; // first access creates the variables
    const created = tf.memory().numTensors;
    expect(created).toBe(before + 4);
    for (const v of Object.values(vars)) {
      const orig = v.assign.bind(v);
      v.assign = (x: tf.Tensor) => (assigns++, orig(x));
    }
    const xs = tf.tensor2d(data.test.x.slice(0, 20), [10, 2]);
    const run = () => tf.tidy(() => t.logitsOf(xs).dataSync());
    run();
    run();
    t.syncVariables();
    expect(assigns).toBe(0);
    t.trainStep();
    const l1 = run();
    expect(assigns).toBe(4);
    run();
    void t.vars;
    t.syncVariables();
    expect(assigns).toBe(4);
    // Synced values are the float64 parameters rounded to float32.
    const fast = new FusedMlp(spec).logits(t.params, Float64Array.from(data.test.x.slice(0, 20)), 10);
    expect(relErrToMax(l1, fast)).toBeLessThan(1e-5);
    t.markParamsChanged();
    t.syncVariables();
    expect(assigns).toBe(8);
    expect(tf.memory().numTensors).toBe(created + 1); // + xs
    xs.dispose();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => t.trainStep()).toThrow(/dispose/);
  });

  it('toFusedParams checks names and sizes', () => {
    const dims: MlpDims = { d: 2, H: 3, C: 2, activation: 'relu' };
    expect(() => toFusedParams(dims, { W1: [1, 2, 3, 4, 5, 6], b1: [0, 0, 0], W2: [1, 2, 3, 4, 5, 6] })).toThrow(/b2/);
    expect(() => toFusedParams(dims, { W1: [1, 2, 3], b1: [0, 0, 0], W2: [1, 2, 3, 4, 5, 6], b2: [0, 0] })).toThrow(/W1/);
  });
});
