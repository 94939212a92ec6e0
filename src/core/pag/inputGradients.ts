import * as tf from '@tensorflow/tfjs';
import { classScores, type OutputKind } from './logSoftmax';

export type ScoreFn = (x: tf.Tensor) => tf.Tensor2D;

/**
 * Input-gradients of every class score at once: result[t] = d/dx sum_n f(x_n)_t,
 * shape [C, B, ...sampleShape].
 *
 * One tf.grad on the batch tiled C times, with the scores masked by a class one-hot, instead of
 * C separate backward passes: the same numbers with C times fewer kernel launches. Recorded on
 * any enclosing tape, so the PAG loss can differentiate it again with respect to the weights.
 * (Batch-statistics normalisation would mix the tiled copies; the models here have none.)
 */
export function allClassInputGradients(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  numClasses: number,
  output: OutputKind,
): tf.Tensor {
  const batch = x.shape[0];
  const sampleShape = x.shape.slice(1);
  const tiled = tf.tile(x, [numClasses, ...sampleShape.map(() => 1)]);
  const classOfRow = tf.tidy(() =>
    tf.oneHot(tf.range(0, numClasses, 1, 'int32').reshape([numClasses, 1]).tile([1, batch]).reshape([-1]) as tf.Tensor1D, numClasses),
  );
  const grad = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(classScores(logitsOf(xi), output), classOfRow)));
  const g = grad(tiled);
  return g.reshape([numClasses, batch, ...sampleShape]);
}

/**
 * One input-gradient per row: each image repeated k times (row r = n * k + s is image n), row r
 * differentiates the score of class `classOfRow[r]`. The k-target form of the above (the same
 * one-backward-pass trick), [B * k, ...sampleShape], likewise recorded on any enclosing tape.
 */
export function sampledClassInputGradients(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  classOfRow: tf.Tensor1D,
  numClasses: number,
  output: OutputKind,
): tf.Tensor {
  const batch = x.shape[0];
  const k = classOfRow.shape[0] / batch;
  const sampleShape = x.shape.slice(1);
  const repeated = tf.gather(x, tf.tensor1d(Int32Array.from({ length: batch * k }, (_, r) => Math.floor(r / k)), 'int32'));
  const mask = tf.oneHot(classOfRow, numClasses);
  const grad = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(classScores(logitsOf(xi), output), mask)));
  return grad(repeated).reshape([batch * k, ...sampleShape]);
}
