import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logSoftmax } from '../../../src/core/pag/logSoftmax';
import { useCpu } from '../setup';

describe('log-softmax gradient in float32', () => {
  beforeAll(useCpu);
  it('keeps 1 - p_t exact for confident samples (no cancellation noise)', () => {
    // Logit margins of 17-25: p_other is 1e-8..4e-11, below float32's epsilon around 1.
    const margins = [17, 19, 21, 25];
    const z = tf.tensor2d(margins.flatMap((m) => [m, 0]), [margins.length, 2]);
    const g = tf.grad((zi: tf.Tensor) => tf.sum(tf.mul(logSoftmax(zi), tf.tensor2d(margins.flatMap(() => [1, 0]), [margins.length, 2]))))(z);
    const got = g.arraySync() as number[][];
    margins.forEach((m, i) => {
      const pOther = 1 / (1 + Math.exp(m)); // float64 reference: d log p_0 / d z_0 = 1 - p_0 = p_1
      expect(Math.abs(got[i][0] - pOther) / pOther).toBeLessThan(1e-5);
      expect(Math.abs(got[i][1] + pOther) / pOther).toBeLessThan(1e-5);
    });
    tf.dispose([z, g]);
  });

  it('agrees with the textbook gradient where float32 is accurate', () => {
    const z = tf.tensor2d([[0.3, -1.2, 2.0], [1.0, 1.0, 1.0]]);
    const dy = tf.tensor2d([[0.5, -1, 2], [1, 0, 0]]);
    const ours = tf.grad((zi: tf.Tensor) => tf.sum(tf.mul(logSoftmax(zi), dy)))(z).arraySync() as number[][];
    const ref = tf.tidy(() => tf.sub(dy, tf.mul(tf.sum(dy, -1, true), tf.softmax(z))).arraySync()) as number[][];
    ours.flat().forEach((v, i) => expect(v).toBeCloseTo(ref.flat()[i], 6));
    tf.dispose([z, dy]);
  });
});
