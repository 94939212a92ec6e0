import * as tf from '@tensorflow/tfjs';

/**
 * 'exact' (default): the rearranged gradient of logSoftmax below. 'textbook': dy - sum(dy) * softmax(z), the
 * formula float32 autograd frameworks evaluate (PyTorch from exp of its saved output), kept so
 * the CLI can reproduce a float32 PyTorch run's numerics: there the own-class input-gradient of a
 * confidently classified sample is rounding noise or zero, which measurably changes what PAG
 * training converges to (docs/numerics.md). Both forms are recomputed from the input z, so both
 * have correct second-order gradients (golden fixtures).
 */
export type LogSoftmaxGradient = 'exact' | 'textbook';
let gradientForm: LogSoftmaxGradient = 'exact';

/** Process-wide: the workers set it from their run's settings (src/toy/worker/controller.ts), the CLI from its flag. */
export function setLogSoftmaxGradient(form: LogSoftmaxGradient): void {
  gradientForm = form;
}

/** The fused float64 step (src/core/fast) follows the same switch, emulating float32 rounding. */
export function getLogSoftmaxGradient(): LogSoftmaxGradient {
  return gradientForm;
}

/**
 * Log-softmax over the last axis with a gradient that is itself differentiable.
 *
 * TF.js's own tf.logSoftmax computes its gradient from the saved *output*, so when the PAG loss
 * differentiates that gradient again (double backprop) the second-order term is silently dropped.
 * Here the gradient is recomputed from the saved *input* z with ordinary ops, which the outer
 * tape records correctly (checked against the golden fixtures).
 *
 * The gradient dy - sum(dy) * p is also rearranged for float32: for a confidently classified
 * sample p_t rounds to 1 and 1 - p_t by subtraction is pure rounding noise, which the PAG
 * cosine (it only sees the gradient's direction) magnifies. Component c is written as
 * dy_c * (1 - p_c) - p_c * sum_{k != c} dy_k with 1 - p_c = sum_{k != c} p_k, a sum of positive
 * terms: exact to float32 precision (the fused float64 step agrees; test/unit/core/logSoftmax.test.ts).
 */
export const logSoftmax = tf.customGrad(((z: tf.Tensor, save: tf.GradSaveFunc) => {
  const shifted = tf.sub(z, tf.max(z, -1, true));
  const value = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
  save([z]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [zs] = saved;
      if (gradientForm === 'textbook') return tf.sub(dy, tf.mul(tf.sum(dy, -1, true), tf.softmax(zs)));
      const C = zs.shape[zs.shape.length - 1];
      const p = tf.softmax(zs);
      const othersMask = tf.sub(tf.ones([C, C]), tf.eye(C)); // column c sums every class but c
      const oneMinusP = tf.matMul(p.reshape([-1, C]), othersMask).reshape(zs.shape);
      const dyOthers = tf.sub(tf.sum(dy, -1, true), dy); // exact for the one-hot dy of PAG and CE
      return tf.sub(tf.mul(dy, oneMinusP), tf.mul(p, dyOthers));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as (z: tf.Tensor) => tf.Tensor;

export type OutputKind = 'logSoftmax' | 'logit';

/** f(x) of the paper: the per-class scores whose input-gradients PAG aligns. */
export function classScores(logits: tf.Tensor, output: OutputKind): tf.Tensor {
  return output === 'logSoftmax' ? logSoftmax(logits) : logits;
}

/** Mean softmax cross-entropy of logits [B, C] against integer labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const numClasses = logits.shape[1];
  const oneHot = tf.oneHot(labels, numClasses);
  return tf.neg(tf.mean(tf.sum(tf.mul(logSoftmax(logits), oneHot), 1))) as tf.Scalar;
}

/** Summed (not averaged) cross-entropy: the PGD loss of the fixtures and Algorithm 1. */
export function crossEntropySum(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const numClasses = logits.shape[1];
  const oneHot = tf.oneHot(labels, numClasses);
  return tf.neg(tf.sum(tf.mul(logSoftmax(logits), oneHot))) as tf.Scalar;
}
