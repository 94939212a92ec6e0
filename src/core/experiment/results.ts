import type { RobustResult } from '../eval/evaluate';
import type { AttackWarning } from '../eval/sanity';
import type { Figure4Row } from '../eval/figure4';
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
  /** The attack sanity checks that failed (eval/sanity.ts): "attack may be too weak here". */
  warnings?: AttackWarning[];
  /** CIFAR: the number for Figure 4 (src/core/eval/figure4.ts). */
  figure4?: Figure4Result;
  /** CIFAR: wall time of the whole seed (training, judge, evaluation, figures). */
  wallSeconds?: number;
}

/** Figure 4's number for every model of a run, judged by one independently trained model. */
export interface Figure4Result {
  judge: { kind: 'vanilla' | 'adversarial'; seed: number; cleanAccuracy: number; trainSeconds: number };
  models: { method: MethodId; rows: Figure4Row[] }[];
}

/** Figure 4's number over seeds: median and spread of the share judged as the target. */
export interface Figure4SummaryRow {
  method: MethodId;
  eps: number;
  median: number;
  min: number;
  max: number;
  n: number;
}

export interface SummaryRow {
  method: MethodId;
  norm: string;
  /** eps null = clean accuracy. */
  eps: number | null;
  /** The suite's attack (absent for clean accuracy and in files from before the suite). */
  attack?: string;
  median: number;
  min: number;
  max: number;
  q25: number;
  q75: number;
  n: number;
  /** Not vanilla: paired bootstrap 95 % interval of mean(this - vanilla) over seeds (seeded). */
  ci95?: [number, number];
  diffMean?: number;
  /** Seeds where this method is above / below vanilla. */
  wins?: number;
  losses?: number;
}

export interface MultiSeedResult {
  experiment: 'toy' | 'cifar';
  seeds: number[];
  settings: Record<string, unknown>;
  runs: RunResult[];
  summary: SummaryRow[];
  /** Every run's failed attack sanity checks, with the seed. */
  warnings?: (AttackWarning & { seed: number })[];
  /** CIFAR only. */
  figure4Summary?: Figure4SummaryRow[];
}

/** A trained model of a run with its evaluation; the caller disposes it. */
export interface TrainedModel {
  method: MethodId;
  trainer: TrainerLike;
  dispose: () => void;
  result: ModelResult;
}
