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

export const PERSIST_COMMANDS = ['exportWeights', 'importWeights', 'saveRun', 'restoreRun'] as const;

export type PersistReply =
  | { kind: 'weights'; files: PerModel<WeightsFilesMsg> }
  | { kind: 'imported'; model: ModelKey }
  | { kind: 'saved'; session: number; step: number; states: PerModel<TrainerState> }
  | { kind: 'restored'; session: number; step: number };

export type PersistEvent = PersistEventOf<PersistReply>;

/** Shape checks on a persist command from the UI; the command or what is wrong with it. */
export function parsePersistCommand(m: Record<string, unknown> & { type: string }): PersistCommand | string {
  if (!Number.isInteger(m.id)) return `${m.type} without an id`;
  switch (m.type) {
    case 'exportWeights':
    case 'saveRun':
      return m as unknown as PersistCommand;
    case 'importWeights':
      if (m.model !== 'vanilla' && m.model !== 'pag') return 'importWeights: model must be vanilla or pag';
      if (typeof m.modelJson !== 'string' || !(m.weightsBin instanceof Uint8Array)) return 'importWeights needs model.json text and weights.bin bytes';
      return m as unknown as PersistCommand;
    case 'restoreRun': {
      const s = m.states as Record<string, unknown> | undefined;
      const ok = !!s && typeof s === 'object' && !!s.vanilla && typeof s.vanilla === 'object' && !!s.pag && typeof s.pag === 'object';
      return ok ? (m as unknown as PersistCommand) : 'restoreRun needs a saved state for both models';
    }
    default:
      return `unknown message type "${m.type}"`;
  }
}
