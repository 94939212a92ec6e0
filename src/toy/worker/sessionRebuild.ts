import type { PairOptions } from './toyPair';
import type { EngineRequest } from '../../core/experiment/prepare';
import type { TrainerState } from '../../core/train/trainerLike';
import type { PerModel, ViewOptions } from '../contract/protocol';
import { Session } from './session';

/** Both models' training states (weights, optimiser, data order, step). */
export type PairStates = PerModel<TrainerState>;

export async function savePair(s: Session): Promise<PairStates> {
  return { vanilla: await s.pair.vanilla.saveState(), pag: await s.pair.pag.saveState() };
}

/** The fused CPU step keeps its state in JS arrays: it survives the loss of the GPU device. */
export function survivesDevice(s: Session): boolean {
  return s.engines.vanilla === 'fused' && s.engines.pag === 'fused';
}

/**
 * The same run rebuilt on whatever backend is now current (after a device loss): same id, same
 * data (seeded), the models set to `states` (null: from the initial weights). The old session is
 * not touched; the caller disposes of it.
 */
export async function rebuildSession(old: Session, view: ViewOptions, engine: EngineRequest, states: PairStates | null, opts: PairOptions): Promise<Session> {
  const next = await Session.create(old.id, old.settings, view, opts, engine);
  try {
    if (states) {
      await next.pair.vanilla.restoreState(states.vanilla);
      await next.pair.pag.restoreState(states.pag);
    }
  } catch (e) {
    next.dispose();
    throw e;
  }
  return next;
}
