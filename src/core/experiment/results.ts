import type { RobustResult } from '../eval/evaluate';
import type { TrainerLike } from '../train/trainerLike';
import type { MethodId } from './methods';

/** The results.json schema of the reproduction CLI (documented in the README). */
export interface ModelResult {
  method: MethodId;
  cleanAccuracy: number;
  trainSeconds: number;
  robust: RobustResult[];
  /** RIGD only: the robust teacher's accuracy on the training subset (near chance = collapsed). */
  teacherTrainAccuracy?: number;
}

/** A teacher no better than chance + 5 points: its gradients carry no class information. */
export function teacherCollapsed(r: ModelResult, numClasses: number): boolean {
  return r.teacherTrainAccuracy !== undefined && r.teacherTrainAccuracy <= 1 / numClasses + 0.05;
}

export interface RunResult {
  experiment: 'toy' | 'cifar';
  seed: number;
  settings: Record<string, unknown>;
  models: ModelResult[];
}

export interface SummaryRow {
  method: MethodId;
  norm: string;
  /** eps null = clean accuracy. */
  eps: number | null;
  median: number;
  min: number;
  max: number;
  q25: number;
  q75: number;
  n: number;
}

export interface MultiSeedResult {
  experiment: 'toy' | 'cifar';
  seeds: number[];
  settings: Record<string, unknown>;
  runs: RunResult[];
  summary: SummaryRow[];
}

/** A trained model of a run with its evaluation; the caller disposes it. */
export interface TrainedModel {
  method: MethodId;
  trainer: TrainerLike;
  dispose: () => void;
  result: ModelResult;
}
