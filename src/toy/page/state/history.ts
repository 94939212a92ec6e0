import type { ModelMetrics, PerModel } from '../../contract/protocol';

/**
 * Chart data over training steps, one column per quantity (cheap to append and to draw), one
 * entry per snapshot. Everything is measured on the test set by the worker.
 */
export interface ModelSeries {
  step: number[];
  accuracy: number[];
  ce: number[];
  pag: number[];
  /** alignment[c][i]: mean cosine for class c at step[i]. */
  alignment: number[][];
}

export type History = PerModel<ModelSeries>;

const emptySeries = (): ModelSeries => ({ step: [], accuracy: [], ce: [], pag: [], alignment: [[], []] });

export const emptyHistory = (): History => ({ vanilla: emptySeries(), pag: emptySeries() });

/** Most points a series keeps: beyond it, every other old point is dropped (charts stay fast). */
export const MAX_POINTS = 2000;

function thin<T>(a: T[]): T[] {
  return a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
}

/** Appends a measurement unless it repeats the last step (a pause sends the same step again). */
export function addSnapshot(s: ModelSeries, step: number, m: ModelMetrics | null): ModelSeries {
  if (!m || (s.step.length && s.step[s.step.length - 1] >= step)) return s;
  const next: ModelSeries = {
    step: [...s.step, step],
    accuracy: [...s.accuracy, m.testAccuracy],
    ce: [...s.ce, m.ce],
    pag: [...s.pag, m.pag],
    alignment: m.alignment.map((a, c) => [...(s.alignment[c] ?? []), a]),
  };
  if (next.step.length <= MAX_POINTS) return next;
  return { step: thin(next.step), accuracy: thin(next.accuracy), ce: thin(next.ce), pag: thin(next.pag), alignment: next.alignment.map(thin) };
}
