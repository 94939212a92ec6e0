import * as tf from '@tensorflow/tfjs';
import type { ScoreFn } from '../pag/inputGradients';
import { classScores, type OutputKind } from '../pag/logSoftmax';

/**
 * Saliency maps: the input-gradient of each image's own-class score, grad_x f(x)_y, the quantity
 * PAG asks to look like an image. Shape [n, ...sampleShape]; the caller owns the tensor. Display
 * normalisation belongs to the viewer (see src/cifar/page/image.ts).
 */
export function trueClassInputGradients(
  logitsOf: ScoreFn,
  x: tf.Tensor,
  y: tf.Tensor1D,
  numClasses: number,
  output: OutputKind,
): tf.Tensor {
  return tf.tidy(() => {
    const mask = tf.oneHot(y, numClasses);
    return tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(classScores(logitsOf(xi), output), mask)))(x);
  });
}
