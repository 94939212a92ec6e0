import * as tf from '@tensorflow/tfjs';
import { allClassInputGradients } from '../../core/pag/inputGradients';
import type { OutputKind } from '../../core/pag/logSoftmax';
import { pagLoss } from '../../core/pag/loss';
import type { TrainerLike } from '../../core/train/trainerLike';
import type { ModelSnapshot } from '../contract/protocol';
import type { CosineConvention } from '../../core/fast/fusedCosine';

/** Device-side inputs of a snapshot, uploaded once per session or view change. */
export interface SnapshotInputs {
  /** Heatmap cell centres [cells, 2]. */
  grid: tf.Tensor2D;
  testX: tf.Tensor2D;
  testY: tf.Tensor1D;
  /** g(x, t) at the test points [C, n, 2]: the alignment is measured against it. */
  testTruth: tf.Tensor;
  /** Arrow anchors [n, 2], or null when the gradient field is off. */
  arrows: tf.Tensor2D | null;
  numClasses: number;
  output: OutputKind;
  cosEps: number;
  cosine?: CosineConvention;
}

/** The layout of a packed snapshot: which parts it has and their sizes. */
export interface PackLayout {
  cells: number;
  numClasses: number;
  /** Arrow anchors (0 = no gradient field). */
  arrows: number;
  metrics: boolean;
}

export function packedLength(l: PackLayout): number {
  return l.cells + (l.metrics ? 3 + l.numClasses : 0) + (l.arrows > 0 ? l.numClasses * l.arrows * 2 : 0);
}

/**
 * One model's picture as a single flat tensor (nothing is read back here): P(class 1) per grid
 * cell; with metrics, test accuracy, CE, PAG term and the alignment per class; then the
 * input-gradients at the arrows. The metrics are those of the PAG objective (pagLoss) on the
 * whole test set.
 */
export function packModel(trainer: TrainerLike, inp: SnapshotInputs, withMetrics: boolean): tf.Tensor1D {
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [tf.softmax(trainer.logitsOf(inp.grid)).slice([0, 1], [-1, 1]).reshape([-1])];
    if (withMetrics) {
      const terms = pagLoss(trainer.logitsOf, inp.testX, inp.testY, inp.testTruth, {
        numClasses: inp.numClasses,
        lambda: 1,
        output: inp.output,
        cosEps: inp.cosEps,
        cosine: inp.cosine,
      });
      const acc = tf.mean(tf.cast(tf.equal(tf.argMax(terms.logits, 1), inp.testY), 'float32'));
      parts.push(acc.reshape([1]), terms.ce.reshape([1]), terms.pag.reshape([1]), terms.alignment);
    }
    if (inp.arrows) parts.push(allClassInputGradients(trainer.logitsOf, inp.arrows, inp.numClasses, inp.output).reshape([-1]));
    return tf.concat(parts) as tf.Tensor1D;
  });
}

/** The inverse of packModel, on the values read back. */
export function unpackModel(v: Float32Array, l: PackLayout): ModelSnapshot {
  let at = l.cells;
  const probs = v.slice(0, at);
  let metrics: ModelSnapshot['metrics'] = null;
  if (l.metrics) {
    metrics = { testAccuracy: v[at], ce: v[at + 1], pag: v[at + 2], alignment: Array.from(v.subarray(at + 3, at + 3 + l.numClasses)) };
    at += 3 + l.numClasses;
  }
  const gradients = l.arrows > 0 ? v.slice(at, at + l.numClasses * l.arrows * 2) : null;
  return { probs, metrics, gradients };
}
