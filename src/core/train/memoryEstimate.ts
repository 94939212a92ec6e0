import { paramShapes, type ModelSpec } from '../models';

/**
 * A conservative estimate of the bytes a training configuration needs on the device, so that
 * settings that cannot fit are refused with a message before anything is allocated (a tab that
 * runs out of GPU memory loses the context and everything in it).
 *
 * Counted: the dataset on the device, parameters with Adam's two moments and a gradient, and the
 * activations of one step. A PAG step tiles the batch C times and keeps the activations of the
 * first and second backward passes: about 3x the forward activations of C*B samples.
 */
export interface MemoryQuery {
  spec: ModelSpec;
  batchSize: number;
  trainSamples: number;
  pag: boolean;
}

function activationsPerSample(spec: ModelSpec): number {
  if (spec.kind === 'mlp') return [spec.inputSize, ...spec.hidden, spec.numClasses].reduce((a, b) => a + 2 * b, 0);
  let [h, w, c] = spec.inputShape;
  let total = h * w * c;
  spec.channels.forEach((out, i) => {
    total += h * w * (9 * c + 3 * out); // im2col columns, conv output, activation, pooling input
    c = out;
    if (i < spec.channels.length - 1) {
      h /= 2;
      w /= 2;
    }
  });
  return total + 2 * spec.numClasses;
}

export function estimateTrainingBytes(q: MemoryQuery): number {
  const params = paramShapes(q.spec).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0);
  const sampleSize = q.spec.kind === 'mlp' ? q.spec.inputSize : q.spec.inputShape.reduce((a, b) => a * b, 1);
  const rows = q.pag ? q.batchSize * q.spec.numClasses : q.batchSize;
  const passes = q.pag ? 3 : 2;
  const floats = q.trainSamples * sampleSize + 4 * params + passes * rows * activationsPerSample(q.spec);
  return 4 * floats;
}

/** The default budget: well under what a browser tab gets on a small laptop GPU or in wasm. */
export const DEFAULT_MEMORY_BUDGET = 1.5 * 2 ** 30;

/** null if it fits, else a message for the user. */
export function memoryProblem(q: MemoryQuery, budget = DEFAULT_MEMORY_BUDGET): string | null {
  const need = estimateTrainingBytes(q);
  if (need <= budget) return null;
  const gb = (b: number) => (b / 2 ** 30).toFixed(1);
  return `These settings need about ${gb(need)} GB for training, more than the ${gb(budget)} GB this app allows itself: use a smaller batch, fewer images or a narrower model.`;
}
