import * as tf from '@tensorflow/tfjs';
import { pgd, type AttackLoss } from '../attack/pgd';
import { sampleSize, type Dataset } from '../data/dataset';
import type { ScoreFn } from '../pag/inputGradients';
import type { Rng } from '../random';
import type { AttackSpec } from '../train/objective';
import { attackTargets } from '../train/attackTargets';

/** Works through `data` in chunks so large test sets never build one huge graph. */
async function forChunks(
  data: Dataset,
  chunk: number,
  fn: (x: tf.Tensor, y: tf.Tensor1D, start: number, count: number) => Promise<void>,
): Promise<void> {
  const dim = sampleSize(data);
  for (let start = 0; start < data.n; start += chunk) {
    const count = Math.min(chunk, data.n - start);
    const x = tf.tensor(data.x.subarray(start * dim, (start + count) * dim), [count, ...data.sampleShape]);
    const y = tf.tensor1d(data.y.subarray(start, start + count), 'int32');
    try {
      await fn(x, y, start, count);
    } finally {
      tf.dispose([x, y]);
    }
  }
}

function numClassesOf(logitsOf: ScoreFn, x: tf.Tensor): number {
  const probe = tf.tidy(() => logitsOf(x.slice(0, 1)));
  const c = probe.shape[1];
  probe.dispose();
  return c;
}

export async function predictLabels(logitsOf: ScoreFn, x: tf.Tensor): Promise<Int32Array> {
  const pred = tf.tidy(() => tf.argMax(logitsOf(x), 1));
  const out = (await pred.data()) as Int32Array;
  pred.dispose();
  return Int32Array.from(out);
}

export async function accuracy(logitsOf: ScoreFn, data: Dataset, chunk = 1000): Promise<number> {
  let correct = 0;
  await forChunks(data, chunk, async (x, _y, start, count) => {
    const pred = await predictLabels(logitsOf, x);
    for (let i = 0; i < count; i++) if (pred[i] === data.y[start + i]) correct++;
  });
  return data.n === 0 ? 0 : correct / data.n;
}

/** The attacks of the suite (suite.ts); 'worst' is the per-point worst case over the others. */
export type SuiteAttack = 'pgd' | 'pgd-restarts' | 'margin' | 'transfer' | 'worst';

export interface RobustResult {
  norm: AttackSpec['norm'];
  eps: number;
  steps: number;
  alpha: number;
  targeted: boolean;
  /** Fraction of samples still classified correctly after the attack. */
  accuracy: number;
  /** Which attack of the suite; absent in files written before the suite existed (= 'pgd'). */
  attack?: SuiteAttack;
  randomStart?: boolean;
  loss?: AttackLoss;
  /** pgd-restarts: random-start runs besides the one from the clean point. */
  restarts?: number;
  /** transfer: the model whose adversarial points were replayed. */
  source?: string;
  /** worst: the attacks it is the per-point worst case of (the clean point always counts). */
  of?: SuiteAttack[];
}

export interface AttackOutcome {
  result: RobustResult;
  /** Prediction at each adversarial point. */
  predictions: Int32Array;
  /** Adversarial points, flat like data.x. */
  xAdv: Float32Array;
  /** Per-step points when asked: trajectories[s] is flat like data.x. */
  trajectories?: Float32Array[];
}

export async function attackDataset(
  logitsOf: ScoreFn,
  data: Dataset,
  spec: AttackSpec,
  rng: Rng,
  opts: { chunk?: number; keepTrajectory?: boolean } = {},
): Promise<AttackOutcome> {
  const dim = sampleSize(data);
  const predictions = new Int32Array(data.n);
  const xAdvAll = new Float32Array(data.n * dim);
  const trajectories = opts.keepTrajectory
    ? Array.from({ length: spec.steps + 1 }, () => new Float32Array(data.n * dim))
    : undefined;
  let correct = 0;
  await forChunks(data, opts.chunk ?? 1000, async (x, y, start, count) => {
    const target = spec.targeted ? attackTargets(y, numClassesOf(logitsOf, x)) : null;
    const res = pgd(logitsOf, x, y, target, { ...spec, rng }, opts.keepTrajectory);
    target?.dispose();
    const pred = await predictLabels(logitsOf, res.xAdv);
    xAdvAll.set((await res.xAdv.data()) as Float32Array, start * dim);
    res.xAdv.dispose();
    if (res.trajectory && trajectories) {
      for (let s = 0; s < res.trajectory.length; s++) {
        trajectories[s].set((await res.trajectory[s].data()) as Float32Array, start * dim);
      }
      tf.dispose(res.trajectory);
    }
    predictions.set(pred, start);
    for (let i = 0; i < count; i++) if (pred[i] === data.y[start + i]) correct++;
  });
  const result: RobustResult = {
    norm: spec.norm,
    eps: spec.eps,
    steps: spec.steps,
    alpha: spec.alpha,
    targeted: spec.targeted,
    accuracy: data.n === 0 ? 0 : correct / data.n,
    attack: 'pgd',
    randomStart: spec.randomStart ?? false,
    loss: spec.loss ?? 'ce',
  };
  return { result, predictions, xAdv: xAdvAll, trajectories };
}

/** Robust accuracy at each eps, with alpha = alphaOf(eps) (by default 2.5 * eps / steps). */
export async function robustSweep(
  logitsOf: ScoreFn,
  data: Dataset,
  base: Omit<AttackSpec, 'eps' | 'alpha'>,
  epsList: number[],
  rng: Rng,
  alphaOf: (eps: number) => number = (eps) => (2.5 * eps) / base.steps,
): Promise<RobustResult[]> {
  const out: RobustResult[] = [];
  for (const eps of epsList) {
    const { result } = await attackDataset(logitsOf, data, { ...base, eps, alpha: alphaOf(eps) }, rng);
    out.push(result);
  }
  return out;
}

/**
 * Per sample, the smallest eps of `epsList` (ascending) at which PGD flips its prediction
 * away from the true label: an estimate of the distance to the decision boundary.
 * Infinity where no eps in the list flips it; 0 where it is misclassified already.
 */
export async function flipDistances(
  logitsOf: ScoreFn,
  data: Dataset,
  base: Omit<AttackSpec, 'eps' | 'alpha'>,
  epsList: number[],
  rng: Rng,
): Promise<Float32Array> {
  const dist = new Float32Array(data.n).fill(Infinity);
  await forChunks(data, 1000, async (x, _y, start, count) => {
    const clean = await predictLabels(logitsOf, x);
    for (let i = 0; i < count; i++) if (clean[i] !== data.y[start + i]) dist[start + i] = 0;
  });
  for (const eps of epsList) {
    const { predictions } = await attackDataset(logitsOf, data, { ...base, eps, alpha: (2.5 * eps) / base.steps }, rng);
    for (let i = 0; i < data.n; i++) {
      if (dist[i] === Infinity && predictions[i] !== data.y[i]) dist[i] = eps;
    }
  }
  return dist;
}
