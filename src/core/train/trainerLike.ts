import type * as tf from '@tensorflow/tfjs';
import type { AttackOracle } from '../attack/pgdArrays';
import type { Dataset } from '../data/dataset';
import type { Variables } from '../models';
import type { RngState } from '../random';
import type { BatchOrderState } from './batches';
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
  /** Everything needed to continue training exactly where it is (weights, optimiser, data order). */
  saveState(): Promise<TrainerState>;
  /** Continue from a saved state; optimiser slots from the other engine kind are not reused. */
  restoreState(state: TrainerState): Promise<void>;
  /** An engine with its own fast input-gradients offers them to the attacks (else TF.js runs them). */
  attackOracle?(): AttackOracle;
}

export interface TrainerState {
  engine: 'tfjs' | 'fused';
  step: number;
  /** Float32 from TF.js, float64 from the fused engine (so it continues bit for bit). */
  weights: Record<string, Float32Array | Float64Array>;
  /** Optimiser slot values in the engine's own order; restored only into the same engine. */
  optimizer: { iterations: number; slots: (Float32Array | Float64Array)[] } | null;
  batches: BatchOrderState;
  /** Random starts of adversarial training (TF.js trainer only). */
  attackRng?: RngState;
  /** The fused CNN trainer's target-class draws (targetsPerImage < classes). */
  classRng?: RngState;
}
