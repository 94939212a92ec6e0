/**
 * A toy run's trace (`npm run reproduce -- toy --seed N --trace FILE`): everything an independent
 * implementation needs to replay the training step by step (data, initial weights, NN targets,
 * the batch of every step, optimiser settings) and what to compare against (the loss and a few
 * per-step summaries of every step, full intermediate values at checkpoints, the CLI's final
 * figures). Read by scripts/torch/toy_replay.py (the PyTorch cross-check, issue 17).
 * Layouts are row-vector: h = relu(x W1 + b1), logits = h W2 + b2, W1 [2][H], W2 [H][2].
 */
import type { Dataset, SplitDataset } from '../data/dataset';
import { FusedMlpTrainer, type FusedStepInfo } from '../fast/fusedTrainer';
import { FUSED_PARAM_NAMES, type FusedParams, type MlpDims } from '../fast/fusedParams';
import { FusedMlp } from '../fast/mlpFused';
import { getLogSoftmaxGradient } from '../pag/logSoftmax';
import type { ModelResult } from './results';
import type { MethodId } from './methods';
import type { PreparedTrainer } from './prepare';
import type { ToySettings } from './toySettings';

export const TRACE_FORMAT = 'pag-lab-toy-trace';
export const TRACE_VERSION = 1;
/** Full intermediate values every this many steps (cheap: a few hundred numbers each). */
export const TRACE_CHECKPOINT_EVERY = 50;

type Matrix = number[][];
export interface TraceParams {
  W1: Matrix;
  b1: number[];
  W2: Matrix;
  b2: number[];
}

export interface TraceCheckpoint {
  /** State before this step's update (0-based step index). */
  step: number;
  params: TraceParams;
  /** Adam's first and second moments before the update, same layouts; t = updates done. */
  adam: { t: number; m: TraceParams; v: TraceParams };
  /** PAG only: d f_t / d x of the batch, [C][B][2] (null for vanilla). */
  inputGrads: number[][][] | null;
  grads: TraceParams;
  /** Parameters after minus before. */
  update: TraceParams;
}

export interface TraceModel {
  method: MethodId;
  init: TraceParams;
  /** Nearest Neighbor: index[n][t] = training index of r_t(x_n); g(x_n, t) = x[index] - x_n in float32. */
  targets: { kind: 'nearestNeighbor'; index: number[][] } | null;
  batches: number[][];
  loss: number[];
  /** Per step, from the training pass (before the update). Norms are L2 over the whole tensor. */
  steps: {
    ce: number[];
    pag: number[];
    /** Mean cosine per target class. */
    alignment: number[][];
    /** Mean |d f_t / d x| over the batch, per class (PAG only: empty for vanilla). */
    inputGradNorm: number[][];
    /** Rows with d f_t / d x exactly 0, per class (PAG only). */
    inputGradZero: number[][];
    /** |dL/dW1|, |dL/db1|, |dL/dW2|, |dL/db2|. */
    gradNorm: number[][];
    updateNorm: number[][];
  };
  checkpoints: TraceCheckpoint[];
  /** The trained parameters (float64; the CLI evaluates their float32 copy). */
  final: TraceParams | null;
  cleanAccuracy: number;
  robustL2eps15: number | null;
}

export interface ToyTrace {
  format: typeof TRACE_FORMAT;
  version: number;
  settings: Record<string, unknown>;
  train: { x: Matrix; y: number[] };
  test: { x: Matrix; y: number[] };
  models: TraceModel[];
}

function rows(flat: ArrayLike<number>, cols: number): Matrix {
  const out: Matrix = [];
  for (let i = 0; i < flat.length; i += cols) out.push(Array.from({ length: cols }, (_, k) => flat[i + k]));
  return out;
}

export function traceParams(p: { W1: ArrayLike<number>; b1: ArrayLike<number>; W2: ArrayLike<number>; b2: ArrayLike<number> }, dims: MlpDims): TraceParams {
  return { W1: rows(p.W1, dims.H), b1: Array.from(p.b1), W2: rows(p.W2, dims.C), b2: Array.from(p.b2) };
}

function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s);
}

function datasetJson(d: Dataset): { x: Matrix; y: number[] } {
  return { x: rows(d.x, 2), y: Array.from(d.y) };
}

/** Records every step of one fused trainer (attach before training). */
export class TraceRecorder {
  readonly model: TraceModel;
  private readonly dims: MlpDims;
  private readonly probe: FusedMlp;

  constructor(method: MethodId, prepared: PreparedTrainer, train: Dataset) {
    const trainer = prepared.trainer;
    if (!(trainer instanceof FusedMlpTrainer)) throw new Error('a trace needs the fused engine (--engine auto)');
    this.dims = trainer.dims;
    this.probe = new FusedMlp(this.dims);
    const refs = prepared.refs;
    if (refs && refs.kind !== 'nearestNeighbor') throw new Error(`a trace records vanilla and nn models, not ${method}`);
    const C = this.dims.C;
    this.model = {
      method,
      init: traceParams(prepared.init as unknown as FusedParams, this.dims),
      targets: refs ? { kind: 'nearestNeighbor', index: rows(refs.indexTable!, C) } : null,
      batches: [],
      loss: [],
      steps: { ce: [], pag: [], alignment: [], inputGradNorm: [], inputGradZero: [], gradNorm: [], updateNorm: [] },
      checkpoints: [],
      final: null,
      cleanAccuracy: NaN,
      robustL2eps15: null,
    };
    if (train.n !== trainer.data.n) throw new Error('trace: the trainer trains on other data');
    trainer.onStep = (info) => this.record(info, trainer.opts.loss.output);
  }

  private record(info: FusedStepInfo, output: 'logSoftmax' | 'logit'): void {
    const { d, C } = this.dims;
    const m = this.model;
    const B = info.indices.length;
    m.batches.push(Array.from(info.indices));
    m.loss.push(info.result.total);
    const s = m.steps;
    s.ce.push(info.result.ce);
    s.pag.push(info.result.pag);
    s.alignment.push(Array.from(info.result.alignment));
    const update = {} as FusedParams;
    for (const n of FUSED_PARAM_NAMES) update[n] = info.after[n].map((v, i) => v - info.before[n][i]);
    s.gradNorm.push(FUSED_PARAM_NAMES.map((n) => norm(info.grads[n])));
    s.updateNorm.push(FUSED_PARAM_NAMES.map((n) => norm(update[n])));
    // The input-gradients the training pass used, recomputed from the same parameters and inputs.
    const g = info.targets ? this.probe.inputGradients(info.before, info.xb, B, output) : null;
    if (g) {
      const mean: number[] = [];
      const zero: number[] = [];
      for (let t = 0; t < C; t++) {
        let sum = 0;
        let zeros = 0;
        for (let b = 0; b < B; b++) {
          const nb = norm(g.subarray((t * B + b) * d, (t * B + b + 1) * d));
          sum += nb;
          if (nb === 0) zeros++;
        }
        mean.push(sum / B);
        zero.push(zeros);
      }
      s.inputGradNorm.push(mean);
      s.inputGradZero.push(zero);
    }
    if (info.step % TRACE_CHECKPOINT_EVERY !== 0) return;
    // Adam's slots: every parameter's m in FUSED_PARAM_NAMES order, then every v.
    const slot = (k: number) => Object.fromEntries(FUSED_PARAM_NAMES.map((n, j) => [n, info.slotsBefore[k * FUSED_PARAM_NAMES.length + j]])) as unknown as FusedParams;
    const hasSlots = info.slotsBefore.length === 2 * FUSED_PARAM_NAMES.length;
    m.checkpoints.push({
      step: info.step,
      params: traceParams(info.before, this.dims),
      adam: hasSlots ? { t: info.step, m: traceParams(slot(0), this.dims), v: traceParams(slot(1), this.dims) } : { t: info.step, m: traceParams(zerosLike(info.before), this.dims), v: traceParams(zerosLike(info.before), this.dims) },
      inputGrads: g ? Array.from({ length: C }, (_, t) => rows(g.subarray(t * B * d, (t + 1) * B * d), d)) : null,
      grads: traceParams(info.grads, this.dims),
      update: traceParams(update, this.dims),
    });
  }

  /** Detaches from the trainer and stores the CLI's figures for this model. */
  finish(trainer: FusedMlpTrainer, result: ModelResult): TraceModel {
    trainer.onStep = null;
    this.model.final = traceParams(trainer.params, this.dims);
    this.model.cleanAccuracy = result.cleanAccuracy;
    this.model.robustL2eps15 = result.robust.find((r) => r.norm === 'l2' && r.eps === 15 && r.targeted)?.accuracy ?? null;
    return this.model;
  }
}

function zerosLike(p: FusedParams): FusedParams {
  return { W1: new Float64Array(p.W1.length), b1: new Float64Array(p.b1.length), W2: new Float64Array(p.W2.length), b2: new Float64Array(p.b2.length) };
}

/** The trace of a finished run: settings say everything the replay must match. */
export function buildTrace(s: ToySettings, data: SplitDataset, models: TraceModel[], attackStepsL2 = 20): ToyTrace {
  const settings = {
    ...s,
    engine: 'fused float64 (src/core/fast)',
    gradient: getLogSoftmaxGradient(),
    adamBeta1: 0.9,
    adamBeta2: 0.999,
    adamEpsilon: 1e-8,
    weightDecay: 0,
    stepsPerEpoch: Math.ceil(data.train.n / s.batchSize),
    loss: 'mean CE + lambda * (1/B) sum_n sum_t (1 - cos(d f_t/dx_n, g(x_n, t))), f = log-softmax',
    cosineFormula: s.cosine === 'torch' ? '(v / max(|v|, cosEps)).(u / max(|u|, cosEps))' : 'v.u / max(|v| |u|, cosEps)',
    batchOrder: 'a fresh seeded permutation every epoch, cut in batches, the last one short',
    checkpointEvery: TRACE_CHECKPOINT_EVERY,
    attack: {
      norm: 'l2',
      eps: 15,
      steps: attackStepsL2,
      alpha: (2.5 * 15) / attackStepsL2,
      targeted: true,
      target: '(y + 1) mod C',
      randomStart: false,
      loss: 'summed cross-entropy towards the target (descended)',
      step: 'delta <- delta - alpha * g / max(|g|, 1e-12), per sample',
      projection: 'delta <- delta * min(1, eps / max(|delta|, 1e-12))',
      weights: 'float32 (the TF.js copy of the trained parameters)',
      prediction: 'argmax of the logits, first maximum on ties',
    },
  };
  return { format: TRACE_FORMAT, version: TRACE_VERSION, settings, train: datasetJson(data.train), test: datasetJson(data.test), models };
}
