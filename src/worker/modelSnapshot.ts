import * as tf from '@tensorflow/tfjs';
import { allClassInputGradients } from '../core/pag/inputGradients';
import type { OutputKind } from '../core/pag/logSoftmax';
import type { Trainer } from '../core/train/trainer';
import type { ModelSnapshot } from './protocol';

/** Device-side inputs of a snapshot, uploaded once per session or view change. */
export interface SnapshotInputs {
  /** Heatmap cell centres [cells, 2]. */
  grid: tf.Tensor2D;
  testX: tf.Tensor2D;
  testY: tf.Tensor1D;
  /** Arrow anchors [n, 2], or null when the gradient field is off. */
  arrows: tf.Tensor2D | null;
  numClasses: number;
  output: OutputKind;
}

/**
 * One model's picture: P(class 1) on the grid, clean test accuracy, optional input-gradients,
 * and the latest metrics. Everything is computed in one tidy and read back with `await data()`
 * (never dataSync: on WebGPU/WebGL a synchronous read stalls the worker on the GPU queue).
 */
export async function modelSnapshot(trainer: Trainer, inp: SnapshotInputs): Promise<ModelSnapshot> {
  const t = tf.tidy(() => {
    const probs = tf.softmax(trainer.logitsOf(inp.grid)).slice([0, 1], [-1, 1]).reshape([-1]);
    const pred = tf.argMax(trainer.logitsOf(inp.testX), 1);
    const acc = tf.mean(tf.cast(tf.equal(pred, inp.testY), 'float32'));
    const grads = inp.arrows ? allClassInputGradients(trainer.logitsOf, inp.arrows, inp.numClasses, inp.output) : tf.zeros([0]);
    return { probs, acc, grads };
  }) as { probs: tf.Tensor; acc: tf.Tensor; grads: tf.Tensor };
  try {
    const [probs, acc, grads, metrics] = await Promise.all([t.probs.data(), t.acc.data(), inp.arrows ? t.grads.data() : null, trainer.metrics()]);
    return {
      probs: Float32Array.from(probs),
      testAccuracy: acc[0],
      metrics,
      gradients: grads ? Float32Array.from(grads) : null,
    };
  } finally {
    tf.dispose([t.probs, t.acc, t.grads]);
  }
}
