import type { GalleryRequest, TableRequest } from '../../contract/settings';
import type {
  CifarRunInfo,
  CifarRunSettings,
  DataSourceKind,
  ErrorSource,
  GallerySource,
  MethodId,
  ModelFrame,
  ModelInfo,
  ModelResult,
  PretrainedManifest,
  RunResult,
  TrainingProgress,
} from '../../contract/protocol';
import type { BackendInfo as CommonBackendInfo } from '../../../common/worker/backendInfo';
import type { History } from './history';

/** The Toy Lab's backend summary, and how this lab's convolutions run on it. */
export interface BackendInfo extends CommonBackendInfo {
  conv: 'native' | 'matmul';
}

/** What data the worker holds (it keeps the bytes; the page only needs the summary). */
export interface DataState {
  /** none: nothing asked yet; loading; loaded; missing: nothing served and nothing picked. */
  status: 'none' | 'loading' | 'loaded' | 'missing';
  /** The load in flight, with bytes read. */
  progress: { source: DataSourceKind; name: string; done: number; total: number } | null;
  loaded: { source: DataSourceKind; name: string; classNames: string[]; trainPerClass: number[]; testPerClass: number[] } | null;
}

/** The run on screen. */
export interface SessionInfo extends CifarRunInfo {
  id: number;
}

export interface GalleryState {
  id: number;
  status: 'idle' | 'running' | 'done' | 'cancelled';
  source: GallerySource;
  step: number;
  steps: number;
  rows: { method: MethodId; images: Float32Array; confidence: Float32Array }[];
}

export interface TableState {
  id: number;
  status: 'idle' | 'running' | 'done';
  progress: { phase: string; done: number; total: number } | null;
  result: { run: RunResult; markdown: string; round: number; totalRounds: number; session: number } | null;
}

/**
 * The pretrained models the app ships (public/pretrained/), read at start: their manifest, the
 * shipped sample, and their own gallery and Table 1 (on the sample, beside the manifest's figures).
 */
export interface PretrainedState {
  /** loading; loaded; missing: no manifest served; damaged: a file failed its checks (`message` says which). */
  status: 'loading' | 'loaded' | 'missing' | 'damaged';
  message: string | null;
  progress: { name: string; done: number; total: number } | null;
  /** The engine's id of the models on screen (events of older ones are dropped). */
  id: number;
  manifest: PretrainedManifest | null;
  models: ModelInfo[];
  sample: { images: Uint8Array; labels: Int32Array } | null;
  gallery: GalleryState;
  table: {
    id: number;
    status: 'idle' | 'running' | 'done';
    progress: { phase: string; done: number; total: number } | null;
    /** Rows in the manifest's order as they arrive. */
    rows: ModelResult[];
    /** Images of the sample the rows were computed on. */
    n: number;
    /** Finish the table by itself whenever nothing else runs (off once the user stops it). */
    auto: boolean;
  };
}

/** Which models the page shows: the shipped pretrained ones, or the live run. */
export type CifarLabView = 'pretrained' | 'live';

export interface CifarLabData {
  view: CifarLabView;
  /** The "Small Table 1 run" preset shows the pretrained table above its live mini-run's. */
  presetTable: boolean;
  pretrained: PretrainedState;
  engine: 'starting' | 'ready' | 'failed';
  backend: BackendInfo | null;
  data: DataState;
  /** The settings being edited; `session.settings` are the ones in use. */
  settings: CifarRunSettings;
  preparing: { phase: string } | null;
  session: SessionInfo | null;
  running: boolean;
  progress: TrainingProgress | null;
  models: ModelFrame[];
  history: History;
  saliency: { round: number; grads: Float32Array[] } | null;
  gallery: GalleryState;
  galleryRequest: GalleryRequest;
  /** 0: show the attacked images; k > 0: show the perturbation times k around grey. */
  perturbationGain: number;
  table: TableState;
  tableRequest: TableRequest;
  /** The hover card's latest 'predict' (models empty until the answer arrives). */
  prediction: { id: number; session: number; models: { method: MethodId; probs: Float32Array }[] } | null;
  /** `where`: the engine's ErrorSource, or 'page' for problems found in the page itself. */
  error: { message: string; where: ErrorSource | 'page'; seq: number } | null;
  /** Something to know that is not an error (a backend switch, a pause while hidden). */
  notice: { message: string; where: ErrorSource | 'page'; seq: number } | null;
}
