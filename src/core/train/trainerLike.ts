import type * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { Variables } from '../models';
import type { StepMetrics, TrainerOptions } from './trainer';

/**
 * The public surface Trainer (train/trainer.ts) and FusedMlpTrainer share, so callers that only
 * step, read metrics and evaluate can take either.
 */
export interface TrainerLike {
  readonly opts: TrainerOptions;
  readonly data: Dataset;
  readonly vars: Variables;
  readonly stepsPerEpoch: number;
  readonly step: number;
  readonly epoch: number;
  logitsOf: (x: tf.Tensor) => tf.Tensor2D;
  trainStep(): void;
  metrics(): Promise<StepMetrics | null>;
  dispose(): void;
}
