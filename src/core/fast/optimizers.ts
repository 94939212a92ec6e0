import type { OptimizerConfig } from '../train/optimizer';

/**
 * Adam and SGD (+momentum) over Float64Array parameters, in plain loops, with the update rules of
 * tf.train.adam / tf.train.momentum (which are PyTorch's):
 * - Adam: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; w -= lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 * - SGD: v = mom v + g; w -= lr v (mom 0: w -= lr g).
 * Weight decay is coupled, as the TF.js Trainer does it (0.5 wd |w|^2 added to the loss, i.e.
 * PyTorch's weight_decay): g += wd w, for every parameter (biases too), before the update.
 */
export interface FastOptimizer {
  /** Updates params[i] in place from grads[i] (grads are not modified). */
  step(params: Float64Array[], grads: Float64Array[]): void;
  /** Updates applied so far. */
  iterations: number;
  /** The optimiser's state arrays (Adam: every m then every v; SGD with momentum: accumulators). */
  slots(): Float64Array[];
}

/** Copies saved slot values into an optimiser's own arrays (same sizes and order). */
export function restoreSlots(opt: FastOptimizer, saved: ArrayLike<number>[], iterations: number): boolean {
  const own = opt.slots();
  if (own.length !== saved.length || own.some((a, i) => a.length !== saved[i].length)) return false;
  own.forEach((a, i) => a.set(saved[i]));
  opt.iterations = iterations;
  return true;
}

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

export class Adam implements FastOptimizer {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;
  iterations = 0;
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];

  constructor(sizes: number[], opts: AdamOptions) {
    this.lr = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.m = sizes.map((s) => new Float64Array(s));
    this.v = sizes.map((s) => new Float64Array(s));
  }

  slots(): Float64Array[] {
    return [...this.m, ...this.v];
  }

  step(params: Float64Array[], grads: Float64Array[]): void {
    if (params.length !== this.m.length || grads.length !== this.m.length) throw new Error('Adam: parameter count changed');
    this.iterations++;
    const { beta1: b1, beta2: b2, epsilon: eps, weightDecay: wd, lr } = this;
    const c1 = 1 / (1 - Math.pow(b1, this.iterations));
    const c2 = 1 / (1 - Math.pow(b2, this.iterations));
    const k1 = 1 - b1;
    const k2 = 1 - b2;
    for (let j = 0; j < params.length; j++) {
      const w = params[j];
      const g = grads[j];
      const m = this.m[j];
      const v = this.v[j];
      const len = w.length;
      if (g.length !== len || m.length !== len) throw new Error(`Adam: size of parameter ${j} changed`);
      for (let i = 0; i < len; i++) {
        const gi = wd !== 0 ? g[i] + wd * w[i] : g[i];
        const mi = b1 * m[i] + k1 * gi;
        const vi = b2 * v[i] + k2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        w[i] -= (lr * (mi * c1)) / (Math.sqrt(vi * c2) + eps);
      }
    }
  }
}

export interface SgdOptions {
  learningRate: number;
  momentum?: number;
  weightDecay?: number;
}

export class Sgd implements FastOptimizer {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  iterations = 0;
  private readonly acc: Float64Array[];

  constructor(sizes: number[], opts: SgdOptions) {
    this.lr = opts.learningRate;
    this.momentum = opts.momentum ?? 0;
    this.weightDecay = opts.weightDecay ?? 0;
    this.acc = this.momentum ? sizes.map((s) => new Float64Array(s)) : [];
  }

  slots(): Float64Array[] {
    return this.acc;
  }

  step(params: Float64Array[], grads: Float64Array[]): void {
    this.iterations++;
    const { lr, momentum: mom, weightDecay: wd } = this;
    for (let j = 0; j < params.length; j++) {
      const w = params[j];
      const g = grads[j];
      const len = w.length;
      if (g.length !== len) throw new Error(`SGD: size of gradient ${j} differs from its parameter`);
      if (mom) {
        const a = this.acc[j];
        if (!a || a.length !== len) throw new Error(`SGD: size of parameter ${j} changed`);
        for (let i = 0; i < len; i++) {
          const gi = wd !== 0 ? g[i] + wd * w[i] : g[i];
          const ai = mom * a[i] + gi;
          a[i] = ai;
          w[i] -= lr * ai;
        }
      } else {
        for (let i = 0; i < len; i++) w[i] -= lr * (wd !== 0 ? g[i] + wd * w[i] : g[i]);
      }
    }
  }
}

/** The fast counterpart of makeOptimizer (train/optimizer.ts), for parameters of these sizes. */
export function makeFastOptimizer(cfg: OptimizerConfig, sizes: number[]): FastOptimizer {
  const weightDecay = cfg.weightDecay ?? 0;
  if (cfg.kind === 'adam') return new Adam(sizes, { learningRate: cfg.learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay });
  return new Sgd(sizes, { learningRate: cfg.learningRate, momentum: cfg.momentum ?? 0, weightDecay });
}
