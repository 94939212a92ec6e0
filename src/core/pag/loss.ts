import * as tf from '@tensorflow/tfjs';
import { allClassInputGradients, sampledClassInputGradients, type ScoreFn } from './inputGradients';
import { crossEntropy, type OutputKind } from './logSoftmax';
import type { CosineConvention } from '../fast/fusedCosine';

export interface PagLossOptions {
  numClasses: number;
  /** Weight of the alignment term (lambda of Eq. 1). 0 gives the vanilla objective. */
  lambda: number;
  output: OutputKind;
  /** Floor of the cosine denominator: cos = v.u / max(|v||u|, eps) ('paper'). */
  cosEps: number;
  /** Where the floor applies (src/core/fast/fusedCosine.ts); default 'paper'. */
  cosine?: CosineConvention;
  /**
   * k target classes per image (the authors' `num_grads_per_image`): entry n * k + s of this
   * [B * k] list is the s-th target class of image n (src/core/fast/cnnClasses.ts draws them). The term is scaled by C / k so that its
   * expected value is the all-classes term's. Absent: every class is a target.
   */
  targetClasses?: Int32Array;
}

export interface PagLossTerms {
  total: tf.Scalar;
  ce: tf.Scalar;
  pag: tf.Scalar;
  /** Mean cosine per target class between the input-gradient and g(x, t): [C]. */
  alignment: tf.Tensor1D;
  /** Logits at the clean inputs (for accuracy). */
  logits: tf.Tensor2D;
}

/**
 * Cosine similarity per row of two [R, D] matrices with the denominator max(|v||u|, eps).
 * Written as sqrt(max(|v|^2|u|^2, eps^2)) so a zero input-gradient (dead relus) gives a zero
 * gradient instead of the NaN of d sqrt(0).
 */
export function rowCosine(v: tf.Tensor2D, u: tf.Tensor2D, eps: number, kind: CosineConvention = 'paper'): tf.Tensor1D {
  const dot = tf.sum(tf.mul(v, u), 1);
  if (kind === 'torch') {
    // PyTorch's F.cosine_similarity (>= 1.12): each norm floored at eps, the floor carrying no
    // gradient; the norm of a zero row has gradient 0 (dead relus).
    const nv = floorNoGrad(rowNorm(v), eps);
    const nu = floorNoGrad(rowNorm(u), eps);
    return tf.div(dot, tf.mul(nv, nu)) as tf.Tensor1D;
  }
  const sq = tf.mul(tf.sum(tf.square(v), 1), tf.sum(tf.square(u), 1));
  return tf.div(dot, tf.sqrt(tf.maximum(sq, eps * eps))) as tf.Tensor1D;
}

/** Row norms whose gradient is 0 at a zero row (sqrt's would be NaN there). */
const rowNorm = tf.customGrad(((m: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const n = tf.sqrt(tf.sum(tf.square(m), 1));
  save([m, n]);
  return {
    value: n,
    gradFunc: (dy: tf.Tensor, [ms, ns]: tf.Tensor[]) => {
      const safe = tf.where(tf.greater(ns, 0), ns, tf.onesLike(ns));
      const scale = tf.where(tf.greater(ns, 0), tf.div(dy, safe), tf.zerosLike(ns));
      return tf.mul(ms, tf.expandDims(scale, 1));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (m: tf.Tensor2D) => tf.Tensor1D;

/** max(n, eps) whose gradient passes through unchanged (PyTorch clamps in place without grad). */
function floorNoGrad(n: tf.Tensor1D, eps: number): tf.Tensor1D {
  return tf.customGrad(((x: tf.Tensor) => ({ value: tf.maximum(x, eps), gradFunc: (dy: tf.Tensor) => dy })) as unknown as Parameters<typeof tf.customGrad>[0])(n) as tf.Tensor1D;
}

/**
 * Eq. (1)-(2): CE(f(x), y) + lambda * (1/B) sum_n sum_t (1 - cos(grad_x f(x_n)_t, g(x_n, t))).
 * `targets` holds g(x, t) for every class: [C, B, ...sampleShape]. With `targetClasses`, the sum
 * runs over each image's k drawn classes only and is scaled by C / k:
 * (C/k) (1/B) sum_n sum_{t in T_n} (1 - cos). Call inside a tape (optimizer.minimize or tf.grads)
 * to get weight gradients by double backpropagation.
 */
export function pagLoss(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  y: tf.Tensor1D,
  targets: tf.Tensor | null,
  opts: PagLossOptions,
): PagLossTerms {
  const logits = logitsOf(x);
  const ce = crossEntropy(logits, y);
  if (!targets || opts.lambda === 0) {
    const zero = tf.scalar(0);
    return { total: ce, ce, pag: zero, alignment: tf.zeros([opts.numClasses]) as tf.Tensor1D, logits };
  }
  const { pag, alignment } = opts.targetClasses ? sampledTerm(logitsOf, x, targets, opts, opts.targetClasses) : allClassTerm(logitsOf, x, targets, opts);
  const total = tf.add(ce, tf.mul(opts.lambda, pag)) as tf.Scalar;
  return { total, ce, pag, alignment, logits };
}

function allClassTerm(logitsOf: ScoreFn, x: tf.Tensor, targets: tf.Tensor, opts: PagLossOptions): { pag: tf.Scalar; alignment: tf.Tensor1D } {
  const batch = x.shape[0];
  const rows = opts.numClasses * batch;
  const grads = allClassInputGradients(logitsOf, x, opts.numClasses, opts.output).reshape([rows, -1]) as tf.Tensor2D;
  const cos = rowCosine(grads, targets.reshape([rows, -1]) as tf.Tensor2D, opts.cosEps, opts.cosine);
  const pag = tf.div(tf.sum(tf.sub(1, cos)), batch) as tf.Scalar;
  const alignment = tf.mean(cos.reshape([opts.numClasses, batch]), 1) as tf.Tensor1D;
  return { pag, alignment };
}

/**
 * The k-target term. Only k input-gradients per image are computed (the double backward pass,
 * PAG's cost, shrinks by C / k); g(x, t) is gathered from the all-class targets, which are cheap.
 * Alignment per class: the mean cosine over the rows that drew that class (0 for a class no image
 * drew in this batch, rare: with C = 10, k = 2, B = 32 it happens with probability 1e-3).
 */
function sampledTerm(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  targets: tf.Tensor,
  opts: PagLossOptions,
  classes: Int32Array,
): { pag: tf.Scalar; alignment: tf.Tensor1D } {
  const batch = x.shape[0];
  const C = opts.numClasses;
  const k = classes.length / batch;
  if (!Number.isInteger(k) || k < 1) throw new Error(`targetClasses has ${classes.length} entries, not a multiple of the batch (${batch})`);
  const cls = tf.tensor1d(classes, 'int32');
  const grads = sampledClassInputGradients(logitsOf, x, cls, C, opts.output).reshape([batch * k, -1]) as tf.Tensor2D;
  // Row c * B + n of the targets' [C * B, D] view is g(x_n, c); entry r belongs to image r / k.
  const rowIdx = Int32Array.from(classes, (c, r) => c * batch + Math.floor(r / k));
  const picked = tf.gather(targets.reshape([C * batch, -1]), tf.tensor1d(rowIdx, 'int32')) as tf.Tensor2D;
  const cos = rowCosine(grads, picked, opts.cosEps);
  const pag = tf.mul(C / k / batch, tf.sum(tf.sub(1, cos))) as tf.Scalar;
  const hot = tf.oneHot(cls, C);
  const sums = tf.matMul(cos.reshape([1, -1]), hot).reshape([C]);
  const alignment = tf.div(sums, tf.maximum(tf.sum(hot, 0), 1)) as tf.Tensor1D;
  return { pag, alignment };
}
