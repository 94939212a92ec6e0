import * as tf from '@tensorflow/tfjs';
import { pgd } from '../attack/pgd';
import type { Dataset } from '../data/dataset';
import { applyModel, disposeVariables, makeVariables, paramShapes, type ModelSpec, type Variables } from '../models';
import type { TrainerState } from './trainerLike';
import { crossEntropy } from '../pag/logSoftmax';
import { pagLoss, type PagLossTerms } from '../pag/loss';
import { drawTargetClasses, effectiveK } from '../fast/cnnClasses';
import { Rng } from '../random';
import { BatchOrder } from './batches';
import type { LossSettings, Objective } from './objective';
import { attackTargets } from './attackTargets';
import { makeOptimizer, type OptimizerConfig } from './optimizer';

/** g(x, t) for the training samples `indices` (whose inputs are xBatch): [C, B, ...]. */
export type TargetProvider = (indices: Int32Array, xBatch: tf.Tensor) => tf.Tensor;

export interface TrainerOptions {
  spec: ModelSpec;
  objective: Objective;
  loss: LossSettings;
  optimizer: OptimizerConfig;
  batchSize: number;
  /** Seeds the batch order and adversarial random starts. */
  seed: number;
  /** Measure metrics (CE, PAG term, accuracy, alignment) every this many steps. */
  measureEvery?: number;
  /** PAG target classes per image, k (0 or absent: all classes); the term is scaled by C/k. */
  targetsPerImage?: number;
  /** Epochs of cross-entropy alone before the PAG term starts (0 or absent: none). */
  warmupEpochs?: number;
}

export interface StepMetrics {
  step: number;
  epoch: number;
  ce: number;
  /** The PAG term (1/B) sum_n sum_t (1 - cos); measured for every model that has targets. */
  pag: number;
  /** Accuracy on the batch. */
  accuracy: number;
  /** Mean cosine per class between the model's input-gradient and g(x, t). */
  alignment: number[];
}

interface MetricValues {
  ce: tf.Scalar;
  pag: tf.Scalar;
  accuracy: tf.Scalar;
  alignment: tf.Tensor1D;
}

interface MetricTensors extends MetricValues {
  step: number;
  epoch: number;
}

function keepAll(m: MetricValues): MetricValues {
  return { ce: tf.keep(m.ce), pag: tf.keep(m.pag), accuracy: tf.keep(m.accuracy), alignment: tf.keep(m.alignment) };
}

function disposeMetrics(m: MetricValues): void {
  tf.dispose([m.ce, m.pag, m.accuracy, m.alignment]);
}

/** Salt of the k-target class stream: FusedCnnTrainer's (src/core/fast/cnnTrainer.ts). */
const CLASS_SALT = 0x2c1b3c6d;

/**
 * One model, its optimiser and its data order. Steps run on whatever backend is active;
 * metrics stay on the device until asked for (no per-step readback, which stalls WebGPU).
 */
export class Trainer {
  readonly vars: Variables;
  readonly stepsPerEpoch: number;
  step = 0;
  private optimizer: tf.Optimizer;
  private readonly xAll: tf.Tensor;
  private readonly yAll: tf.Tensor1D;
  private readonly batches: BatchOrder;
  private readonly attackRng: Rng;
  /** k target classes per image: the fused CNN trainer's stream (same salt), so both draw alike. */
  private readonly classRng: Rng;
  private last: MetricTensors | null = null;

  constructor(
    readonly opts: TrainerOptions,
    readonly data: Dataset,
    initValues: Record<string, ArrayLike<number>>,
    private readonly targets: TargetProvider | null,
  ) {
    if (opts.objective.kind === 'pag' && !targets) throw new Error('PAG training needs a target provider');
    this.vars = makeVariables(opts.spec, initValues);
    this.optimizer = makeOptimizer(opts.optimizer);
    this.xAll = tf.tensor(data.x, [data.n, ...data.sampleShape]);
    this.yAll = tf.tensor1d(data.y, 'int32');
    this.batches = new BatchOrder(data.n, opts.batchSize, opts.seed);
    this.attackRng = new Rng(opts.seed ^ 0x5bd1e995);
    this.classRng = new Rng((opts.seed ^ CLASS_SALT) >>> 0);
    this.stepsPerEpoch = this.batches.stepsPerEpoch;
  }

  get epoch(): number {
    return this.batches.epoch;
  }

  logitsOf = (x: tf.Tensor): tf.Tensor2D => applyModel(this.opts.spec, this.vars, x);

  async saveState(): Promise<TrainerState> {
    const named = await this.optimizer.getWeights();
    // The first entry is a fresh scalar holding the iteration count; the rest are the
    // optimiser's own slot variables (not ours to dispose).
    const slotTensors = named.slice(1).map((n) => n.tensor);
    const names = Object.keys(this.vars);
    const parts = [...(named.length ? [named[0].tensor] : []), ...slotTensors, ...names.map((k) => this.vars[k])];
    // One read-back for everything: on a GPU each read waits for the queue (and on a software
    // GPU costs a fixed fraction of a second), and backend-switch checkpoints call this often.
    const flat = tf.tidy(() => tf.concat(parts.map((t) => t.toFloat().reshape([-1]))));
    named[0]?.tensor.dispose();
    let values: Float32Array;
    try {
      values = (await flat.data()) as Float32Array;
    } finally {
      flat.dispose();
    }
    let at = 0;
    const take = (n: number) => values.slice(at, (at += n));
    const iterations = named.length ? take(1)[0] : 0;
    const slots = slotTensors.map((t) => take(t.size));
    const weights: Record<string, Float32Array> = {};
    for (const k of names) weights[k] = take(this.vars[k].size);
    return {
      engine: 'tfjs',
      step: this.step,
      weights,
      optimizer: { iterations, slots },
      batches: this.batches.getState(),
      attackRng: this.attackRng.getState(),
      classRng: this.classRng.getState(),
    };
  }

  async restoreState(state: TrainerState): Promise<void> {
    const shapes = paramShapes(this.opts.spec);
    tf.tidy(() => {
      for (const p of shapes) this.vars[p.name].assign(tf.tensor(state.weights[p.name], p.shape));
    });
    // A fresh optimiser: setWeights replaces slot variables without freeing the old ones.
    this.optimizer.dispose();
    this.optimizer = makeOptimizer(this.opts.optimizer);
    const opt = state.optimizer;
    if (state.engine === 'tfjs' && opt && opt.slots.length > 0 && opt.slots.length % shapes.length === 0) {
      const named = [
        { name: 'iter', tensor: tf.scalar(opt.iterations, 'int32') },
        ...opt.slots.map((v, i) => ({ name: `slot${i}`, tensor: tf.tensor(v, shapes[i % shapes.length].shape) })),
      ];
      await this.optimizer.setWeights(named);
      tf.dispose(named.map((n) => n.tensor));
    }
    this.step = state.step;
    this.batches.setState(state.batches);
    if (state.attackRng) this.attackRng.setState(state.attackRng);
    if (state.classRng) this.classRng.setState(state.classRng);
    if (this.last) disposeMetrics(this.last);
    this.last = null;
  }

  trainStep(): void {
    // A new seeded permutation every epoch, the last batch short (shared with FusedMlpTrainer).
    const indices = this.batches.next();
    const measure = this.step % (this.opts.measureEvery ?? 10) === 0;
    const { objective, loss } = this.opts;
    const C = this.opts.spec.numClasses;
    const varList = Object.values(this.vars);
    const wd = this.opts.optimizer.weightDecay ?? 0;
    const idxT = tf.tensor1d(indices, 'int32');
    const xb = tf.gather(this.xAll, idxT);
    const yb = tf.gather(this.yAll, idxT) as tf.Tensor1D;
    // Warm-up: cross-entropy only for the first epochs (alignment still measured).
    const pagNow = objective.kind === 'pag' && this.step >= (this.opts.warmupEpochs ?? 0) * this.stepsPerEpoch;
    const usesTargets = pagNow || (measure && this.targets !== null);
    const targets = usesTargets && this.targets ? this.targets(indices, xb) : null;
    const lambda = objective.kind === 'pag' ? objective.lambda : 0;
    // Drawn whenever targets are used, as FusedCnnTrainer does: both engines see the same classes.
    const targetClasses = targets ? this.drawClasses(indices.length) : undefined;
    const opts = { numClasses: C, lambda, output: loss.output, cosEps: loss.cosEps, cosine: loss.cosine, targetClasses };
    let kept: MetricValues | null = null;

    const withDecay = (l: tf.Scalar): tf.Scalar =>
      wd > 0 ? (tf.add(l, tf.mul(0.5 * wd, tf.addN(varList.map((v) => tf.sum(tf.square(v)))))) as tf.Scalar) : l;

    if (objective.kind === 'adversarial') {
      const attack = objective.attack;
      const target = attack.targeted ? attackTargets(yb, C) : null;
      const { xAdv } = pgd(this.logitsOf, xb, yb, target, { ...attack, rng: this.attackRng });
      target?.dispose();
      const cost = this.optimizer.minimize(() => withDecay(crossEntropy(this.logitsOf(xAdv), yb)), true, varList);
      if (measure) kept = this.measure(xb, yb, targets, opts, cost as tf.Scalar);
      else cost?.dispose();
      xAdv.dispose();
    } else if (pagNow) {
      const cost = this.optimizer.minimize(
        () => {
          const terms = pagLoss(this.logitsOf, xb, yb, targets, opts);
          // Tensors made inside minimize are disposed with it unless kept.
          if (measure) kept = keepAll(this.summarise(terms, yb));
          return withDecay(terms.total);
        },
        false,
        varList,
      );
      cost?.dispose();
    } else {
      const cost = this.optimizer.minimize(() => withDecay(crossEntropy(this.logitsOf(xb), yb)), true, varList);
      if (measure) kept = this.measure(xb, yb, targets, opts, cost as tf.Scalar);
      else cost?.dispose();
    }
    tf.dispose([idxT, xb, yb]);
    targets?.dispose();
    if (kept) this.replaceMetrics({ step: this.step, epoch: this.epoch, ...(kept as MetricValues) });
    this.step++;
  }

  /** This step's k target classes per image, image-major (undefined: every class, no draw). */
  private drawClasses(batch: number): Int32Array | undefined {
    const C = this.opts.spec.numClasses;
    const k = effectiveK(C, this.opts.targetsPerImage ?? 0);
    if (k === C) return undefined;
    const out = new Int32Array(batch * k);
    drawTargetClasses(this.classRng, batch, C, k, out, new Int32Array(C));
    return out;
  }

  private summarise(terms: PagLossTerms, yb: tf.Tensor1D): MetricValues {
    const accuracy = tf.mean(tf.cast(tf.equal(tf.argMax(terms.logits, 1), yb), 'float32')) as tf.Scalar;
    return { ce: terms.ce, pag: terms.pag, alignment: terms.alignment, accuracy };
  }

  /** Metrics of a model not trained on targets: the PAG term and alignment measured, not optimised. */
  private measure(
    xb: tf.Tensor,
    yb: tf.Tensor1D,
    targets: tf.Tensor | null,
    opts: { numClasses: number; lambda: number; output: LossSettings['output']; cosEps: number; cosine?: LossSettings['cosine']; targetClasses?: Int32Array },
    cost: tf.Scalar,
  ): MetricValues {
    cost.dispose();
    return tf.tidy(
      () => ({ ...this.summarise(pagLoss(this.logitsOf, xb, yb, targets, { ...opts, lambda: targets ? 1 : 0 }), yb) }),
    ) as unknown as MetricValues;
  }

  private replaceMetrics(m: MetricTensors): void {
    if (this.last) disposeMetrics(this.last);
    this.last = m;
  }

  /** The most recently measured metrics (read asynchronously: no GPU stall). */
  async metrics(): Promise<StepMetrics | null> {
    const m = this.last;
    if (!m) return null;
    const [ce, pag, accuracy, alignment] = await Promise.all([m.ce.data(), m.pag.data(), m.accuracy.data(), m.alignment.data()]);
    return { step: m.step, epoch: m.epoch, ce: ce[0], pag: pag[0], accuracy: accuracy[0], alignment: Array.from(alignment) };
  }

  dispose(): void {
    if (this.last) disposeMetrics(this.last);
    this.last = null;
    disposeVariables(this.vars);
    this.optimizer.dispose();
    tf.dispose([this.xAll, this.yAll]);
  }
}
