import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgd } from '../../../src/core/attack/pgd';
import { applyModel, initParamValues, makeVariables, type ModelSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

const mlp: ModelSpec = { kind: 'mlp', inputSize: 6, hidden: [8], numClasses: 3, activation: 'relu' };

describe('PGD stays where it is asked to', () => {
  beforeAll(useCpu);
  it('inside the eps-ball (L2 and Linf) and inside [0, 1] when clipping', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1000 }),
          norm: fc.constantFrom('l2' as const, 'linf' as const),
          eps: fc.double({ min: 0.01, max: 3, noNaN: true }),
          steps: fc.integer({ min: 1, max: 6 }),
          clip: fc.boolean(),
          randomStart: fc.boolean(),
          targeted: fc.boolean(),
        }),
        ({ seed, norm, eps, steps, clip, randomStart, targeted }) => {
          const rng = new Rng(seed);
          const vars = makeVariables(mlp, initParamValues(mlp, rng));
          const n = 5;
          const xs = Float32Array.from({ length: n * 6 }, () => rng.next());
          const labels = Int32Array.from({ length: n }, () => rng.int(3));
          const res = tf.tidy(() => {
            const x = tf.tensor2d(xs, [n, 6]);
            const y = tf.tensor1d(labels, 'int32');
            const target = targeted ? tf.tensor1d(labels.map((l) => (l + 1) % 3), 'int32') : null;
            const { xAdv } = pgd((xi) => applyModel(mlp, vars, xi), x, y, target, {
              norm, eps, alpha: eps / 2, steps, clipTo01: clip, randomStart, rng,
            });
            return xAdv.dataSync();
          });
          Object.values(vars).forEach((v) => v.dispose());
          for (let i = 0; i < n; i++) {
            let l2 = 0;
            let linf = 0;
            for (let k = 0; k < 6; k++) {
              const d = res[i * 6 + k] - xs[i * 6 + k];
              l2 += d * d;
              linf = Math.max(linf, Math.abs(d));
              if (clip) {
                expect(res[i * 6 + k]).toBeGreaterThanOrEqual(0);
                expect(res[i * 6 + k]).toBeLessThanOrEqual(1);
              }
            }
            if (norm === 'l2') expect(Math.sqrt(l2)).toBeLessThanOrEqual(eps * (1 + 1e-5) + 1e-6);
            else expect(linf).toBeLessThanOrEqual(eps * (1 + 1e-5) + 1e-6);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('an untargeted attack raises the loss, a targeted one lowers it towards the target', () => {
    const rng = new Rng(7);
    const vars = makeVariables(mlp, initParamValues(mlp, rng));
    const n = 16;
    const xs = Float32Array.from({ length: n * 6 }, () => rng.normal());
    const labels = Int32Array.from({ length: n }, () => rng.int(3));
    tf.tidy(() => {
      const f = (xi: tf.Tensor) => applyModel(mlp, vars, xi);
      const x = tf.tensor2d(xs, [n, 6]);
      const y = tf.tensor1d(labels, 'int32');
      const ce = (xi: tf.Tensor, l: tf.Tensor1D) => tf.losses.softmaxCrossEntropy(tf.oneHot(l, 3), f(xi)).dataSync()[0];
      const opts = { norm: 'l2' as const, eps: 1, alpha: 0.25, steps: 8 };
      const up = pgd(f, x, y, null, opts).xAdv;
      expect(ce(up, y)).toBeGreaterThan(ce(x, y));
      const t = tf.tensor1d(labels.map((l) => (l + 1) % 3), 'int32');
      const down = pgd(f, x, y, t, opts).xAdv;
      expect(ce(down, t)).toBeLessThan(ce(x, t));
    });
    Object.values(vars).forEach((v) => v.dispose());
  });
});
