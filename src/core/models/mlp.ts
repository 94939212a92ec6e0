import * as tf from '@tensorflow/tfjs';
import { activate, type MlpSpec, type ParamShape, type Params } from './model';

export function mlpParamShapes(spec: MlpSpec): ParamShape[] {
  const sizes = [spec.inputSize, ...spec.hidden, spec.numClasses];
  const out: ParamShape[] = [];
  for (let i = 1; i < sizes.length; i++) {
    out.push({ name: `W${i}`, shape: [sizes[i - 1], sizes[i]], fanIn: sizes[i - 1] });
    out.push({ name: `b${i}`, shape: [sizes[i]], fanIn: sizes[i - 1] });
  }
  return out;
}

/** Logits of an MLP: activation after every layer but the last. x: [batch, inputSize]. */
export function mlpApply(spec: MlpSpec, params: Params, x: tf.Tensor): tf.Tensor2D {
  const layers = spec.hidden.length + 1;
  let h = x.reshape([-1, spec.inputSize]) as tf.Tensor2D;
  for (let i = 1; i <= layers; i++) {
    const z = tf.add(tf.matMul(h, params[`W${i}`] as tf.Tensor2D), params[`b${i}`]) as tf.Tensor2D;
    h = i < layers ? (activate(z, spec.activation) as tf.Tensor2D) : z;
  }
  return h;
}
