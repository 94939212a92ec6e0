import type { TrainerLike, TrainerState } from '../train/trainerLike';
import { exportWeights, importWeights, type WeightsFiles } from './weights';

/**
 * A trainer's weights in and out of the TensorFlow.js weights format (weights.ts), for any
 * trainer of either lab: the fused engine's float64 values go out as float32 and come back in
 * its own precision. The optimiser and data order are kept, so training continues from there.
 */
function float32Weights(state: TrainerState): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(state.weights)) out[k] = Float32Array.from(v);
  return out;
}

export async function trainerWeightsFiles(t: TrainerLike, meta: Record<string, unknown>): Promise<WeightsFiles> {
  return exportWeights(t.opts.spec, float32Weights(await t.saveState()), meta);
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

/** Uploaded files into a trainer; throws WeightsFormatError (nothing changed) if they do not fit its model. */
export async function loadTrainerWeights(t: TrainerLike, modelJson: string, weightsBin: Uint8Array): Promise<void> {
  await setTrainerWeights(t, importWeights(t.opts.spec, modelJson, weightsBin));
}
