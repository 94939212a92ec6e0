import * as tf from '@tensorflow/tfjs';
import { sampleSize, type Dataset } from '../data/dataset';
import { applyModel, disposeVariables, makeVariables, type Variables } from '../models';
import { targetsForSamples, type References } from '../pag/targets';
import { BatchOrder } from '../train/batches';
import type { StepMetrics, TrainerOptions } from '../train/trainer';
import type { TrainerLike, TrainerState } from '../train/trainerLike';
import { FUSED_PARAM_NAMES, mlpDims, supportsFused, toFusedParams, type FusedParams, type MlpDims } from './fusedParams';
import { FusedMlp, type FusedLossOptions } from './mlpFused';
import { makeFastOptimizer, restoreSlots, type FastOptimizer } from './optimizers';

/** g(x, t) for the training samples `indices`, flat [C, B, ...sampleShape] (as targetsForSamples). */
export type FusedTargetProvider = (indices: Int32Array) => Float32Array | Float64Array;

/** Data-only targets (One Image, Class Mean, Nearest Neighbor) for the fused trainer. */
export function fusedReferenceProvider(refs: References, train: Dataset): FusedTargetProvider {
  return (indices) => targetsForSamples(refs, train, indices);
}

export type { TrainerLike } from '../train/trainerLike';

/**
 * One training step as FusedMlpTrainer.onStep sees it (traces for the PyTorch cross-check,
 * toyTrace.ts). `before` and `slotsBefore` are copies made for the hook; the other arrays belong
 * to the trainer and change at the next step: copy what you keep.
 */
export interface FusedStepInfo {
  /** Index of this step (0-based), = optimiser iterations before it. */
  step: number;
  indices: Int32Array;
  xb: Float64Array;
  yb: Int32Array;
  /** g(x, t) of the batch, [C, B, d], or null (vanilla). */
  targets: Float32Array | Float64Array | null;
  /** The training pass: total is the loss the step minimised. */
  result: { ce: number; pag: number; total: number; alignment: Float64Array };
  grads: FusedParams;
  before: FusedParams;
  /** The optimiser's slots before the update (Adam: every m, then every v). */
  slotsBefore: Float64Array[];
  after: FusedParams;
}

/** Whether FusedMlpTrainer can run these options (else use Trainer). */
export function canTrainFused(opts: Pick<TrainerOptions, 'spec' | 'objective' | 'targetsPerImage' | 'warmupEpochs'>): boolean {
  // The MLP step has neither k target classes nor a warm-up (the toy uses neither).
  return supportsFused(opts.spec) && opts.objective.kind !== 'adversarial' && !opts.targetsPerImage && !opts.warmupEpochs;
}

/**
 * A drop-in for Trainer on one-hidden-layer MLPs with the vanilla or PAG objective: the step is
 * the hand-fused float64 loop of mlpFused.ts plus a plain-loop optimiser, no TF.js in the hot path.
 * Same batch order as Trainer for the same seed (shared BatchOrder), same metrics at the same
 * steps. TF.js variables (`vars`, used by `logitsOf` for evaluation and attacks) are created on
 * first use and refreshed lazily: only when the parameters changed since the last sync.
 * Adversarial training stays on Trainer (its inner PGD needs the TF.js model anyway).
 */
export class FusedMlpTrainer implements TrainerLike {
  readonly stepsPerEpoch: number;
  step = 0;
  /** Current parameters (float64). After writing to them yourself, call markParamsChanged(). */
  readonly params: FusedParams;
  readonly dims: MlpDims;
  private readonly kernel: FusedMlp;
  private readonly optimizer: FastOptimizer;
  private readonly batches: BatchOrder;
  private readonly paramList: Float64Array[];
  private readonly gradList: Float64Array[];
  private readonly xb: Float64Array;
  private readonly yb: Int32Array;
  private readonly trainOpts: FusedLossOptions;
  private readonly measureOpts: FusedLossOptions;
  private readonly dim: number;
  private variables: Variables | null = null;
  private dirty = true;
  private last: StepMetrics | null = null;
  private disposed = false;
  /** Called after every training step when set; the copies it needs are made only then. */
  onStep: ((info: FusedStepInfo) => void) | null = null;

  constructor(
    readonly opts: TrainerOptions,
    readonly data: Dataset,
    initValues: Record<string, ArrayLike<number>>,
    private readonly targets: FusedTargetProvider | null,
  ) {
    if (!supportsFused(opts.spec)) throw new Error('FusedMlpTrainer needs an MLP with exactly one hidden layer (relu or softplus)');
    if (opts.objective.kind === 'adversarial') throw new Error('FusedMlpTrainer: adversarial training runs on the TF.js Trainer');
    if (opts.objective.kind === 'pag' && !targets) throw new Error('PAG training needs a target provider');
    this.dims = mlpDims(opts.spec);
    this.dim = sampleSize(data);
    if (this.dim !== this.dims.d) throw new Error(`samples have ${this.dim} values, the model takes ${this.dims.d}`);
    this.params = toFusedParams(this.dims, initValues);
    this.kernel = new FusedMlp(this.dims);
    this.paramList = FUSED_PARAM_NAMES.map((n) => this.params[n]);
    // The kernel fills the same gradient arrays every step.
    const grads = this.kernel.grads;
    this.gradList = FUSED_PARAM_NAMES.map((n) => grads[n]);
    const base = { output: opts.loss.output, cosEps: opts.loss.cosEps, cosine: opts.loss.cosine ?? 'paper' };
    this.trainOpts = { ...base, lambda: opts.objective.kind === 'pag' ? opts.objective.lambda : 0 };
    this.measureOpts = { ...base, lambda: 0, grads: false };
    this.optimizer = makeFastOptimizer(opts.optimizer, this.paramList.map((p) => p.length));
    this.batches = new BatchOrder(data.n, opts.batchSize, opts.seed);
    this.stepsPerEpoch = this.batches.stepsPerEpoch;
    this.xb = new Float64Array(Math.min(opts.batchSize, data.n) * this.dim);
    this.yb = new Int32Array(Math.min(opts.batchSize, data.n));
  }

  get epoch(): number {
    return this.batches.epoch;
  }

  /** TF.js variables holding the current parameters (float32), synced on access. */
  get vars(): Variables {
    this.syncVariables();
    return this.variables!;
  }

  /** Copies the parameters into the TF.js variables if they changed since the last sync. */
  syncVariables(): void {
    if (this.disposed) throw new Error('FusedMlpTrainer: used after dispose()');
    if (!this.variables) {
      this.variables = makeVariables(this.opts.spec, { ...this.params });
      this.dirty = false;
      return;
    }
    if (!this.dirty) return;
    const vars = this.variables;
    tf.tidy(() => {
      for (const name of FUSED_PARAM_NAMES) {
        const v = vars[name];
        // A fresh array each time: the cpu backend keeps the array it is given, not a copy.
        v.assign(tf.tensor(Float32Array.from(this.params[name]), v.shape));
      }
    });
    this.dirty = false;
  }

  async saveState(): Promise<TrainerState> {
    const weights: Record<string, Float64Array> = {};
    for (const name of FUSED_PARAM_NAMES) weights[name] = Float64Array.from(this.params[name]);
    const slots = this.optimizer.slots().map((a) => Float64Array.from(a));
    return { engine: 'fused', step: this.step, weights, optimizer: { iterations: this.optimizer.iterations, slots }, batches: this.batches.getState() };
  }

  async restoreState(state: TrainerState): Promise<void> {
    for (const name of FUSED_PARAM_NAMES) {
      const w = state.weights[name];
      if (!w || w.length !== this.params[name].length) throw new Error(`saved state: parameter ${name} has the wrong size`);
      this.params[name].set(w);
    }
    const opt = state.optimizer;
    // Slots from the other engine (or none) leave the optimiser fresh: zeroed moments.
    if (!(state.engine === 'fused' && opt && restoreSlots(this.optimizer, opt.slots, opt.iterations))) {
      for (const a of this.optimizer.slots()) a.fill(0);
      this.optimizer.iterations = 0;
    }
    this.step = state.step;
    this.batches.setState(state.batches);
    this.last = null;
    this.dirty = true;
  }

  /** Tell the trainer its `params` were modified from outside (forces the next sync). */
  markParamsChanged(): void {
    this.dirty = true;
  }

  logitsOf = (x: tf.Tensor): tf.Tensor2D => {
    this.syncVariables();
    return applyModel(this.opts.spec, this.variables!, x);
  };

  trainStep(): void {
    if (this.disposed) throw new Error('FusedMlpTrainer: used after dispose()');
    // Same order as Trainer: a new seeded permutation every epoch, the last batch short.
    const indices = this.batches.next();
    const measure = this.step % (this.opts.measureEvery ?? 10) === 0;
    const { objective } = this.opts;
    const B = indices.length;
    const dim = this.dim;
    const xb = this.xb.subarray(0, B * dim);
    const xAll = this.data.x;
    for (let b = 0; b < B; b++) {
      const src = indices[b] * dim;
      for (let k = 0; k < dim; k++) xb[b * dim + k] = xAll[src + k];
    }
    const yb = this.yb.subarray(0, B);
    for (let b = 0; b < B; b++) yb[b] = this.data.y[indices[b]];

    const hook = this.onStep;
    const before = hook ? copyParams(this.params) : null;
    const slotsBefore = hook ? this.optimizer.slots().map((a) => a.slice()) : null;
    // As pagLoss: lambda 0 means the vanilla objective (no PAG term, zero alignment).
    const u = objective.kind === 'pag' && objective.lambda !== 0 && this.targets ? this.targets(indices) : null;
    const r = this.kernel.lossAndGrads(this.params, xb, yb, u, this.trainOpts);
    // PAG metrics come from the training pass itself (before the update), as in Trainer.
    if (objective.kind === 'pag' && measure) this.last = this.snapshot(r.ce, r.pag, r.accuracy, r.alignment);
    this.optimizer.step(this.paramList, this.gradList);
    if (hook) {
      const result = { ce: r.ce, pag: r.pag, total: r.total, alignment: r.alignment.slice() };
      hook({ step: this.step, indices, xb, yb, targets: u, result, grads: this.kernel.grads, before: before!, slotsBefore: slotsBefore!, after: this.params });
    }
    if (objective.kind !== 'pag' && measure) {
      // Trainer measures a vanilla model after its update, with the PAG term and alignment
      // against the targets measured (lambda 1 in pagLoss), not optimised.
      const ut = this.targets ? this.targets(indices) : null;
      const m = this.kernel.lossAndGrads(this.params, xb, yb, ut, this.measureOpts);
      this.last = this.snapshot(m.ce, m.pag, m.accuracy, m.alignment);
    }
    this.dirty = true;
    this.step++;
  }

  private snapshot(ce: number, pag: number, accuracy: number, alignment: Float64Array): StepMetrics {
    return { step: this.step, epoch: this.epoch, ce, pag, accuracy, alignment: Array.from(alignment) };
  }

  /** The most recently measured metrics (same schedule and meaning as Trainer.metrics). */
  async metrics(): Promise<StepMetrics | null> {
    return this.last ? { ...this.last, alignment: this.last.alignment.slice() } : null;
  }

  dispose(): void {
    if (this.variables) disposeVariables(this.variables);
    this.variables = null;
    this.last = null;
    this.disposed = true;
  }
}

function copyParams(p: FusedParams): FusedParams {
  return { W1: p.W1.slice(), b1: p.b1.slice(), W2: p.W2.slice(), b2: p.b2.slice() };
}
