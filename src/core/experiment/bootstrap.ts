import { Rng } from '../random';
import { quantile } from './stats';

/** Seed of every bootstrap in the summaries: the same results always give the same interval. */
export const BOOTSTRAP_SEED = 1;
export const BOOTSTRAP_RESAMPLES = 10_000;

export interface PairedDifference {
  /** Mean over seeds of a - b. */
  mean: number;
  /** Percentile bootstrap 95 % interval of that mean. */
  ci95: [number, number];
  /** Seeds where a > b, a < b, a = b. */
  wins: number;
  losses: number;
  ties: number;
}

/**
 * Paired bootstrap of mean(a - b): a[i] and b[i] come from the same seed (same data, initial
 * weights and batch order), so the seeds are resampled together and what varies between seeds
 * cancels in the difference. Percentile interval from `resamples` draws of a seeded generator.
 */
export function pairedBootstrap(a: number[], b: number[], seed = BOOTSTRAP_SEED, resamples = BOOTSTRAP_RESAMPLES): PairedDifference {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired bootstrap needs two equally long, non-empty lists (got ${a.length} and ${b.length})`);
  const d = a.map((v, i) => v - b[i]);
  const n = d.length;
  const rng = new Rng(seed);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += d[rng.int(n)];
    means[r] = s / n;
  }
  return {
    mean: d.reduce((s, v) => s + v, 0) / n,
    ci95: [quantile(means, 0.025), quantile(means, 0.975)],
    wins: d.filter((v) => v > 0).length,
    losses: d.filter((v) => v < 0).length,
    ties: d.filter((v) => v === 0).length,
  };
}
