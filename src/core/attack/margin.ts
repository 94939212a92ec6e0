import * as tf from '@tensorflow/tfjs';

/**
 * The margin (Carlini-Wagner style) loss of the attack suite, summed over the batch:
 * sum_n (max_{j != l_n} z_nj - z_{n,l_n}) on the logits z.
 *
 * Why a second loss: cross-entropy through a saturated softmax has vanishing gradients (a
 * confidently classified point sits where log-softmax is flat to float32 precision), so PGD on CE
 * can stall and report robustness that is not there. The margin works on the logits directly and
 * keeps a gradient of order one until the decision flips.
 *
 * The sign follows crossEntropySum's role in pgdStep: untargeted attacks ascend it with l = y
 * (push the best other class above the true one), targeted attacks descend it with l = target
 * (push the target above every other class).
 */
export function marginSum(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const C = logits.shape[1];
    const onehot = tf.oneHot(labels, C).toFloat();
    const own = tf.sum(tf.mul(logits, onehot), 1);
    // Push the label's own logit far down so max picks the best *other* class; 1e9 is far above
    // any logit these models produce and the gradient of max flows only to the chosen entry.
    const best = tf.max(tf.sub(logits, tf.mul(onehot, 1e9)), 1);
    return tf.sum(tf.sub(best, own)) as tf.Scalar;
  });
}
