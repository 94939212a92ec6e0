import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setLogSoftmaxGradient } from '../../../src/core/pag/logSoftmax';
import { pagLoss } from '../../../src/core/pag/loss';
import { applyModel, type Params } from '../../../src/core/models';
import { useCpu } from '../setup';

import { rowCosine, type CosineConvention } from '../../../src/core/fast/fusedCosine';
import { FUSED_PARAM_NAMES, type FusedParams } from '../../../src/core/fast/fusedParams';
import { FusedMlp } from '../../../src/core/fast/mlpFused';
import type { MlpSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { relErrToMax } from '../../golden/fixtures';

/** The cosine's eps conventions (fusedCosine.ts) and where they part (issue 17). */
describe('cosine eps conventions', () => {
  const out = new Float64Array(3);
  const cos = (g: number[], u: number[], kind: CosineConvention) => {
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
    rowCosine(dot(g, u), dot(g, g), dot(u, u), 1e-8, kind, out);
    return [out[0], out[1], out[2]];
  };

  it('agree wherever |g|, |u| and |g||u| are above eps', () => {
    expect(cos([3, 4], [1, 2], 'torch')[0]).toBeCloseTo(11 / (5 * Math.sqrt(5)), 14);
    expect(cos([3, 4], [1, 2], 'paper')[0]).toBeCloseTo(11 / (5 * Math.sqrt(5)), 14);
    const paper = cos([3e-5, 4e-5], [1e-3, 2e-3], 'paper');
    const torch = cos([3e-5, 4e-5], [1e-3, 2e-3], 'torch');
    paper.forEach((v, i) => expect(Math.abs(v - torch[i])).toBeLessThanOrEqual(1e-12 * Math.abs(torch[i])));
  });

  it("part on a confident sample's own-class row: |g| ~ 1e-7, |u| ~ 1e-3", () => {
    // The paper's Eq. 2 floors the product: a tiny, nearly linear term; PyTorch >= 1.12 sees the full cosine.
    const g = [3e-7, 6e-7];
    const u = [1e-3, 2e-3];
    expect(cos(g, u, 'torch')[0]).toBeCloseTo(1, 12);
    expect(cos(g, u, 'paper')[0]).toBeCloseTo((3e-10 + 12e-10) / 1e-8, 12);
    // |g| below eps: PyTorch floors |g| itself.
    expect(cos([3e-9, 6e-9], u, 'torch')[0]).toBeCloseTo(Math.sqrt(45e-18) / 1e-8, 9);
    // A zero gradient (dead relus): cosine 0, finite gradient, in both.
    for (const k of ['paper', 'torch'] as const) expect(cos([0, 0], u, k).every(Number.isFinite)).toBe(true);
  });

  it('dcos/dg = a u + b g is the derivative of the cosine (finite differences), both conventions, all regimes', () => {
    for (const kind of ['paper', 'torch'] as const) {
      for (const [g, u] of [
        [[0.3, -0.7], [1.1, 0.4]],
        [[3e-7, -5e-7], [1e-3, 2e-3]],
        [[4e-9, 1e-9], [0.5, -2]],
      ]) {
        const [, a, b] = cos(g, u, kind);
        for (let i = 0; i < 2; i++) {
          const h = Math.hypot(g[0], g[1]) * 1e-6;
          const gp = g.slice();
          const gm = g.slice();
          gp[i] += h;
          gm[i] -= h;
          const fd = (cos(gp, u, kind)[0] - cos(gm, u, kind)[0]) / (2 * h);
          expect(a * u[i] + b * g[i]).toBeCloseTo(fd, Math.max(0, 5 - Math.log10(Math.abs(fd) + 1)));
        }
      }
    }
  });

  it("the fused step's gradient under the torch convention = finite differences, confident samples included", () => {
    const spec: MlpSpec = { kind: 'mlp', inputSize: 2, hidden: [6], numClasses: 2, activation: 'relu' };
    const rng = new Rng(17);
    const rand = (n: number, s: number) => Float64Array.from({ length: n }, () => rng.normal(0, s));
    for (const scale of [1, 12]) {
      const params: FusedParams = { W1: rand(12, 1), b1: rand(6, 0.5), W2: rand(12, scale), b2: rand(2, 0.5) };
      const B = 6;
      const x = rand(2 * B, 1);
      const y = Int32Array.from({ length: B }, () => rng.int(2));
      // Own-class targets as tiny as the toy's nearest neighbours, other-class ones long.
      const u = Float64Array.from({ length: 2 * B * 2 }, (_, k) => rng.normal(0, Math.floor(k / (2 * B)) === 0 ? 1e-3 : 30));
      const opts = { output: 'logSoftmax' as const, cosEps: 1e-8, lambda: 5, cosine: 'torch' as const };
      const k = new FusedMlp(spec);
      const r = k.lossAndGrads(params, x, y, u, opts);
      const analytic = Object.fromEntries(FUSED_PARAM_NAMES.map((n) => [n, r.grads[n].slice()]));
      const other = new FusedMlp(spec);
      for (const name of FUSED_PARAM_NAMES) {
        const fd = new Float64Array(params[name].length);
        for (let i = 0; i < fd.length; i++) {
          const w0 = params[name][i];
          const h = 1e-6;
          params[name][i] = w0 + h;
          const plus = other.lossAndGrads(params, x, y, u, { ...opts, grads: false }).total;
          params[name][i] = w0 - h;
          const minus = other.lossAndGrads(params, x, y, u, { ...opts, grads: false }).total;
          params[name][i] = w0;
          fd[i] = (plus - minus) / (2 * h);
        }
        expect(relErrToMax(analytic[name], fd), `scale ${scale}: d total / d ${name}`).toBeLessThan(1e-5);
      }
    }
  });
});

describe('textbook log-softmax gradient on confident samples', () => {
  beforeAll(() => setLogSoftmaxGradient('textbook'));
  afterAll(() => setLogSoftmaxGradient('exact'));

  it("the fused step's gradient is PyTorch autograd's of the same computation (fixture)", () => {
    // Samples with other-class probability ~1e-9: float32 rounds 1 - p_t to 0, so the own-class
    // input-gradient is -fl32(p_c) grad z_c. Autograd differentiates the operations, not their
    // rounding: d da_t / d W2 is the rounded coefficient (0), d / d p is the textbook one. Before
    // issue 17 the fused backward used the exact 1 - p_t in d da_t / d W2, an O(1) error here
    // (the cosine's gradient scales as 1 / |g|). Fixture: scripts/torch/textbook_fixture.py.
    // (Finite differences cannot check this: the rounded forward is flat where autograd is not;
    // TF.js float32 neither: its softmax backward cancels catastrophically on these samples.)
    const f = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'textbookSaturated.json'), 'utf8'));
    const spec: MlpSpec = { kind: 'mlp', inputSize: 2, hidden: [6], numClasses: 2, activation: 'relu' };
    const params = Object.fromEntries(FUSED_PARAM_NAMES.map((n) => [n, Float64Array.from(f.params[n])])) as unknown as FusedParams;
    const r = new FusedMlp(spec).lossAndGrads(params, Float64Array.from(f.x), Int32Array.from(f.y), Float64Array.from(f.u), { lambda: 5, output: 'logSoftmax', cosEps: 1e-8 });
    expect(r.total).toBeCloseTo(f.total, 10);
    for (const n of FUSED_PARAM_NAMES) expect(relErrToMax(r.grads[n], f.grads[n]), `d total / d ${n}`).toBeLessThan(1e-9);
  });
});

describe('the TF.js PAG loss under the torch convention', () => {
  beforeAll(useCpu);

  it('matches the fused step (float32 vs float64) where the conventions part', () => {
    const spec: MlpSpec = { kind: 'mlp', inputSize: 2, hidden: [8], numClasses: 2, activation: 'relu' };
    const rng = new Rng(21);
    const rand = (n: number, sd: number) => Float64Array.from({ length: n }, () => Math.fround(rng.normal(0, sd)));
    const params: FusedParams = { W1: rand(16, 1), b1: rand(8, 0.5), W2: rand(16, 3), b2: rand(2, 0.5) };
    const B = 8;
    const x = rand(2 * B, 2);
    const y = Int32Array.from({ length: B }, () => rng.int(2));
    // Own-class targets ~1e-4 long: |g||u| falls under eps = 1e-8 on confident rows.
    const u = Float64Array.from({ length: 2 * B * 2 }, () => Math.fround(rng.normal(0, 1e-4)));
    const base = { lambda: 5, output: 'logSoftmax' as const, cosEps: 1e-8 };
    const fused = (cosine: CosineConvention) => new FusedMlp(spec).lossAndGrads(params, x, y, u, { ...base, cosine });
    const paper = fused('paper').total;
    const r = fused('torch');
    expect(Math.abs(r.total - paper)).toBeGreaterThan(0.1);
    tf.tidy(() => {
      const names = [...FUSED_PARAM_NAMES];
      const shapes: Record<string, number[]> = { W1: [2, 8], b1: [8], W2: [8, 2], b2: [2] };
      let total = 0;
      const grads = tf.grads((...ps: tf.Tensor[]) => {
        const p: Params = {};
        names.forEach((n, i) => (p[n] = ps[i]));
        const t = pagLoss((xi) => applyModel(spec, p, xi), tf.tensor2d(Float32Array.from(x), [B, 2]), tf.tensor1d(y, 'int32'), tf.tensor3d(Float32Array.from(u), [2, B, 2]), { ...base, numClasses: 2, cosine: 'torch' });
        total = t.total.dataSync()[0];
        return t.total;
      })(names.map((n) => tf.tensor(Float32Array.from(params[n]), shapes[n])));
      expect(Math.abs(total - r.total) / r.total).toBeLessThan(1e-4);
      names.forEach((n, i) => expect(relErrToMax(r.grads[n], grads[i].dataSync()), `d/d${n}`).toBeLessThan(1e-3));
    });
  });
});
