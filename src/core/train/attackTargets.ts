import * as tf from '@tensorflow/tfjs';

/** The target class of a targeted attack: (y + 1) mod C, "the other class" when C = 2. */
export function attackTargets(y: tf.Tensor1D, numClasses: number): tf.Tensor1D {
  return tf.tidy(() => tf.mod(tf.add(y, tf.scalar(1, 'int32')), tf.scalar(numClasses, 'int32')) as tf.Tensor1D);
}
