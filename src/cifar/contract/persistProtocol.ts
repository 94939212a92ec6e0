/**
 * The CIFAR Lab's messages for keeping work: one model's trained weights out and in (TensorFlow.js
 * weights format), and the whole run's exact state out and back in (autosave, reopening a saved
 * run). Every command carries an `id`; the worker answers each with one 'persist' event of the
 * same id, ok or not (src/common/page/persist/engineRpc.ts pairs them up).
 */
import type { TrainerState } from '../../core/train/trainerLike';
import type { PersistEventOf } from '../../common/page/persist/engineRpc';
import type { MethodId } from './settings';

export type { TrainerState };

/** Everything needed to continue a run exactly where it was (the data comes from its settings). */
export interface CifarRunState {
  round: number;
  /** Every model of the run in its order; state null for a RIGD student whose teacher is unfinished. */
  models: { method: MethodId; trainMs: number; state: TrainerState | null }[];
  /** RIGD teachers: steps done of their adversarial training, and their state. */
  teachers: { method: MethodId; done: number; state: TrainerState }[];
}

export type CifarPersistCommand =
  /** One model's weights as model.json + weights.bin. */
  | { type: 'exportWeights'; id: number; method: MethodId }
  /** Load one model's weights (checked against its shape); nothing changes on a mismatch. */
  | { type: 'importWeights'; id: number; method: MethodId; modelJson: string; weightsBin: Uint8Array }
  | { type: 'saveRun'; id: number }
  /** Continue the run just built (send right after its 'ready') from a saved state. */
  | { type: 'restoreRun'; id: number; state: CifarRunState };

export type CifarPersistReply =
  | { kind: 'weights'; method: MethodId; files: { modelJson: string; weightsBin: Uint8Array } }
  | { kind: 'imported'; method: MethodId }
  | { kind: 'saved'; session: number; round: number; state: CifarRunState }
  | { kind: 'restored'; session: number; round: number };

export type CifarPersistEvent = PersistEventOf<CifarPersistReply>;
