import { exportWeights, importWeights, WeightsFormatError } from '../core/io/weights';
import type { TrainerLike, TrainerState } from '../core/train/trainerLike';
import type { PersistCommand, PersistEvent, PersistReply } from './persistProtocol';
import { MODEL_KEYS, type ModelKey, type PerModel } from './protocol';
import type { Session } from './session';

/** The controller's side of a persist command: what the handler may use. */
export interface PersistContext {
  session: Session | null;
  post(event: PersistEvent): void;
  /** A snapshot and status of the session after its models changed. */
  refresh(session: Session): Promise<void>;
}

const trainerOf = (s: Session, k: ModelKey): TrainerLike => s.pair[k];

function float32Weights(state: TrainerState): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(state.weights)) out[k] = Float32Array.from(v);
  return out;
}

/** Replaces a trainer's weights, keeping its step, optimiser and data order. */
export async function setTrainerWeights(t: TrainerLike, values: Record<string, Float32Array>): Promise<void> {
  const state = await t.saveState();
  const weights = { ...state.weights };
  for (const name of Object.keys(weights)) {
    if (!values[name]) throw new Error(`no values for parameter ${name}`);
    weights[name] = state.engine === 'fused' ? Float64Array.from(values[name]) : Float32Array.from(values[name]);
  }
  await t.restoreState({ ...state, weights });
}

async function reply(cmd: PersistCommand, ctx: PersistContext): Promise<PersistReply> {
  const s = ctx.session;
  if (!s) throw new Error('Nothing to save or load yet: the models are still being built.');
  switch (cmd.type) {
    case 'exportWeights': {
      const files = {} as PerModel<{ modelJson: string; weightsBin: Uint8Array }>;
      for (const k of MODEL_KEYS) {
        const t = trainerOf(s, k);
        const state = await t.saveState();
        files[k] = await exportWeights(t.opts.spec, float32Weights(state), { model: k, step: s.step, settings: s.settings });
      }
      return { kind: 'weights', files };
    }
    case 'importWeights': {
      const t = trainerOf(s, cmd.model);
      // Throws WeightsFormatError before anything changes.
      const values = importWeights(t.opts.spec, cmd.modelJson, cmd.weightsBin);
      await setTrainerWeights(t, values);
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
export async function runPersist(cmd: PersistCommand, ctx: PersistContext): Promise<void> {
  try {
    ctx.post({ type: 'persist', id: cmd.id, ok: true, reply: await reply(cmd, ctx) });
  } catch (e) {
    const message = e instanceof WeightsFormatError ? `Weights not loaded: ${e.message}.` : e instanceof Error ? e.message : String(e);
    ctx.post({ type: 'persist', id: cmd.id, ok: false, message });
  }
}
