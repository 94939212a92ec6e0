import * as tf from '@tensorflow/tfjs';
import { crossEntropySum } from '../pag/logSoftmax';
import type { ScoreFn } from '../pag/inputGradients';
import type { PgdOptions } from './pgd';

/**
 * PGD on plain arrays against a model that answers two questions: the input-gradient of the
 * summed cross-entropy and the predicted labels. Evaluation is most of a CIFAR run's time on two
 * cores (Table 1 at four radii and Figure 4 are about 400,000 image-steps of forward + backward),
 * so an engine with its own fast input-gradients (the fused CPU CNN) can attack without TF.js.
 * Same steps as pgd.ts, and the same random-start draws from the same generator, so both give
 * the same images to float32 rounding (test/unit/core/pgdArrays.test.ts).
 */
export interface AttackOracle {
  /** d/dx of sum_n CE(f(x_n), labels_n): n images of `dim` values each, [n * dim]. */
  ceInputGradients(x: Float32Array, labels: Int32Array): Float32Array;
  predict(x: Float32Array): Int32Array;
}

/** A TF.js model as an oracle (the reference the fused engines are checked against). */
export function tfjsOracle(logitsOf: ScoreFn, sampleShape: number[]): AttackOracle {
  const dim = sampleShape.reduce((a, b) => a * b, 1);
  return {
    ceInputGradients(x, labels) {
      const g = tf.tidy(() => {
        const xt = tf.tensor(x, [x.length / dim, ...sampleShape]);
        const y = tf.tensor1d(labels, 'int32');
        return tf.grad((xi: tf.Tensor) => crossEntropySum(logitsOf(xi), y))(xt);
      });
      const out = g.dataSync() as Float32Array;
      g.dispose();
      return Float32Array.from(out);
    },
    predict(x) {
      const p = tf.tidy(() => tf.argMax(logitsOf(tf.tensor(x, [x.length / dim, ...sampleShape])), 1));
      const out = Int32Array.from(p.dataSync());
      p.dispose();
      return out;
    },
  };
}

/** delta onto the eps-ball (per image), then x + delta onto [0, 1] when asked: pgd.ts's project. */
function project(x: Float32Array, d: Float32Array, dim: number, o: Pick<PgdOptions, 'norm' | 'eps' | 'clipTo01'>): void {
  const n = x.length / dim;
  for (let i = 0; i < n; i++) {
    const a = i * dim;
    if (o.norm === 'linf') {
      for (let j = a; j < a + dim; j++) d[j] = Math.min(o.eps, Math.max(-o.eps, d[j]));
    } else {
      let s = 0;
      for (let j = a; j < a + dim; j++) s += d[j] * d[j];
      const scale = Math.min(1, o.eps / Math.max(Math.sqrt(s), 1e-12));
      for (let j = a; j < a + dim; j++) d[j] *= scale;
    }
    if (o.clipTo01) for (let j = a; j < a + dim; j++) d[j] = Math.min(1, Math.max(0, x[j] + d[j])) - x[j];
  }
}

/** pgd.ts's randomDelta: the same draws in the same order. */
function randomDelta(n: number, dim: number, o: PgdOptions): Float32Array {
  if (!o.rng) throw new Error('PGD random start needs an rng');
  const rng = o.rng;
  const v = new Float32Array(n * dim);
  if (o.norm === 'linf') {
    for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-o.eps, o.eps);
    return v;
  }
  for (let b = 0; b < n; b++) {
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      const z = rng.normal();
      v[b * dim + i] = z;
      norm += z * z;
    }
    const scale = (o.eps * Math.pow(rng.next(), 1 / dim)) / Math.max(Math.sqrt(norm), 1e-12);
    for (let i = 0; i < dim; i++) v[b * dim + i] *= scale;
  }
  return v;
}

/**
 * x + delta after `steps` PGD steps. `labels`: the true labels (untargeted: ascend their
 * cross-entropy) or the targets (targeted: descend it).
 */
export function pgdArrays(oracle: AttackOracle, x: Float32Array, dim: number, labels: Int32Array, targeted: boolean, o: PgdOptions): Float32Array {
  const n = x.length / dim;
  const d = o.randomStart ? randomDelta(n, dim, o) : new Float32Array(x.length);
  if (o.randomStart) project(x, d, dim, o);
  const xa = new Float32Array(x.length);
  const sign = targeted ? -1 : 1;
  for (let s = 0; s < o.steps; s++) {
    for (let j = 0; j < x.length; j++) xa[j] = x[j] + d[j];
    const g = oracle.ceInputGradients(xa, labels);
    for (let i = 0; i < n; i++) {
      const a = i * dim;
      if (o.norm === 'linf') {
        for (let j = a; j < a + dim; j++) d[j] += sign * o.alpha * Math.sign(g[j]);
      } else {
        let s2 = 0;
        for (let j = a; j < a + dim; j++) s2 += g[j] * g[j];
        const k = (sign * o.alpha) / Math.max(Math.sqrt(s2), 1e-12);
        for (let j = a; j < a + dim; j++) d[j] += k * g[j];
      }
    }
    project(x, d, dim, o);
  }
  for (let j = 0; j < x.length; j++) xa[j] = x[j] + d[j];
  return xa;
}
