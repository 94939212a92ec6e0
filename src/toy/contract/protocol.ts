/**
 * The only channel between the UI and the engine worker: discriminated unions both ways.
 *
 * Type-only imports from the engine, so the UI bundle never pulls in TensorFlow.js. Typed arrays
 * in events are transferred, not copied (see transfer.ts). Every event about a run carries
 * its `session`, so the UI can drop what arrives late from a run it has already replaced.
 */
import type { Norm } from '../../core/attack/pgd';
import type { BackendName, Fallback } from '../../core/backend';
import type { PlotBounds } from '../../core/data/toy';
import type { RobustResult } from '../../core/eval/evaluate';
import type { GridSpec } from '../../core/eval/grid';
import type { AttackWarning } from '../../core/eval/sanity';
import type { PagMethodId } from '../../core/experiment/methods';
import type { ToySettings } from '../../core/experiment/toySettings';
import type { LogSoftmaxGradient } from '../../core/pag/logSoftmax';
import type { BackendAnnouncement, BackendSwitch, DeviceInfo, TrainingEngine } from '../../common/worker/backendInfo';
import type { PersistCommand, PersistEvent } from './persistProtocol';

export type { BackendAnnouncement, BackendName, BackendSwitch, DeviceInfo, Fallback, GridSpec, Norm, PagMethodId, PlotBounds, TrainingEngine };

export const MODEL_KEYS = ['vanilla', 'pag'] as const;
export type ModelKey = (typeof MODEL_KEYS)[number];
export type PerModel<T> = Record<ModelKey, T>;

/** Everything that defines a run: the engine's toy settings plus which PAG method to compare. */
export interface RunSettings extends Omit<ToySettings, 'dataset'> {
  /** A generated toy manifold, or 'draw': the points a person placed (core/data/drawn.ts). */
  dataset: ToySettings['dataset'] | 'draw';
  /** With 'draw': the points as flat x, y, class triples. */
  points?: number[];
  pagMethod: PagMethodId;
  /**
   * The trainers' own per-batch measurements, every this many steps. The lab measures on the
   * test set at each snapshot instead, so it sets this high (measuring costs an extra pass).
   */
  measureEvery: number;
  /**
   * The log-softmax gradient form the run trains and measures with (core/pag/logSoftmax.ts).
   * Absent: 'textbook', the float32 frameworks' rounding the Toy Lab has always used.
   */
  logSoftmaxGradient?: LogSoftmaxGradient;
}

/** What the snapshots contain: heatmap resolution and, optionally, the gradient field. */
export interface ViewOptions {
  /** Heatmap cells per side. */
  gridSize: number;
  /** Arrows on an arrowGrid x arrowGrid lattice (0 = no gradient field). */
  arrowGrid: number;
}

export interface AttackRequest {
  norm: Norm;
  eps: number;
  steps: number;
  /** Step size. */
  alpha: number;
  /** Towards the other class (y + 1 mod C) instead of away from y. */
  targeted: boolean;
  /** Also sweep eps for the accuracy-vs-eps curve and the distance histogram. */
  sweep: boolean;
}

// ---- UI -> worker -------------------------------------------------------------------------

export type Command =
  /** Pick the backend (null = automatic order); answered by 'backend'. Send once, first. */
  | {
      type: 'init';
      backend: BackendName | null;
      /** 'fused' trains toy MLPs on the fused CPU step, 'tfjs' on the backend; default: fused unless a backend is named. */
      engine?: TrainingEngine;
      /** The page has ?faults=1: 'injectFault' is accepted (tests and demos of the fault handling). */
      faults?: boolean;
    }
  /** (Re)build both models from scratch: a new session. Invalid settings keep the old session. */
  | { type: 'configure'; settings: RunSettings }
  | { type: 'play' }
  | { type: 'pause' }
  /** Exactly `count` training steps of both models, then a snapshot. */
  | { type: 'step'; count: number }
  /** Training-step rate limit; null = as fast as possible. */
  | { type: 'setSpeed'; stepsPerSecond: number | null }
  | { type: 'setView'; view: ViewOptions }
  /** PGD on the test set against both models (pauses training). */
  | { type: 'attack'; id: number; request: AttackRequest }
  /** Weights and trainer states out and in: see persistProtocol.ts. */
  | PersistCommand
  /** The page was hidden (pause everything) or shown again (carry on): see visibilityGate.ts. */
  | { type: 'visibility'; hidden: boolean }
  /** Kills the backend's GPU device for real; only after an 'init' with faults (?faults=1). */
  | { type: 'injectFault' };

// ---- worker -> UI -------------------------------------------------------------------------

/** Flat points [x0, y0, x1, y1, ...] with their labels. */
export interface PointSet {
  x: Float32Array;
  y: Int32Array;
}

/** A model's quality, measured on the whole test set (smooth, and comparable between models). */
export interface ModelMetrics {
  /** Clean accuracy. */
  testAccuracy: number;
  /** Cross-entropy. */
  ce: number;
  /** The PAG term: mean over points of sum over classes of (1 - cos). Measured for both models. */
  pag: number;
  /** Mean cosine per class between the input-gradient of class t and g(x, t). */
  alignment: number[];
}

/** One model at one step. */
export interface ModelSnapshot {
  /** P(class 1) per heatmap cell, row-major from the top row. */
  probs: Float32Array;
  /** Input-gradient of each class score at the arrow points, [C, n, 2]; null without arrows. */
  gradients: Float32Array | null;
  /** Null in the snapshots between two measurements (a few a second suffice for the charts). */
  metrics: ModelMetrics | null;
}

export interface ArrowField {
  /** Arrow anchor points, flat [n, 2]. */
  points: Float32Array;
  /** Ground truth g(x, t) at those points, [C, n, 2]. */
  truth: Float32Array;
}

export interface AttackModelResult {
  cleanAccuracy: number;
  robustAccuracy: number;
  /** Prediction at each adversarial test point. */
  predictions: Int32Array;
  /** Every PGD iterate of every test point: (steps + 1) blocks of flat [n, 2]. */
  trajectories: Float32Array;
}

export interface SweepModelResult {
  /** Robust accuracy at each eps of the sweep. */
  accuracy: number[];
  /** Per test point: smallest swept eps that flips it (0 = wrong already, Infinity = none). */
  distances: Float32Array;
}

/**
 * The attack suite after the sweep (worker/suiteJob.ts): per model, at each of `epsList` (the
 * attack's eps, then the sweep's largest), pgd, pgd-restarts, margin, [transfer,] worst; and
 * the sanity checks that failed ("attack may be too weak here").
 */
export interface ToySuite {
  epsList: number[];
  models: PerModel<RobustResult[]>;
  warnings: AttackWarning[];
}

/** What a 'ready' event says about the new run (the page keeps it as its SessionInfo). */
export interface RunInfo {
  train: PointSet;
  test: PointSet;
  bounds: PlotBounds;
  stepsPerEpoch: number;
  totalSteps: number;
  /** 'fused': the hand-fused float64 CPU step (toy MLPs); 'tfjs': TF.js on the backend. */
  engines: PerModel<TrainingEngine>;
}

export type WorkerEvent =
  | ({ type: 'backend' } & BackendAnnouncement)
  | { type: 'preparing'; session: number; phase: string; done: number; total: number }
  | ({ type: 'ready'; session: number; settings: RunSettings } & RunInfo)
  | {
      type: 'snapshot';
      session: number;
      step: number;
      epoch: number;
      totalSteps: number;
      running: boolean;
      /** Training steps per second over the last interval (both models together = one step). */
      stepsPerSecond: number;
      /** Where the worker's time went since the previous snapshot (ms): for benchmarks. */
      timing: { train: number; snapshot: number; wall: number };
      grid: GridSpec;
      models: PerModel<ModelSnapshot>;
      arrows: ArrowField | null;
    }
  | { type: 'status'; session: number; running: boolean; step: number; finished: boolean }
  | { type: 'attackProgress'; id: number; phase: string; done: number; total: number }
  | { type: 'attackResult'; id: number; session: number; step: number; request: AttackRequest; models: PerModel<AttackModelResult> }
  | { type: 'sweepResult'; id: number; session: number; epsList: number[]; models: PerModel<SweepModelResult>; suite?: ToySuite }
  | { type: 'attackCancelled'; id: number }
  | { type: 'error'; message: string; where: ErrorSource; session?: number }
  /** Something the user should know that is not an error (a backend switch). */
  | { type: 'notice'; message: string }
  | PersistEvent;

export type ErrorSource = 'init' | 'configure' | 'train' | 'attack' | 'message';
