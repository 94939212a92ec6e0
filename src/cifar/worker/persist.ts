import { loadTrainerWeights, trainerWeightsFiles } from '../../core/io/trainerWeights';
import { answerPersist } from '../../common/worker/persistAnswer';
import type { CifarPersistCommand, CifarPersistEvent, CifarPersistReply } from '../contract/persistProtocol';
import type { CifarSession } from './session';

/** The controller's side of a persist command: what the handler may use. */
export interface CifarPersistContext {
  session: CifarSession | null;
  post(event: CifarPersistEvent): void;
  /** A full snapshot and status of the run after its models changed. */
  refresh(session: CifarSession): Promise<void>;
  /** A restore failed half way: build the run afresh (the page then has a new, untrained one). */
  rebuild(session: CifarSession): void;
}

async function reply(cmd: CifarPersistCommand, ctx: CifarPersistContext): Promise<CifarPersistReply> {
  const s = ctx.session;
  if (!s) throw new Error('Nothing to save or load yet: the models are still being built.');
  switch (cmd.type) {
    case 'exportWeights': {
      const meta = { model: cmd.method, step: s.round, settings: s.settings };
      return { kind: 'weights', method: cmd.method, files: await trainerWeightsFiles(s.trainerOf(cmd.method), meta) };
    }
    case 'importWeights':
      // Throws WeightsFormatError before anything changes.
      await loadTrainerWeights(s.trainerOf(cmd.method), cmd.modelJson, cmd.weightsBin);
      await ctx.refresh(s);
      return { kind: 'imported', method: cmd.method };
    case 'saveRun':
      return { kind: 'saved', session: s.id, round: s.round, state: await s.saveState() };
    case 'restoreRun': {
      s.checkRestorable(cmd.state); // throws before anything changes
      try {
        await s.restoreState(cmd.state);
      } catch (e) {
        ctx.rebuild(s); // a half-restored run must not train on
        throw e;
      }
      await ctx.refresh(s);
      return { kind: 'restored', session: s.id, round: s.round };
    }
  }
}

/** Runs one persist command and always answers it (never throws). */
export function runCifarPersist(cmd: CifarPersistCommand, ctx: CifarPersistContext): Promise<void> {
  return answerPersist(cmd.id, ctx.post, () => reply(cmd, ctx));
}
