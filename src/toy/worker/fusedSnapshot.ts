import type { MlpDims } from '../../core/fast/fusedParams';
import { FusedMlp } from '../../core/fast/mlpFused';
import type { FusedMlpTrainer } from '../../core/fast/fusedTrainer';
import type { OutputKind } from '../../core/pag/logSoftmax';
import type { ModelSnapshot } from '../contract/protocol';
import type { CosineConvention } from '../../core/fast/fusedCosine';

/** The host-side copies of what a snapshot evaluates on (the fused engine never uploads them). */
export interface HostSnapshotInputs {
  grid: Float32Array;
  testX: Float32Array;
  testY: Int32Array;
  /** g(x, t) at the test points, [C, n, 2]. */
  testTruth: Float32Array;
  arrows: Float32Array | null;
  output: OutputKind;
  cosEps: number;
  cosine?: CosineConvention;
}

/**
 * A model's picture computed on the CPU with the fused kernel, for models the fused engine
 * trains. Why not on the backend: a snapshot of a 2-32-2 MLP is a few hundred thousand
 * multiply-adds (about a millisecond in plain loops) but, on a software GPU (SwiftShader), tens
 * of kernels plus a read-back that waits for the queue: 0.1-0.5 s, which capped the heatmaps at
 * 2-6 refreshes a second. Same meaning as packModel: P(class 1) per cell, the PAG objective's
 * metrics on the test set (lambda 1, measured not optimised), the input-gradients at the arrows.
 */
export class FusedSnapshotter {
  private readonly kernel: FusedMlp;

  constructor(dims: MlpDims) {
    this.kernel = new FusedMlp(dims);
  }

  snapshot(trainer: FusedMlpTrainer, inp: HostSnapshotInputs, withMetrics: boolean): ModelSnapshot {
    const { C } = this.kernel.dims;
    const cells = inp.grid.length / 2;
    const logits = this.kernel.logits(trainer.params, inp.grid, cells);
    const probs = new Float32Array(cells);
    for (let n = 0; n < cells; n++) probs[n] = classOneProbability(logits, n * C, C);
    let metrics: ModelSnapshot['metrics'] = null;
    if (withMetrics) {
      const r = this.kernel.lossAndGrads(trainer.params, inp.testX, inp.testY, inp.testTruth, {
        output: inp.output,
        cosEps: inp.cosEps,
        cosine: inp.cosine,
        lambda: 1,
        grads: false,
      });
      metrics = { testAccuracy: r.accuracy, ce: r.ce, pag: r.pag, alignment: Array.from(r.alignment) };
    }
    const gradients = inp.arrows
      ? Float32Array.from(this.kernel.inputGradients(trainer.params, inp.arrows, inp.arrows.length / 2, inp.output))
      : null;
    return { probs, metrics, gradients };
  }
}

/** softmax(logits)[1] of the row starting at `at`, stable for large logits. */
function classOneProbability(logits: Float64Array, at: number, C: number): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, logits[at + c]);
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(logits[at + c] - max);
  return Math.exp(logits[at + 1] - max) / sum;
}
