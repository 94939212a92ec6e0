import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawTargetClasses, effectiveK } from '../../../src/core/fast/cnnClasses';
import { FusedCnn, type CnnLossOptions } from '../../../src/core/fast/cnnFused';
import { loadCnnWasm } from '../../../src/core/fast/cnnWasm';
import { cnnDims, supportsFusedCnn, toCnnParams, type CnnParams } from '../../../src/core/fast/cnnShapes';
import { applyModel, initParamValues, paramShapes, type CnnSpec, type Params } from '../../../src/core/models';
import { allClassInputGradients } from '../../../src/core/pag/inputGradients';
import { crossEntropy, setLogSoftmaxGradient, type OutputKind } from '../../../src/core/pag/logSoftmax';
import { rowCosine } from '../../../src/core/pag/loss';
import { Rng } from '../../../src/core/random';
import { relErrToMax } from '../../golden/fixtures';
import { useCpu } from '../setup';

interface Problem {
  spec: CnnSpec;
  values: Record<string, Float32Array>;
  x: Float32Array;
  y: Int32Array;
  u: Float32Array;
  B: number;
}

function problem(seed: number, spec: CnnSpec, B: number): Problem {
  const rng = new Rng(seed);
  const values = initParamValues(spec, rng);
  // Larger than PyTorch's init so relu and softplus curvature matter and the logits spread.
  for (const v of Object.values(values)) for (let i = 0; i < v.length; i++) v[i] *= 3;
  const d = spec.inputShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: B * d }, () => rng.next());
  const y = Int32Array.from({ length: B }, () => rng.int(spec.numClasses));
  const u = Float32Array.from({ length: spec.numClasses * B * d }, () => rng.normal());
  return { spec, values, x, y, u, B };
}

function cnn(over: Partial<CnnSpec>): CnnSpec {
  return { kind: 'cnn', inputShape: [8, 8, 3], channels: [4, 5], numClasses: 3, activation: 'relu', ...over };
}

/**
 * The TF.js objective on the same numbers: pagLoss's pieces (allClassInputGradients, rowCosine,
 * crossEntropy), with the PAG term restricted to each image's classes and scaled by C/k when
 * `classes` is given; gradients by TF.js's double backpropagation.
 */
function tfjsReference(p: Problem, opts: CnnLossOptions, classes: Int32Array | null): { total: number; ce: number; pag: number; grads: Record<string, Float32Array> } {
  const { spec, B } = p;
  const C = spec.numClasses;
  const shapes = paramShapes(spec);
  return tf.tidy(() => {
    const tensors = shapes.map((s) => tf.tensor(p.values[s.name], s.shape));
    const x = tf.tensor(p.x, [B, ...spec.inputShape]);
    const y = tf.tensor1d(p.y, 'int32');
    const u = tf.tensor(p.u, [C * B, p.x.length / B]);
    const k = classes ? classes.length / B : C;
    const mask = new Float32Array(C * B);
    for (let n = 0; n < B; n++) for (let j = 0; j < k; j++) mask[(classes ? classes[n * k + j] : j) * B + n] = 1;
    const maskT = tf.tensor1d(mask);
    let ce = 0;
    let pag = 0;
    const f = (...ps: tf.Tensor[]) => {
      const params: Params = {};
      shapes.forEach((s, i) => (params[s.name] = ps[i]));
      const logitsOf = (xi: tf.Tensor) => applyModel(spec, params, xi);
      const ceT = crossEntropy(logitsOf(x), y);
      const g = allClassInputGradients(logitsOf, x, C, opts.output).reshape([C * B, -1]) as tf.Tensor2D;
      const cos = rowCosine(g, u as tf.Tensor2D, opts.cosEps);
      const pagT = tf.mul(tf.sum(tf.mul(tf.sub(1, cos), maskT)), C / k / B);
      ce = ceT.dataSync()[0];
      pag = pagT.dataSync()[0];
      return tf.add(ceT, tf.mul(opts.lambda, pagT)) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(f)(tensors);
    const out: Record<string, Float32Array> = {};
    shapes.forEach((s, i) => (out[s.name] = grads[i].dataSync() as Float32Array));
    return { total: value.dataSync()[0], ce, pag, grads: out };
  });
}

function fused(p: Problem, opts: CnnLossOptions) {
  const kernel = new FusedCnn(p.spec);
  expect(kernel.kernelKind).toBe('wasm');
  const params = toCnnParams(p.spec, p.values);
  const r = kernel.lossAndGrads(params, p.x, p.y, p.u, opts);
  return { kernel, params, r };
}

describe('fused CNN step', () => {
  beforeAll(useCpu);
  // The default kernels where WebAssembly SIMD is there (test/unit/cnnWasm.test.ts: they equal the JS loops).
  beforeAll(async () => void (await loadCnnWasm()));

  it('claims the project CNNs and refuses maps that do not halve evenly', () => {
    expect(supportsFusedCnn(cnn({}))).toBe(true);
    expect(supportsFusedCnn({ kind: 'cnn', inputShape: [32, 32, 3], channels: [8, 16, 32], numClasses: 10, activation: 'relu', head: 'flatten', centerInput: true })).toBe(true);
    expect(supportsFusedCnn(cnn({ inputShape: [6, 6, 3], channels: [2, 2, 2] }))).toBe(false);
    expect(supportsFusedCnn({ kind: 'mlp', inputSize: 2, hidden: [4], numClasses: 2, activation: 'relu' })).toBe(false);
    const dims = cnnDims({ kind: 'cnn', inputShape: [32, 32, 3], channels: [8, 16, 32], numClasses: 2, activation: 'relu', head: 'flatten' });
    expect(dims.features).toBe(8 * 8 * 32);
    expect(dims.layers.map((l) => [l.H, l.inC, l.outC, l.pool])).toEqual([
      [32, 3, 8, true],
      [16, 8, 16, true],
      [8, 16, 32, false],
    ]);
  });

  const cases: [string, Partial<CnnSpec>, OutputKind][] = [
    ['relu, gap head, log-softmax', {}, 'logSoftmax'],
    ['relu, flatten head, centred input, log-softmax', { head: 'flatten', centerInput: true }, 'logSoftmax'],
    ['softplus, flatten head, logits', { head: 'flatten', activation: 'softplus' }, 'logit'],
    ['one layer, softplus, gap, centred', { channels: [6], activation: 'softplus', centerInput: true }, 'logSoftmax'],
    ['three layers, relu, flatten', { channels: [3, 4, 5], head: 'flatten' }, 'logSoftmax'],
  ];
  for (const [name, over, output] of cases) {
    it(`equals TF.js's loss and every parameter gradient: ${name}`, () => {
      const p = problem(7, cnn(over), 3);
      const opts: CnnLossOptions = { output, cosEps: 1e-8, lambda: 1.5 };
      const want = tfjsReference(p, opts, null);
      const { r } = fused(p, opts);
      expect(Math.abs(r.ce - want.ce) / Math.abs(want.ce)).toBeLessThan(1e-5);
      expect(Math.abs(r.pag - want.pag) / Math.abs(want.pag)).toBeLessThan(1e-5);
      expect(Math.abs(r.total - want.total) / Math.abs(want.total)).toBeLessThan(1e-5);
      for (const name of r.grads.names) {
        const got = r.grads.byName[name];
        expect(relErrToMax(got, want.grads[name]), `d total / d ${name}`).toBeLessThan(2e-4);
      }
    });
  }

  it('equals TF.js with k target classes per image (term scaled by C/k), and the textbook gradient', () => {
    const spec = cnn({ numClasses: 5, head: 'flatten', centerInput: true });
    const p = problem(11, spec, 4);
    const classes = new Int32Array(4 * 2);
    drawTargetClasses(new Rng(3), 4, 5, 2, classes, new Int32Array(5));
    for (const form of ['exact', 'textbook'] as const) {
      setLogSoftmaxGradient(form);
      try {
        const opts: CnnLossOptions = { output: 'logSoftmax', cosEps: 1e-8, lambda: 0.7, targetClasses: classes };
        const want = tfjsReference(p, opts, classes);
        const { r } = fused(p, opts);
        expect(Math.abs(r.pag - want.pag) / Math.abs(want.pag), form).toBeLessThan(1e-5);
        expect(Math.abs(r.total - want.total) / Math.abs(want.total), form).toBeLessThan(1e-5);
        for (const name of r.grads.names) expect(relErrToMax(r.grads.byName[name], want.grads[name]), `${form} d/d${name}`).toBeLessThan(2e-4);
      } finally {
        setLogSoftmaxGradient('exact');
      }
    }
  });

  it('matches central finite differences of its own loss (float64)', () => {
    for (const [activation, head, classes] of [
      ['softplus', 'flatten', null],
      ['relu', 'gap', Int32Array.from([2, 0, 1, 3])],
    ] as const) {
      const spec: CnnSpec = { kind: 'cnn', inputShape: [4, 4, 2], channels: [2, 3], numClasses: 4, activation, head, centerInput: true };
      const p = problem(5, spec, 2);
      const opts: CnnLossOptions = { output: 'logSoftmax', cosEps: 1e-8, lambda: 2, targetClasses: classes };
      const kernel = new FusedCnn(spec);
      const params = toCnnParams(spec, p.values);
      const analytic = kernel.lossAndGrads(params, p.x, p.y, p.u, opts).grads.list.map((a) => a.slice());
      const lossAt = (q: CnnParams) => kernel.lossAndGrads(q, p.x, p.y, p.u, { ...opts, grads: false }).total;
      const h = 1e-5;
      let worst = 0;
      params.list.forEach((arr, j) => {
        const scale = Math.max(...analytic[j].map(Math.abs), 1e-3);
        for (let i = 0; i < arr.length; i++) {
          const keep = arr[i];
          arr[i] = keep + h;
          const up = lossAt(params);
          arr[i] = keep - h;
          const down = lossAt(params);
          arr[i] = keep;
          const numeric = (up - down) / (2 * h);
          worst = Math.max(worst, Math.abs(numeric - analytic[j][i]) / scale);
        }
      });
      expect(worst, `${activation} ${head}`).toBeLessThan(1e-6);
    }
  });

  it('gives the input-gradients TF.js gives; with lambda 0 the gradients are cross-entropy alone', () => {
    const p = problem(13, cnn({ head: 'flatten' }), 2);
    const { kernel, params } = fused(p, { output: 'logSoftmax', cosEps: 1e-8, lambda: 1 });
    const ours = kernel.inputGradients(params, p.x, p.B, 'logSoftmax');
    const theirs = tf.tidy(() => {
      const shapes = paramShapes(p.spec);
      const P: Params = {};
      shapes.forEach((s) => (P[s.name] = tf.tensor(p.values[s.name], s.shape)));
      return allClassInputGradients((xi) => applyModel(p.spec, P, xi), tf.tensor(p.x, [p.B, 8, 8, 3]), 3, 'logSoftmax').dataSync();
    });
    expect(relErrToMax(ours, theirs)).toBeLessThan(1e-4);
    // Without targets only cross-entropy: gradients equal a lambda-0 run with targets.
    const plain = kernel.lossAndGrads(params, p.x, p.y, null, { output: 'logSoftmax', cosEps: 1e-8, lambda: 1 }).grads.list.map((a) => a.slice());
    const zeroLambda = kernel.lossAndGrads(params, p.x, p.y, p.u, { output: 'logSoftmax', cosEps: 1e-8, lambda: 0 });
    expect(zeroLambda.pag).toBeGreaterThan(0);
    zeroLambda.grads.list.forEach((a, j) => expect(relErrToMax(a, plain[j])).toBeLessThan(1e-12));
  });

  it('draws k distinct classes per image exactly as Rng.sample does, all classes for k = 0 or k >= C', () => {
    const out = new Int32Array(6 * 3);
    drawTargetClasses(new Rng(42), 6, 10, 3, out, new Int32Array(10));
    const ref = new Rng(42);
    const classes = Array.from({ length: 10 }, (_, c) => c);
    for (let n = 0; n < 6; n++) {
      const row = Array.from(out.subarray(n * 3, n * 3 + 3));
      expect(row).toEqual(ref.sample(classes, 3));
      expect(new Set(row).size).toBe(3);
    }
    expect(effectiveK(10, 0)).toBe(10);
    expect(effectiveK(10, 12)).toBe(10);
    const all = new Int32Array(2 * 4);
    drawTargetClasses(new Rng(1), 2, 4, 0, all, new Int32Array(4));
    expect(Array.from(all)).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
  });
});
