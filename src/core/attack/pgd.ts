import * as tf from '@tensorflow/tfjs';
import { crossEntropySum } from '../pag/logSoftmax';
import { marginSum } from './margin';
import type { ScoreFn } from '../pag/inputGradients';
import type { Rng } from '../random';

export type Norm = 'l2' | 'linf';

/** What PGD climbs: cross-entropy (the paper's attack) or the logit margin (margin.ts). */
export type AttackLoss = 'ce' | 'margin';

export interface PgdOptions {
  norm: Norm;
  eps: number;
  /** Step size. */
  alpha: number;
  steps: number;
  /** Start from a random point of the eps-ball instead of x itself. */
  randomStart?: boolean;
  /** Keep x + delta inside [0, 1] (images). */
  clipTo01?: boolean;
  /** Needed only with randomStart. */
  rng?: Rng;
  /** Default 'ce'. */
  loss?: AttackLoss;
}

/** Per-sample L2 norm of a [B, ...] tensor, broadcastable back to its shape. */
function sampleNorms(t: tf.Tensor): tf.Tensor {
  const flat = t.reshape([t.shape[0], -1]);
  const n = tf.sqrt(tf.sum(tf.square(flat), 1));
  return n.reshape([t.shape[0], ...t.shape.slice(1).map(() => 1)]);
}

/** Project delta onto the eps-ball of the norm (and x + delta onto [0, 1] when asked). */
export function project(x: tf.Tensor, delta: tf.Tensor, opts: Pick<PgdOptions, 'norm' | 'eps' | 'clipTo01'>): tf.Tensor {
  return tf.tidy(() => {
    let d =
      opts.norm === 'linf'
        ? tf.clipByValue(delta, -opts.eps, opts.eps)
        : tf.mul(delta, tf.minimum(1, tf.div(opts.eps, tf.maximum(sampleNorms(delta), 1e-12))));
    if (opts.clipTo01) d = tf.sub(tf.clipByValue(tf.add(x, d), 0, 1), x);
    return d;
  });
}

function randomDelta(x: tf.Tensor, opts: PgdOptions): tf.Tensor {
  if (!opts.rng) throw new Error('PGD random start needs an rng');
  const rng = opts.rng;
  const size = x.size;
  const values = new Float32Array(size);
  if (opts.norm === 'linf') {
    for (let i = 0; i < size; i++) values[i] = rng.uniform(-opts.eps, opts.eps);
    return tf.tensor(values, x.shape);
  }
  // Uniform in the L2 ball: a Gaussian direction scaled by eps * u^(1/d).
  const batch = x.shape[0];
  const dim = size / batch;
  for (let b = 0; b < batch; b++) {
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      const v = rng.normal();
      values[b * dim + i] = v;
      norm += v * v;
    }
    const scale = (opts.eps * Math.pow(rng.next(), 1 / dim)) / Math.max(Math.sqrt(norm), 1e-12);
    for (let i = 0; i < dim; i++) values[b * dim + i] *= scale;
  }
  return tf.tensor(values, x.shape);
}

/**
 * One PGD step on delta (Algorithm 1 with steepest-ascent steps). Targeted attacks descend the
 * summed cross-entropy towards `target`; untargeted ones ascend it away from `y`.
 */
export function pgdStep(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  delta: tf.Tensor,
  labels: tf.Tensor1D,
  targeted: boolean,
  opts: PgdOptions,
): tf.Tensor {
  return tf.tidy(() => {
    const sign = targeted ? -1 : 1;
    const lossOf = opts.loss === 'margin' ? marginSum : crossEntropySum;
    const g = tf.grad((d: tf.Tensor) => lossOf(logitsOf(tf.add(x, d)), labels))(delta);
    const step =
      opts.norm === 'linf' ? tf.sign(g) : tf.div(g, tf.maximum(sampleNorms(g), 1e-12));
    return project(x, tf.add(delta, tf.mul(sign * opts.alpha, step)), opts);
  });
}

export interface PgdResult {
  xAdv: tf.Tensor;
  /** x + delta after each step (step 0 = the start), only when asked: [steps+1] tensors. */
  trajectory?: tf.Tensor[];
}

/**
 * PGD from x. `target` null means untargeted (against `y`). The caller owns the returned
 * tensors. With `keepTrajectory`, every intermediate point is returned too (the toy plots).
 */
export function pgd(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  y: tf.Tensor1D,
  target: tf.Tensor1D | null,
  opts: PgdOptions,
  keepTrajectory = false,
): PgdResult {
  const labels = target ?? y;
  let delta = opts.randomStart ? tf.tidy(() => project(x, randomDelta(x, opts), opts)) : tf.zerosLike(x);
  const trajectory: tf.Tensor[] = [];
  if (keepTrajectory) trajectory.push(tf.add(x, delta));
  for (let s = 0; s < opts.steps; s++) {
    const next = pgdStep(logitsOf, x, delta, labels, target !== null, opts);
    delta.dispose();
    delta = next;
    if (keepTrajectory) trajectory.push(tf.add(x, delta));
  }
  const xAdv = tf.add(x, delta);
  delta.dispose();
  return keepTrajectory ? { xAdv, trajectory } : { xAdv };
}
