import type { GridSpec, ModelKey } from '../../contract/protocol';
import type { ToyLabData } from '../state/types';

/** What the hover card says about one test point. */
export interface PointInfo {
  index: number;
  x: number;
  y: number;
  label: number;
  models: Record<ModelKey, { predicted: number; confidence: number; distance: number | null }>;
}

/** P(class 1) of the heatmap cell holding (x, y), or null outside the grid. */
export function probAt(grid: GridSpec, probs: Float32Array, x: number, y: number): number | null {
  const c = Math.floor(((x - grid.xMin) / (grid.xMax - grid.xMin)) * grid.size);
  const r = Math.floor(((grid.yMax - y) / (grid.yMax - grid.yMin)) * grid.size);
  if (c < 0 || r < 0 || c >= grid.size || r >= grid.size) return null;
  const p = probs[r * grid.size + c];
  return Number.isFinite(p) ? p : null;
}

/**
 * The card of test point `i`: its class; each model's prediction and confidence (the heatmap
 * cell it sits in: the latest snapshot); its distance to each boundary (the smallest swept ε
 * that flips it, from the last attack's sweep of this run; null before one).
 */
export function pointInfo(s: Pick<ToyLabData, 'session' | 'frame' | 'attack'>, i: number): PointInfo | null {
  const { session, frame } = s;
  if (!session || !frame || i < 0 || i >= session.test.y.length) return null;
  const x = session.test.x[2 * i];
  const y = session.test.x[2 * i + 1];
  const sweep = s.attack.result?.session === session.id ? s.attack.sweep : null;
  const model = (k: ModelKey) => {
    const p = probAt(frame.grid, frame.models[k].probs, x, y) ?? 0.5;
    const d = sweep ? sweep.models[k].distances[i] : null;
    return { predicted: p >= 0.5 ? 1 : 0, confidence: Math.max(p, 1 - p), distance: d === null || d === undefined ? null : d };
  };
  return { index: i, x, y, label: session.test.y[i], models: { vanilla: model('vanilla'), pag: model('pag') } };
}

/** A distance as words: 0 = misclassified already, Infinity = beyond the sweep. */
export function distanceText(d: number | null, maxEps: number | null): string {
  if (d === null) return 'attack to measure';
  if (d === 0) return 'misclassified already';
  if (!Number.isFinite(d)) return maxEps === null ? 'not flipped by the sweep' : `more than ε ${maxEps}`;
  return `ε ≤ ${Number(d.toPrecision(3))}`;
}
