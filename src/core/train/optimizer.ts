import * as tf from '@tensorflow/tfjs';

export type OptimizerKind = 'adam' | 'sgd';

export interface OptimizerConfig {
  kind: OptimizerKind;
  learningRate: number;
  /** SGD only (0 = plain SGD). */
  momentum?: number;
  /** L2 penalty 0.5 * wd * |w|^2 added to the loss: PyTorch's coupled weight_decay. */
  weightDecay?: number;
}

export function makeOptimizer(cfg: OptimizerConfig): tf.Optimizer {
  if (cfg.kind === 'adam') return tf.train.adam(cfg.learningRate, 0.9, 0.999, 1e-8); // PyTorch's defaults
  return cfg.momentum ? tf.train.momentum(cfg.learningRate, cfg.momentum) : tf.train.sgd(cfg.learningRate);
}
