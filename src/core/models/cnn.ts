import * as tf from '@tensorflow/tfjs';
import { conv3x3Same } from './conv';
import { activate, type CnnSpec, type ParamShape, type Params } from './model';

/**
 * A small CNN built only from ops whose second-order gradients are right in TF.js:
 * conv2d, relu/softplus, reshape-mean average pooling, global mean, matMul.
 *
 * Layer i: conv3x3(same) + bias -> act -> 2x2 average pool (all but the last conv);
 * the last conv uses softplus (as in the golden fixtures: smooth features before the global
 * pool) and is followed by a global average pool (or, with head 'flatten', a reshape) and a
 * dense layer to the logits.
 * Parameters: K1,c1,...,Kk,ck,W,b.
 */
export function cnnParamShapes(spec: CnnSpec): ParamShape[] {
  const out: ParamShape[] = [];
  let inC = spec.inputShape[2];
  spec.channels.forEach((c, i) => {
    out.push({ name: `K${i + 1}`, shape: [3, 3, inC, c], fanIn: 9 * inC });
    out.push({ name: `c${i + 1}`, shape: [c], fanIn: 9 * inC });
    inC = c;
  });
  const features = inC * (spec.head === 'flatten' ? lastMapSize(spec) : 1);
  out.push({ name: 'W', shape: [features, spec.numClasses], fanIn: features });
  out.push({ name: 'b', shape: [spec.numClasses], fanIn: features });
  return out;
}

/** Pixels per channel of the last feature map (a 2x2 pool after every conv but the last). */
function lastMapSize(spec: CnnSpec): number {
  const shrink = 2 ** (spec.channels.length - 1);
  return (spec.inputShape[0] / shrink) * (spec.inputShape[1] / shrink);
}

/** 2x2 average pooling as reshape + mean: tf.avgPool has no second-order gradient. */
export function avgPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return x.reshape([n, h / 2, 2, w / 2, 2, c]).mean([2, 4]) as tf.Tensor4D;
}

export function cnnApply(spec: CnnSpec, params: Params, x: tf.Tensor): tf.Tensor2D {
  let h = x.reshape([-1, ...spec.inputShape]) as tf.Tensor4D;
  if (spec.centerInput) h = tf.sub(h, 0.5);
  const last = spec.channels.length;
  for (let i = 1; i <= last; i++) {
    const z = tf.add(conv3x3Same(h, params[`K${i}`] as tf.Tensor4D), params[`c${i}`]) as tf.Tensor4D;
    h = i < last ? avgPool2x2(activate(z, spec.activation) as tf.Tensor4D) : (tf.softplus(z) as tf.Tensor4D);
  }
  const pooled = (spec.head === 'flatten' ? h.reshape([h.shape[0], -1]) : h.mean([1, 2])) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, params['W'] as tf.Tensor2D), params['b']) as tf.Tensor2D;
}
