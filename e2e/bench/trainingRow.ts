/** One case of e2e/bench/training.bench.ts, as written to bench-results/browser-PROJECT.json. */
export interface TrainingBenchRow {
  project: string;
  /** What was asked for, e.g. "default (fused engine)" or "webgl (TF.js engine)". */
  case: string;
  /** The badge's training-engine text. */
  engine: string;
  backend: string;
  device: string;
  stepsPerSecond: number;
  snapshotsPerSecond: number;
  workerTrainShare: number;
  longTasks: number;
  longestTaskMs: number;
}
