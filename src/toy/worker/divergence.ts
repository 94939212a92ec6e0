import { MODEL_KEYS, type ModelKey, type ModelSnapshot, type PerModel } from '../contract/protocol';

/**
 * The first model whose picture or metrics hold NaN or Infinity (too large a learning rate or
 * lambda), or null. Checked on every snapshot, so a diverged run stops with a message instead of
 * drawing a black heatmap.
 */
export function divergedModel(models: PerModel<ModelSnapshot>): ModelKey | null {
  for (const k of MODEL_KEYS) {
    const m = models[k];
    if (m.metrics && !(Number.isFinite(m.metrics.ce) && Number.isFinite(m.metrics.pag))) return k;
    for (let i = 0; i < m.probs.length; i++) if (!Number.isFinite(m.probs[i])) return k;
  }
  return null;
}
