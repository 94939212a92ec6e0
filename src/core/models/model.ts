import * as tf from '@tensorflow/tfjs';

/**
 * A model is a plain set of named parameters plus a pure apply function. Nothing hides
 * state: the trainer owns the variables, the PAG loss differentiates through `apply`, and the
 * golden fixtures can load any parameter values by name.
 */
export type Activation = 'relu' | 'softplus';

export interface MlpSpec {
  kind: 'mlp';
  inputSize: number;
  hidden: number[];
  numClasses: number;
  activation: Activation;
}

export interface CnnSpec {
  kind: 'cnn';
  /** [height, width, channels] of one input image. */
  inputShape: [number, number, number];
  /** Output channels of each 3x3 convolution; a 2x2 average pool follows every one but the last. */
  channels: number[];
  numClasses: number;
  activation: Activation;
  /**
   * After the last convolution: 'gap' (default) averages over the image, 'flatten' keeps where
   * each feature is (a dense layer over h x w x c). A tiny CNN with a global pool cannot tell
   * airplanes from ships (both blue): measured at chance on CIFAR pairs where 'flatten' learns.
   */
  head?: 'gap' | 'flatten';
  /** Subtract 0.5 from the [0, 1] pixels first (inputs, attacks and clipping stay in [0, 1]). */
  centerInput?: boolean;
}

export type ModelSpec = MlpSpec | CnnSpec;

export type Params = Record<string, tf.Tensor>;
export type Variables = Record<string, tf.Variable>;

/** Ordered parameter names and shapes, the contract shared by init, apply, fixtures and uploads. */
export interface ParamShape {
  name: string;
  shape: number[];
  /** Fan-in used by the default (PyTorch-like) uniform initialisation. */
  fanIn: number;
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  // Both have correct second-order gradients in TF.js 4.22 (see docs/tfjs-second-order.md).
  return activation === 'relu' ? tf.relu(x) : tf.softplus(x);
}
