import * as tf from '@tensorflow/tfjs';
import { sampleSize, type Dataset } from '../data/dataset';
import type { ScoreFn } from '../pag/inputGradients';
import { Rng } from '../random';
import type { AttackSpec } from '../train/objective';
import { attackDataset, predictLabels, type RobustResult, type SuiteAttack } from './evaluate';

/**
 * The attack suite behind every honest robust-accuracy figure. One PGD run can report robustness
 * that is not there (a step size that overshoots, a saturated softmax, a dead-ReLU plateau where
 * the gradient is zero), so a point only counts as robust if it survives all of:
 *  - pgd: the attack as configured (what the figures reported before the suite);
 *  - pgd-restarts: the same PGD with `stepsFactor` times the steps, once from the clean point and
 *    `restarts` times from random points of the eps-ball; the point must survive every run;
 *  - margin: the same PGD climbing the logit margin (margin.ts) instead of cross-entropy;
 *  - transfer: another model's adversarial points (the vanilla model's, in the experiments),
 *    replayed unchanged: a gradient-free check that catches gradient masking;
 *  - worst: per point, the clean point and every attack above; its accuracy is the figure.
 */
export interface SuiteOptions {
  /** Random-start runs of pgd-restarts, besides its run from the clean point. */
  restarts: number;
  /** pgd-restarts takes this many times the base attack's steps (same step size). */
  stepsFactor: number;
}

/** Toy (2-D inputs: cheap): 4 random restarts and twice the steps. */
export const TOY_SUITE: SuiteOptions = { restarts: 4, stepsFactor: 2 };
/** CIFAR (a CNN on the wasm backend: each run costs a PGD-20 over the test set): 2 restarts. */
export const CIFAR_SUITE: SuiteOptions = { restarts: 2, stepsFactor: 2 };
/** The Toy Lab runs the suite in the browser after each attack: kept to a few seconds. */
export const TOY_LAB_SUITE: SuiteOptions = { restarts: 2, stepsFactor: 2 };

/** A model's adversarial points to replay against others: `points` flat like data.x. */
export interface TransferPoints {
  source: string;
  points: Float32Array;
}

export interface SuiteRun {
  /** One result per attack, in the order pgd, pgd-restarts, margin, [transfer,] worst. */
  results: RobustResult[];
  /** Per sample: 1 where the model is right at the clean point and after every attack. */
  worstCorrect: Uint8Array;
  /**
   * Per sample, an adversarial point that fools this model if any white-box attack found one
   * (pgd first, then margin, then the restarts), else PGD's final point: what transfer replays.
   */
  points: Float32Array;
}

/** 1 where the model predicts the true label at `x` (flat like data.x). */
export async function correctAt(logitsOf: ScoreFn, data: Dataset, x: Float32Array, chunk = 1000): Promise<Uint8Array> {
  const dim = sampleSize(data);
  const out = new Uint8Array(data.n);
  for (let start = 0; start < data.n; start += chunk) {
    const count = Math.min(chunk, data.n - start);
    const t = tf.tensor(x.subarray(start * dim, (start + count) * dim), [count, ...data.sampleShape]);
    const pred = await predictLabels(logitsOf, t).finally(() => t.dispose());
    for (let i = 0; i < count; i++) out[start + i] = pred[i] === data.y[start + i] ? 1 : 0;
  }
  return out;
}

/**
 * The per-point worst case: a sample is robust only if it is right at the clean point and under
 * every attack. Its accuracy is therefore never above the clean accuracy or any single attack's.
 */
export function worstCase(clean: Uint8Array, attacks: Uint8Array[]): Uint8Array {
  const out = Uint8Array.from(clean);
  for (const a of attacks) for (let i = 0; i < out.length; i++) out[i] &= a[i];
  return out;
}

const fraction = (c: Uint8Array) => (c.length === 0 ? 0 : c.reduce((s, v) => s + v, 0) / c.length);

function correctOf(predictions: Int32Array, data: Dataset): Uint8Array {
  return Uint8Array.from(predictions, (p, i) => (p === data.y[i] ? 1 : 0));
}

/** Fills `points` with `candidate`'s point for every sample not yet fooled, where it fools. */
function adoptFooling(points: Float32Array, fooled: Uint8Array, candidate: Float32Array, correct: Uint8Array, dim: number): void {
  for (let i = 0; i < correct.length; i++) {
    if (fooled[i] || correct[i]) continue;
    points.set(candidate.subarray(i * dim, (i + 1) * dim), i * dim);
    fooled[i] = 1;
  }
}

/**
 * Every attack of the suite against one model at one radius. `seed` makes it reproducible: PGD
 * and margin draw their (optional) random start from Rng(seed) as attackDataset always has; the
 * restarts draw from their own stream, restart after restart, so a run with more restarts repeats
 * the runs of one with fewer and can only lower the accuracy.
 */
export async function attackSuite(
  logitsOf: ScoreFn,
  data: Dataset,
  spec: AttackSpec,
  seed: number,
  opts: { suite: SuiteOptions; transfer?: TransferPoints; chunk?: number; between?: (attack: SuiteAttack) => Promise<void> } = { suite: TOY_SUITE },
): Promise<SuiteRun> {
  const dim = sampleSize(data);
  const chunk = opts.chunk ?? 1000;
  const between = opts.between ?? (async () => undefined);
  const clean = await correctAt(logitsOf, data, data.x, chunk);

  const pgdRun = await attackDataset(logitsOf, data, spec, new Rng(seed), { chunk });
  const pgdCorrect = correctOf(pgdRun.predictions, data);
  const points = Float32Array.from(pgdRun.xAdv);
  const fooled = Uint8Array.from(pgdCorrect, (c) => 1 - c);
  await between('pgd');

  const marginRun = await attackDataset(logitsOf, data, { ...spec, loss: 'margin' }, new Rng(seed), { chunk });
  const marginCorrect = correctOf(marginRun.predictions, data);
  adoptFooling(points, fooled, marginRun.xAdv, marginCorrect, dim);
  await between('margin');

  const long = { ...spec, steps: spec.steps * opts.suite.stepsFactor };
  const restartRng = new Rng((seed ^ 0x2545f491) >>> 0);
  let restartCorrect: Uint8Array = new Uint8Array(data.n).fill(1);
  for (let r = 0; r <= opts.suite.restarts; r++) {
    // Run 0 starts from the clean point, the others from random points of the ball.
    const run = await attackDataset(logitsOf, data, { ...long, randomStart: r > 0 }, restartRng, { chunk });
    const c = correctOf(run.predictions, data);
    adoptFooling(points, fooled, run.xAdv, c, dim);
    restartCorrect = worstCase(restartCorrect, [c]);
    await between('pgd-restarts');
  }

  const base = { norm: spec.norm, eps: spec.eps, alpha: spec.alpha, targeted: spec.targeted };
  const results: RobustResult[] = [
    { ...pgdRun.result, attack: 'pgd' },
    { ...base, steps: long.steps, accuracy: fraction(restartCorrect), attack: 'pgd-restarts', randomStart: true, restarts: opts.suite.restarts, loss: spec.loss ?? 'ce' },
    { ...marginRun.result, attack: 'margin' },
  ];
  const all = [pgdCorrect, restartCorrect, marginCorrect];
  if (opts.transfer) {
    const t = await correctAt(logitsOf, data, opts.transfer.points, chunk);
    all.push(t);
    results.push({ ...base, steps: spec.steps, accuracy: fraction(t), attack: 'transfer', randomStart: spec.randomStart ?? false, source: opts.transfer.source });
    await between('transfer');
  }
  const worstCorrect = worstCase(clean, all);
  results.push({ ...base, steps: long.steps, accuracy: fraction(worstCorrect), attack: 'worst', of: results.map((r) => r.attack!) });
  return { results, worstCorrect, points };
}
