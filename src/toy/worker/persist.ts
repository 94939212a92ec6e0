import { loadTrainerWeights, trainerWeightsFiles } from '../../core/io/trainerWeights';
import type { TrainerLike } from '../../core/train/trainerLike';
import { answerPersist } from '../../common/worker/persistAnswer';
import type { PersistCommand, PersistEvent, PersistReply } from '../contract/persistProtocol';
import { MODEL_KEYS, type ModelKey, type PerModel } from '../contract/protocol';
import type { Session } from './session';

/** The controller's side of a persist command: what the handler may use. */
export interface PersistContext {
  session: Session | null;
  post(event: PersistEvent): void;
  /** A snapshot and status of the session after its models changed. */
  refresh(session: Session): Promise<void>;
}

const trainerOf = (s: Session, k: ModelKey): TrainerLike => s.pair[k];

async function reply(cmd: PersistCommand, ctx: PersistContext): Promise<PersistReply> {
  const s = ctx.session;
  if (!s) throw new Error('Nothing to save or load yet: the models are still being built.');
  switch (cmd.type) {
    case 'exportWeights': {
      const files = {} as PerModel<{ modelJson: string; weightsBin: Uint8Array }>;
      for (const k of MODEL_KEYS) {
        files[k] = await trainerWeightsFiles(trainerOf(s, k), { model: k, step: s.step, settings: s.settings });
      }
      return { kind: 'weights', files };
    }
    case 'importWeights': {
      // Throws WeightsFormatError before anything changes.
      await loadTrainerWeights(trainerOf(s, cmd.model), cmd.modelJson, cmd.weightsBin);
      await ctx.refresh(s);
      return { kind: 'imported', model: cmd.model };
    }
    case 'saveRun': {
      const states = { vanilla: await s.pair.vanilla.saveState(), pag: await s.pair.pag.saveState() };
      return { kind: 'saved', session: s.id, step: s.step, states };
    }
    case 'restoreRun': {
      // Both restored or neither: keep the current states to put back if the second one fails.
      const before = { vanilla: await s.pair.vanilla.saveState(), pag: await s.pair.pag.saveState() };
      try {
        await s.pair.vanilla.restoreState(cmd.states.vanilla);
        await s.pair.pag.restoreState(cmd.states.pag);
        if (s.pair.vanilla.step !== s.pair.pag.step) throw new Error('the two models were saved at different steps');
      } catch (e) {
        await s.pair.vanilla.restoreState(before.vanilla);
        await s.pair.pag.restoreState(before.pag);
        throw e;
      }
      await ctx.refresh(s);
      return { kind: 'restored', session: s.id, step: s.step };
    }
  }
}

/** Runs one persist command and always answers it (never throws). */
export function runPersist(cmd: PersistCommand, ctx: PersistContext): Promise<void> {
  return answerPersist(cmd.id, ctx.post, () => reply(cmd, ctx));
}
