import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyModel, initParamValues, paramShapes, type CnnSpec } from '../../../src/core/models';
import { pagLoss } from '../../../src/core/pag/loss';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

/**
 * The CNN options the golden fixtures do not cover (they use the global-pool head on raw
 * pixels): a flatten head and centred inputs. Checked against a hand-written forward pass and,
 * for the second-order PAG gradient, against central finite differences.
 */
const spec: CnnSpec = { kind: 'cnn', inputShape: [8, 8, 3], channels: [3, 4], numClasses: 3, activation: 'softplus', head: 'flatten', centerInput: true };

function problem() {
  const rng = new Rng(7);
  const values = initParamValues(spec, rng);
  const n = 4;
  const x = Float32Array.from({ length: n * 8 * 8 * 3 }, () => rng.uniform(0, 1));
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  const u = Float32Array.from({ length: 3 * n * 8 * 8 * 3 }, () => rng.uniform(-0.5, 0.5));
  return { values, n, x, y, u };
}

describe('CNN flatten head and centred input', () => {
  beforeAll(useCpu);

  it('has a dense layer over every position of the last feature map', () => {
    const w = paramShapes(spec).find((p) => p.name === 'W')!;
    // 8 px halved once (two convolutions, a pool between): 4 x 4 x 4 features.
    expect(w.shape).toEqual([4 * 4 * 4, 3]);
  });

  it('equals the forward pass written out by hand', () => {
    const { values, n, x } = problem();
    tf.tidy(() => {
      const p = Object.fromEntries(paramShapes(spec).map((s) => [s.name, tf.tensor(values[s.name], s.shape)]));
      const xs = tf.tensor4d(x, [n, 8, 8, 3]);
      const h1 = tf.softplus(tf.add(tf.conv2d(tf.sub(xs, 0.5), p.K1 as tf.Tensor4D, 1, 'same'), p.c1)) as tf.Tensor4D;
      const pooled = tf.avgPool(h1, 2, 2, 'valid');
      const h2 = tf.softplus(tf.add(tf.conv2d(pooled, p.K2 as tf.Tensor4D, 1, 'same'), p.c2));
      const manual = tf.add(tf.matMul(h2.reshape([n, -1]), p.W as tf.Tensor2D), p.b);
      const ours = applyModel(spec, p, tf.tensor2d(x, [n, 8 * 8 * 3]));
      const diff = tf.max(tf.abs(tf.sub(manual, ours))).dataSync()[0];
      expect(diff).toBeLessThan(1e-5);
    });
  });

  it('gives PAG-loss parameter gradients that match finite differences (double backprop)', () => {
    const { values, n, x, y, u } = problem();
    const lossAt = (vals: Record<string, Float32Array>) =>
      tf.tidy(() => {
        const p = Object.fromEntries(paramShapes(spec).map((s) => [s.name, tf.tensor(vals[s.name], s.shape)]));
        const t = pagLoss((xi) => applyModel(spec, p, xi), tf.tensor2d(x, [n, 192]), tf.tensor1d(y, 'int32'), tf.tensor(u, [3, n, 192]), {
          numClasses: 3,
          lambda: 2,
          output: 'logSoftmax',
          cosEps: 1e-8,
        });
        return t.total.dataSync()[0];
      });
    const analytic = tf.tidy(() => {
      const names = paramShapes(spec).map((s) => s.name);
      const vars = paramShapes(spec).map((s) => tf.variable(tf.tensor(values[s.name], s.shape)));
      const { grads } = tf.variableGrads(() => {
        const p = Object.fromEntries(names.map((name, i) => [name, vars[i]]));
        return pagLoss((xi) => applyModel(spec, p, xi), tf.tensor2d(x, [n, 192]), tf.tensor1d(y, 'int32'), tf.tensor(u, [3, n, 192]), {
          numClasses: 3,
          lambda: 2,
          output: 'logSoftmax',
          cosEps: 1e-8,
        }).total as tf.Scalar;
      }, vars);
      const out = Object.fromEntries(names.map((name, i) => [name, grads[vars[i].name].dataSync().slice()]));
      vars.forEach((v) => v.dispose());
      return out;
    });
    const h = 1e-2;
    let checked = 0;
    for (const name of ['K1', 'K2', 'W', 'c2']) {
      const g = analytic[name];
      // The largest few entries: where float32 central differences are informative.
      const order = Array.from(g.keys()).sort((a, b) => Math.abs(g[b]) - Math.abs(g[a])).slice(0, 3);
      for (const i of order) {
        const plus = { ...values, [name]: values[name].slice() };
        const minus = { ...values, [name]: values[name].slice() };
        plus[name][i] += h;
        minus[name][i] -= h;
        const fd = (lossAt(plus) - lossAt(minus)) / (2 * h);
        expect(Math.abs(fd - g[i])).toBeLessThan(0.05 * Math.abs(g[i]) + 2e-3);
        checked++;
      }
    }
    expect(checked).toBe(12);
  });
});
