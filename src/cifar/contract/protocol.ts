/**
 * The only channel between the CIFAR Lab page and its engine worker: discriminated unions both
 * ways, type-only engine imports (the page bundle never pulls in TensorFlow.js). Typed arrays in
 * events are transferred, not copied. Events about a run carry its `session`, events about a
 * gallery or table job its `id`, so the page can drop what arrives late from work it replaced.
 */
import type { BackendAnnouncement, DeviceInfo, TrainingEngine } from '../../common/worker/backendInfo';
import type { BackendName, Fallback } from '../../core/backend';
import type { ModelResult, RunResult } from '../../core/experiment/results';
import type { PretrainedManifest } from '../../core/io/pretrained';
import type { StepMetrics } from '../../core/train/trainer';
import type { CifarRunSettings, GalleryRequest, MethodId, TableRequest } from './settings';
import type { CifarPersistCommand, CifarPersistEvent } from './persistProtocol';

export type { BackendName, CifarRunSettings, Fallback, GalleryRequest, MethodId, ModelResult, PretrainedManifest, RunResult, StepMetrics, TableRequest };

/**
 * Which models a job runs on: the live run's, or the pretrained ones the app ships
 * (public/pretrained/, read by 'loadPretrained'). Absent means 'live'.
 */
export type ModelSetKind = 'live' | 'pretrained';

/** Where Figure 4 starts from: a test image of the run, or any image the user gave (32x32 HWC in [0, 1]). */
export type GallerySource = { kind: 'test'; index: number } | { kind: 'image'; name: string; pixels: Float32Array };

// ---- page -> worker -----------------------------------------------------------------------

export type Command =
  /** Pick the backend (null = automatic order); answered by 'backend'. Send once, first. */
  | { type: 'init'; backend: BackendName | null; /** ?faults=1: 'injectFault' is accepted. */ faults?: boolean }
  /** The page was hidden (pause everything) or shown again: see src/common/worker/visibilityGate.ts. */
  | { type: 'visibility'; hidden: boolean }
  /** Kills the backend's GPU device for real; only after an 'init' with faults (?faults=1). */
  | { type: 'injectFault' }
  /** Read train.bin, test.bin (and batches.meta.txt) under `url` (same origin: /data/cifar10/). */
  | { type: 'loadServed'; url: string }
  /** Read the pretrained models under `url` (same origin, ending in '/'): manifest.json, the sample, the weights. */
  | { type: 'loadPretrained'; url: string }
  /** Files the user picked or dropped: the official .tar.gz, or .bin batches (+ batches.meta.txt). */
  | { type: 'loadFiles'; files: File[] }
  /** New models on a subset of the loaded data: a new session. Bad settings keep the old one. */
  | { type: 'configure'; settings: CifarRunSettings }
  | { type: 'play' }
  | { type: 'pause' }
  /** Exactly `count` units of training (a teacher step, or one step of every model), then a snapshot. */
  | { type: 'step'; count: number }
  /** Figure 4, animated: pauses training, resumes it afterwards if it was running. */
  | { type: 'gallery'; id: number; source: GallerySource; request: GalleryRequest; on?: ModelSetKind }
  /**
   * Small Table 1 on the test subset: pauses training likewise. On the pretrained models: Table 1
   * on the shipped sample with the paper's attacks (the request is ignored), only `methods` if given.
   */
  | { type: 'evaluate'; id: number; request: TableRequest; on?: ModelSetKind; methods?: MethodId[] }
  /** Stops a running gallery or evaluation. */
  | { type: 'cancelJob' }
  /** Every existing model's class probabilities for one image (the hover card); answered by 'prediction'. */
  | { type: 'predict'; id: number; source: GallerySource; on?: ModelSetKind }
  /** Weights and run states out and in: see persistProtocol.ts. */
  | CifarPersistCommand;

// ---- worker -> page -----------------------------------------------------------------------

/** What the GPU backend runs on (shared with the Toy Lab's detector, src/common/worker/deviceInfo.ts). */
export type { DeviceInfo };

export type DataSourceKind = 'served' | 'files';

export interface ModelInfo {
  method: MethodId;
  /** Table 1's name for it (METHOD_LABELS). */
  label: string;
  /** What trains it: the fused CPU step or TF.js on the backend (RIGD students: TF.js). */
  engine: TrainingEngine;
  /** The fused step's convolution loops: WebAssembly SIMD or the JS fallback. */
  kernels?: 'wasm' | 'js';
}

export interface TeacherInfo {
  method: MethodId;
  label: string;
  totalSteps: number;
}

/** Where training stands. Units: teacher steps, then rounds (one step of every model). */
export interface TrainingProgress {
  phase: 'teacher' | 'students';
  /** What is training now, for people. */
  label: string;
  teacherStep: number;
  teacherTotal: number;
  round: number;
  totalRounds: number;
  epoch: number;
  finished: boolean;
  /** Measured wall time per unit (null until measured). */
  msPerTeacherStep: number | null;
  msPerRound: number | null;
  /** Estimate for everything left (null while a needed rate is unmeasured). */
  remainingSeconds: number | null;
}

export interface ModelFrame {
  method: MethodId;
  /** False for a RIGD student whose teacher is still training. */
  exists: boolean;
  /** The trainer's latest per-batch measurement (CE, PAG term, batch accuracy, alignment per class). */
  metrics: StepMetrics | null;
  /** Clean accuracy on the test subset; only in full snapshots. */
  testAccuracy: number | null;
  trainSeconds: number;
}

export type ErrorSource = 'init' | 'data' | 'configure' | 'train' | 'gallery' | 'table' | 'message' | 'pretrained';

/** What a 'ready' event says about the new run (the page keeps it as its SessionInfo). */
export interface CifarRunInfo {
  settings: CifarRunSettings;
  classNames: string[];
  models: ModelInfo[];
  teachers: TeacherInfo[];
  trainCount: number;
  /** The test subset, NHWC bytes (exactly the data: it is k/255), for pickers and pictures. */
  test: { images: Uint8Array; labels: Int32Array };
  /** Test images whose saliency maps the snapshots carry, a few per class. */
  saliencyIndices: number[];
}

export type CifarEvent =
  | ({ type: 'backend'; conv: 'native' | 'matmul' } & BackendAnnouncement)
  /** Something the user should know that is not an error (a backend switch). */
  | { type: 'notice'; message: string }
  /** Bytes read of a data source (`total` 0 when unknown). */
  | { type: 'dataProgress'; load: number; source: DataSourceKind; name: string; done: number; total: number }
  | { type: 'dataLoaded'; load: number; source: DataSourceKind; name: string; classNames: string[]; trainPerClass: number[]; testPerClass: number[] }
  /** Nothing is served at `url`: not an error, the page says how to get data. */
  | { type: 'dataMissing'; load: number; url: string }
  | { type: 'preparing'; session: number; phase: string; done: number; total: number }
  | ({ type: 'ready'; session: number; progress: TrainingProgress } & CifarRunInfo)
  | {
      type: 'snapshot';
      session: number;
      running: boolean;
      progress: TrainingProgress;
      models: ModelFrame[];
      /** Per model (in `models` order), input-gradients of the saliency images [k, 32, 32, 3]; full snapshots only. */
      saliency: Float32Array[] | null;
      /** What this snapshot cost (ms; `fullMs`: its test-accuracy and saliency part): for benchmarks. */
      timing: { snapshotMs: number; fullMs: number; full: boolean };
    }
  | { type: 'status'; session: number; running: boolean; finished: boolean }
  /** Bytes read of the pretrained files. */
  | { type: 'pretrainedProgress'; name: string; done: number; total: number }
  /** The pretrained models are on the backend: `id` tells their jobs' events from older ones. */
  | {
      type: 'pretrainedLoaded';
      id: number;
      manifest: PretrainedManifest;
      models: ModelInfo[];
      /** The shipped sample in the models' labels, NHWC bytes (as `ready`'s test subset). */
      sample: { images: Uint8Array; labels: Int32Array };
    }
  /** No manifest is served at `url`: the page says how to make one. Damaged files come as an 'error' from 'pretrained'. */
  | { type: 'pretrainedMissing'; url: string }
  /** `session`: the live run's id, or the pretrained set's id when `on` is 'pretrained'. */
  | { type: 'galleryFrame'; id: number; session: number; on?: ModelSetKind; step: number; steps: number; rows: { method: MethodId; images: Float32Array; confidence: Float32Array }[] }
  | { type: 'galleryEnd'; id: number; cancelled: boolean; on?: ModelSetKind }
  | { type: 'tableProgress'; id: number; phase: string; done: number; total: number; on?: ModelSetKind }
  | { type: 'tableResult'; id: number; session: number; round: number; totalRounds: number; result: RunResult; markdown: string }
  /** One pretrained model's Table 1 row on the sample of `n` images, as soon as it is done. */
  | { type: 'tableRow'; id: number; session: number; on: 'pretrained'; n: number; row: ModelResult }
  | { type: 'tableEnd'; id: number; cancelled: boolean; on?: ModelSetKind }
  /** Softmax of each existing model (in the run's order) for a 'predict' of the same id. */
  | { type: 'prediction'; id: number; session: number; on?: ModelSetKind; models: { method: MethodId; probs: Float32Array }[] }
  | { type: 'error'; where: ErrorSource; message: string; session?: number }
  | CifarPersistEvent;
