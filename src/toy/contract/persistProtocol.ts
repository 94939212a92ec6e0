/**
 * Messages for keeping work: trained weights out and in (TensorFlow.js weights format), and the
 * trainers' exact state out and back in (autosave, reopening a saved run). Every command carries
 * an `id`; the worker answers each with one 'persist' event of the same id, ok or not.
 */
import type { TrainerState } from '../../core/train/trainerLike';
import type { PersistEventOf } from '../../common/page/persist/engineRpc';
import type { ModelKey, PerModel } from './protocol';

export type { TrainerState };

export interface WeightsFilesMsg {
  modelJson: string;
  weightsBin: Uint8Array;
}

export type PersistCommand =
  /** Both models' weights as model.json + weights.bin. */
  | { type: 'exportWeights'; id: number }
  /** Load one model's weights (checked against its shape); nothing changes on a mismatch. */
  | { type: 'importWeights'; id: number; model: ModelKey; modelJson: string; weightsBin: Uint8Array }
  /** Both trainers' exact state (weights, optimiser, data order) and the step. */
  | { type: 'saveRun'; id: number }
  /** Continue the current session from saved trainer states (send right after its 'configure'). */
  | { type: 'restoreRun'; id: number; states: PerModel<TrainerState> };

export type PersistReply =
  | { kind: 'weights'; files: PerModel<WeightsFilesMsg> }
  | { kind: 'imported'; model: ModelKey }
  | { kind: 'saved'; session: number; step: number; states: PerModel<TrainerState> }
  | { kind: 'restored'; session: number; step: number };

export type PersistEvent = PersistEventOf<PersistReply>;
