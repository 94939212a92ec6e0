import * as tf from '@tensorflow/tfjs';
import { sampleSize, type Dataset } from '../data/dataset';
import { applyModel, disposeVariables, makeVariables, type CnnSpec, type Variables } from '../models';
import { Rng } from '../random';
import { BatchOrder } from '../train/batches';
import type { StepMetrics, TrainerOptions } from '../train/trainer';
import type { TrainerLike, TrainerState } from '../train/trainerLike';
import { drawTargetClasses, effectiveK } from './cnnClasses';
import { FusedCnn, type CnnLossOptions } from './cnnFused';
import { supportsFusedCnn, toCnnParams, type CnnParams } from './cnnShapes';
import type { FusedTargetProvider } from './fusedTrainer';
import { makeFastOptimizer, restoreSlots, type FastOptimizer } from './optimizers';

/** Whether FusedCnnTrainer can run these options (else use Trainer): the project's CNNs, vanilla or data-target PAG. */
export function canTrainFusedCnn(opts: Pick<TrainerOptions, 'spec' | 'objective'>): boolean {
  return supportsFusedCnn(opts.spec) && (opts.objective.kind === 'vanilla' || (opts.objective.kind === 'pag' && opts.objective.source.kind !== 'rigd'));
}

/** Salt of the target-class stream (the batch order's seed xor this), apart from every other stream. */
const CLASS_SALT = 0x2c1b3c6d;

/**
 * A drop-in for Trainer on the project's CNNs with the vanilla or PAG (One Image, Class Mean,
 * Nearest Neighbor) objective: the step is the hand-fused float64 loop of cnnFused.ts plus the
 * plain-loop Adam/SGD of optimizers.ts, no TF.js in the hot path. Same batch order as Trainer for
 * the same seed (shared BatchOrder) and the same metrics at the same steps. Its TF.js variables (for
 * attacks and the gallery) are made with it and refreshed only when the weights changed and are read.
 *
 * Options beyond Trainer's: `targetsPerImage` k (0 = all classes) draws k target classes per image
 * each step from a generator seeded by the batch seed (cnnClasses.ts), and `warmupEpochs` trains
 * on cross-entropy alone for that many epochs before the PAG term starts (its metrics are still
 * measured, as for a vanilla model). RIGD and adversarial training stay on Trainer.
 */
export class FusedCnnTrainer implements TrainerLike {
  readonly stepsPerEpoch: number;
  step = 0;
  /** Current parameters (float64). After writing to them yourself, call markParamsChanged(). */
  readonly params: CnnParams;
  private readonly kernel: FusedCnn;
  private readonly optimizer: FastOptimizer;
  private readonly batches: BatchOrder;
  private readonly classRng: Rng;
  private readonly classes: Int32Array;
  private readonly classScratch: Int32Array;
  private readonly k: number;
  private readonly xb: Float32Array;
  private readonly yb: Int32Array;
  private readonly lambda: number;
  private readonly dim: number;
  private variables: Variables | null = null;
  private dirty = true;
  private last: StepMetrics | null = null;
  private disposed = false;

  constructor(
    readonly opts: TrainerOptions,
    readonly data: Dataset,
    initValues: Record<string, ArrayLike<number>>,
    private readonly targets: FusedTargetProvider | null,
  ) {
    if (!canTrainFusedCnn(opts)) throw new Error('FusedCnnTrainer needs a supported CNN with the vanilla or a data-target PAG objective');
    if (opts.objective.kind === 'pag' && !targets) throw new Error('PAG training needs a target provider');
    const spec = opts.spec;
    this.kernel = new FusedCnn(spec);
    this.dim = sampleSize(data);
    if (this.dim !== this.kernel.dims.d) throw new Error(`samples have ${this.dim} values, the model takes ${this.kernel.dims.d}`);
    this.params = toCnnParams(spec as CnnSpec, initValues);
    this.lambda = opts.objective.kind === 'pag' ? opts.objective.lambda : 0;
    this.optimizer = makeFastOptimizer(opts.optimizer, this.params.list.map((p) => p.length));
    this.batches = new BatchOrder(data.n, opts.batchSize, opts.seed);
    this.stepsPerEpoch = this.batches.stepsPerEpoch;
    const C = this.kernel.dims.C;
    this.k = effectiveK(C, opts.targetsPerImage ?? 0);
    this.classRng = new Rng((opts.seed ^ CLASS_SALT) >>> 0);
    const B = Math.min(opts.batchSize, data.n);
    this.classes = new Int32Array(B * this.k);
    this.classScratch = new Int32Array(C);
    this.xb = new Float32Array(B * this.dim);
    this.yb = new Int32Array(B);
    // Like Trainer, it holds its TF.js variables from the start (attacks, the gallery and uploads
    // read them; tensor counts stay flat from construction on); they are refreshed lazily.
    this.syncVariables();
  }

  /** Which loops run its convolutions: 'wasm' (WebAssembly SIMD, when loaded: cnnWasm.ts) or 'js'. */
  get kernelKind(): 'js' | 'wasm' {
    return this.kernel.kernelKind;
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
    if (this.disposed) throw new Error('FusedCnnTrainer: used after dispose()');
    if (!this.variables) {
      this.variables = makeVariables(this.opts.spec, this.params.byName);
      this.dirty = false;
      return;
    }
    if (!this.dirty) return;
    const vars = this.variables;
    tf.tidy(() => {
      for (const name of this.params.names) {
        const v = vars[name];
        // A fresh array each time: the cpu backend keeps the array it is given, not a copy.
        v.assign(tf.tensor(Float32Array.from(this.params.byName[name]), v.shape));
      }
    });
    this.dirty = false;
  }

  logitsOf = (x: tf.Tensor): tf.Tensor2D => {
    this.syncVariables();
    return applyModel(this.opts.spec, this.variables!, x);
  };

  /** Whether this step trains on cross-entropy alone (a vanilla model, or a PAG model in warm-up). */
  private get plainStep(): boolean {
    return this.lambda === 0 || !this.targets || Math.floor(this.batches.epoch) < (this.opts.warmupEpochs ?? 0);
  }

  trainStep(): void {
    if (this.disposed) throw new Error('FusedCnnTrainer: used after dispose()');
    const plain = this.plainStep;
    // Same order as Trainer: a new seeded permutation every epoch, the last batch short.
    const indices = this.batches.next();
    const measure = this.step % (this.opts.measureEvery ?? 10) === 0;
    const B = indices.length;
    const dim = this.dim;
    const xb = this.xb.subarray(0, B * dim);
    const xAll = this.data.x;
    for (let b = 0; b < B; b++) xb.set(xAll.subarray(indices[b] * dim, (indices[b] + 1) * dim), b * dim);
    const yb = this.yb.subarray(0, B);
    for (let b = 0; b < B; b++) yb[b] = this.data.y[indices[b]];
    const base = { output: this.opts.loss.output, cosEps: this.opts.loss.cosEps };
    const grads = this.kernel.grads.list;

    if (!plain) {
      const r = this.kernel.lossAndGrads(this.params, xb, yb, this.targets!(indices), { ...base, lambda: this.lambda, targetClasses: this.drawClasses(B) });
      // PAG metrics come from the training pass itself (before the update), as in Trainer.
      if (measure) this.last = this.snapshot(r.ce, r.pag, r.accuracy, r.alignment);
      this.optimizer.step(this.params.list, grads);
    } else {
      this.kernel.lossAndGrads(this.params, xb, yb, null, { ...base, lambda: 0 });
      this.optimizer.step(this.params.list, grads);
      if (measure) {
        // As Trainer measures a vanilla model: after its update, the PAG term and alignment
        // against the targets measured, not optimised.
        const u = this.targets ? this.targets(indices) : null;
        const opts: CnnLossOptions = { ...base, lambda: 0, grads: false, targetClasses: u ? this.drawClasses(B) : null };
        const r = this.kernel.lossAndGrads(this.params, xb, yb, u, opts);
        this.last = this.snapshot(r.ce, r.pag, r.accuracy, r.alignment);
      }
    }
    this.dirty = true;
    this.step++;
  }

  /** This step's target classes (null = all, no draw). */
  private drawClasses(B: number): Int32Array | null {
    const C = this.kernel.dims.C;
    if (this.k === C) return null;
    const out = this.classes.subarray(0, B * this.k);
    drawTargetClasses(this.classRng, B, C, this.k, out, this.classScratch);
    return out;
  }

  private snapshot(ce: number, pag: number, accuracy: number, alignment: Float64Array): StepMetrics {
    return { step: this.step, epoch: this.epoch, ce, pag, accuracy, alignment: Array.from(alignment) };
  }

  async metrics(): Promise<StepMetrics | null> {
    return this.last ? { ...this.last, alignment: this.last.alignment.slice() } : null;
  }

  async saveState(): Promise<TrainerState> {
    const weights: Record<string, Float64Array> = {};
    for (const name of this.params.names) weights[name] = Float64Array.from(this.params.byName[name]);
    const slots = this.optimizer.slots().map((a) => Float64Array.from(a));
    return {
      engine: 'fused',
      step: this.step,
      weights,
      optimizer: { iterations: this.optimizer.iterations, slots },
      batches: this.batches.getState(),
      classRng: this.classRng.getState(),
    };
  }

  async restoreState(state: TrainerState): Promise<void> {
    for (const name of this.params.names) {
      const w = state.weights[name];
      if (!w || w.length !== this.params.byName[name].length) throw new Error(`saved state: parameter ${name} has the wrong size`);
      this.params.byName[name].set(w);
    }
    const opt = state.optimizer;
    // Slots from the other engine (or none) leave the optimiser fresh: zeroed moments.
    if (!(state.engine === 'fused' && opt && restoreSlots(this.optimizer, opt.slots, opt.iterations))) {
      for (const a of this.optimizer.slots()) a.fill(0);
      this.optimizer.iterations = 0;
    }
    this.step = state.step;
    this.batches.setState(state.batches);
    if (state.classRng) this.classRng.setState(state.classRng);
    this.last = null;
    this.dirty = true;
  }

  /** Clean accuracy on `data`, computed on the CPU (no TF.js, no read-back from a GPU). */
  accuracyOn(data: Dataset): number {
    return data.n === 0 ? 0 : this.kernel.correctCount(this.params, data.x, data.y) / data.n;
  }

  /** Saliency maps (own-class input-gradients, [n, d]) of images x with labels y, on the CPU. */
  saliency(x: Float32Array, y: Int32Array): Float32Array {
    return this.kernel.trueClassGradients(this.params, x, y, this.opts.loss.output);
  }

  /** Tell the trainer its `params` were modified from outside (forces the next sync). */
  markParamsChanged(): void {
    this.dirty = true;
  }

  dispose(): void {
    if (this.variables) disposeVariables(this.variables);
    this.variables = null;
    this.last = null;
    this.disposed = true;
  }
}
