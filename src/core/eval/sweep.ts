import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { ScoreFn } from '../pag/inputGradients';
import type { Rng } from '../random';
import type { AttackSpec } from '../train/objective';
import { attackDataset, predictLabels } from './evaluate';

/**
 * robustSweep and flipDistances from the same attacks: the accuracy-vs-eps curve and each
 * sample's distance to the boundary (smallest eps of the list that flips it) need PGD at the
 * same radii, so the app runs them once instead of twice. Same conventions as evaluate.ts:
 * distance 0 for a sample misclassified already, Infinity if no eps flips it.
 */
export interface SweepOutcome {
  epsList: number[];
  /** Robust accuracy at each eps. */
  accuracy: number[];
  distances: Float32Array;
}

export async function sweepWithDistances(
  logitsOf: ScoreFn,
  data: Dataset,
  base: Omit<AttackSpec, 'eps' | 'alpha'>,
  epsList: number[],
  rng: Rng,
  alphaOf: (eps: number) => number,
  onEps?: (index: number) => Promise<void> | void,
): Promise<SweepOutcome> {
  const sorted = [...epsList].sort((a, b) => a - b);
  const distances = new Float32Array(data.n).fill(Infinity);
  const x = tf.tensor(data.x, [data.n, ...data.sampleShape]);
  const clean = await predictLabels(logitsOf, x).finally(() => x.dispose());
  for (let i = 0; i < data.n; i++) if (clean[i] !== data.y[i]) distances[i] = 0;
  const accuracy: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const eps = sorted[k];
    const { result, predictions } = await attackDataset(logitsOf, data, { ...base, eps, alpha: alphaOf(eps) }, rng);
    accuracy.push(result.accuracy);
    for (let i = 0; i < data.n; i++) {
      if (distances[i] === Infinity && predictions[i] !== data.y[i]) distances[i] = eps;
    }
    await onEps?.(k);
  }
  return { epsList: sorted, accuracy, distances };
}
