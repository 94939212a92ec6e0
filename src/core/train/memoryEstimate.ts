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

/**
 * The budget both labs allow a run (all its models and teachers together): 1.5 GB. A tab that
 * asks for more risks losing its GPU context (everything trained is gone) or a wasm heap that
 * cannot grow (wasm32 stops at 4 GB, and TF.js keeps copies while it reads back), and a small
 * laptop GPU shares about 2 GB with the desktop. The lab defaults need under 1 % of it.
 */
export const DEFAULT_MEMORY_BUDGET = 1.5 * 2 ** 30;

const gb = (b: number) => (b / 2 ** 30).toFixed(1);

/** null if it fits, else a message for the user. */
export function memoryProblem(q: MemoryQuery, budget = DEFAULT_MEMORY_BUDGET): string | null {
  const need = estimateTrainingBytes(q);
  if (need <= budget) return null;
  return `These settings need about ${gb(need)} GB for training, more than the ${gb(budget)} GB this app allows itself: use a smaller batch, fewer images or a narrower model.`;
}

/**
 * The models of one run, side by side on the same data (each entry: whether it trains with the
 * PAG term). A batch larger than the training set is the whole set. null if they fit together,
 * else a message naming what to change.
 */
export function runMemoryProblem(
  run: { spec: ModelSpec; batchSize: number; trainSamples: number; models: boolean[]; advice?: string },
  budget = DEFAULT_MEMORY_BUDGET,
): string | null {
  const batchSize = Math.min(run.batchSize, run.trainSamples);
  const need = run.models.reduce((sum, pag) => sum + estimateTrainingBytes({ spec: run.spec, batchSize, trainSamples: run.trainSamples, pag }), 0);
  if (need <= budget) return null;
  return `Not started: these settings need about ${gb(need)} GB for ${run.models.length} models, more than the ${gb(budget)} GB this lab allows itself. ${run.advice ?? 'Use a smaller batch, fewer training points or a narrower model.'} The current run is kept.`;
}
