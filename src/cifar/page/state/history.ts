import type { MethodId, ModelFrame } from '../../contract/protocol';

/**
 * Chart data per model over training rounds, one column per quantity. Batch metrics come from
 * the trainers' own measurements (deduplicated by their step); test accuracy from full snapshots.
 */
export interface ModelSeries {
  step: number[];
  ce: number[];
  pag: number[];
  batchAccuracy: number[];
  /** alignment[c][i]: mean cosine for class c at step[i]. */
  alignment: number[][];
  testRound: number[];
  testAccuracy: number[];
}

export type History = Partial<Record<MethodId, ModelSeries>>;

export const emptySeries = (): ModelSeries => ({ step: [], ce: [], pag: [], batchAccuracy: [], alignment: [], testRound: [], testAccuracy: [] });

/** Most points a series keeps: beyond it, every other old point is dropped (charts stay fast). */
export const MAX_POINTS = 1500;

function thin<T>(a: T[]): T[] {
  return a.length <= MAX_POINTS ? a : a.filter((_, i) => i % 2 === 0 || i === a.length - 1);
}

export function addFrame(s: ModelSeries, frame: ModelFrame, round: number): ModelSeries {
  let next = s;
  const m = frame.metrics;
  if (m && (s.step.length === 0 || s.step[s.step.length - 1] < m.step)) {
    next = {
      ...next,
      step: thin([...s.step, m.step]),
      ce: thin([...s.ce, m.ce]),
      pag: thin([...s.pag, m.pag]),
      batchAccuracy: thin([...s.batchAccuracy, m.accuracy]),
      alignment: m.alignment.map((a, c) => thin([...(s.alignment[c] ?? []), a])),
    };
  }
  if (frame.testAccuracy !== null && (s.testRound.length === 0 || s.testRound[s.testRound.length - 1] < round)) {
    next = { ...next, testRound: thin([...s.testRound, round]), testAccuracy: thin([...s.testAccuracy, frame.testAccuracy]) };
  }
  return next;
}
