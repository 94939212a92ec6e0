import type { BackendInfo } from '../../../common/worker/backendInfo';
import type {
  ToySuite,
  ArrowField,
  AttackModelResult,
  AttackRequest,
  ModelMetrics,
  GridSpec,
  ModelSnapshot,
  PerModel,
  RunInfo,
  SweepModelResult,
} from '../../contract/protocol';
import type { Figure3State } from './figure3';
import type { History } from './history';
import type { ToyLabSettings } from './settings';

export type { BackendInfo };

/** The run the worker is currently showing. */
export interface SessionInfo extends RunInfo {
  id: number;
}

/** The latest snapshot's pictures. */
export interface Frame {
  grid: GridSpec;
  models: PerModel<ModelSnapshot>;
  arrows: ArrowField | null;
}

export interface AttackState {
  status: 'idle' | 'attacking' | 'sweeping' | 'done';
  id: number;
  progress: { phase: string; done: number; total: number } | null;
  result: { session: number; step: number; request: AttackRequest; models: PerModel<AttackModelResult> } | null;
  sweep: { epsList: number[]; models: PerModel<SweepModelResult>; suite?: ToySuite } | null;
}

export interface ToyLabData {
  settings: ToyLabSettings;
  /** The settings of the run on screen (null until the first run is built). */
  applied: ToyLabSettings | null;
  /** The settings of the run asked for last (being built, or on screen): changes are pending against these. */
  requested: ToyLabSettings | null;
  backend: BackendInfo | null;
  /** 'preparing': a run is being built (the previous one, if any, stays on screen). */
  status: 'starting' | 'preparing' | 'ready' | 'failed';
  preparing: { phase: string; done: number; total: number } | null;
  session: SessionInfo | null;
  running: boolean;
  finished: boolean;
  step: number;
  epoch: number;
  stepsPerSecond: number;
  frame: Frame | null;
  history: History;
  /** The latest measurements (snapshots carry them a few times a second). */
  metrics: PerModel<ModelMetrics | null>;
  attack: AttackState;
  /** Test points whose trajectories are drawn. */
  selected: number[];
  /** Which PGD iterate the trajectories are drawn up to. */
  trajectoryStep: number;
  figure3: Figure3State;
  error: { message: string; seq: number } | null;
  /** Something to know that is not an error (a backend switch, a pause while hidden). */
  notice: { message: string; seq: number } | null;
}
