import * as tf from '@tensorflow/tfjs';
import { applyModel, type ModelSpec, type Params } from '../models';
import { allClassInputGradients } from './inputGradients';
import type { OutputKind } from './logSoftmax';

/**
 * RIGD targets (Section 4.1): g(x, t) = grad_x f*(x)_t of a robust (adversarially trained)
 * teacher. An empirical upper bound only: the teacher's robustness leaks into the student by
 * construction. Computed outside the student's tape, so no second-order work is spent on it.
 */
export function teacherTargets(
  teacherSpec: ModelSpec,
  teacherParams: Params,
  x: tf.Tensor,
  output: OutputKind,
): tf.Tensor {
  return tf.tidy(() =>
    allClassInputGradients((xi) => applyModel(teacherSpec, teacherParams, xi), x, teacherSpec.numClasses, output),
  );
}
