import { fusedCnnWorkspaceBytes } from '../fast/cnnFused';
import { paramShapes, type ModelSpec } from '../models';
import type { TrainingEngine } from '../spec/backends';

/**
 * A conservative estimate of the bytes a training configuration needs on the device, so that
 * settings that cannot fit are refused with a message before anything is allocated (a tab that
 * runs out of GPU memory loses the context and everything in it).
 *
 * Counted: the dataset on the device, parameters with Adam's two moments and a gradient, and the
 * activations of one step. A PAG step tiles the batch C times and keeps the activations of the
 * first and second backward passes: about 3x the forward activations of C*B samples.
 *
 * The fused CPU steps (src/core/fast) hold none of that: they go through a batch one image at a
 * time, so their workspace does not grow with the batch or the classes. For them: the dataset,
 * float64 parameters, gradients and Adam's two moments, the float32 TF.js copy of the weights
 * (attacks, the gallery), the batch and its PAG targets (C per image, float32), and the
 * workspace (the CNN's exactly, with its wasm memory's first page and rounding; the MLP's, a few
 * arrays of C x (hidden + input) float64 values per sample, counted per batch to stay on the safe side).
 */
export interface MemoryQuery {
  spec: ModelSpec;
  batchSize: number;
  trainSamples: number;
  pag: boolean;
  /** What trains it: TF.js (default) or a fused CPU step. */
  engine?: TrainingEngine;
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
  if (q.engine === 'fused') {
    const C = q.spec.numClasses;
    const batch = 4 * q.batchSize * sampleSize + (q.pag ? 4 * C * q.batchSize * sampleSize : 0);
    const workspace =
      q.spec.kind === 'cnn' ? fusedCnnWorkspaceBytes(q.spec) + 2 * 65536 : 8 * 4 * q.batchSize * C * (q.spec.hidden.reduce((a, b) => a + b, 0) + sampleSize + C);
    return 4 * q.trainSamples * sampleSize + (8 * 4 + 4) * params + batch + workspace;
  }
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

/** One model of a run: whether it trains with the PAG term (TF.js), or that and its engine. */
export type RunModel = boolean | { pag: boolean; engine: TrainingEngine };

/**
 * The models of one run, side by side on the same data. A batch larger than the training set is
 * the whole set. null if they fit together, else a message naming what to change.
 */
export function runMemoryProblem(
  run: { spec: ModelSpec; batchSize: number; trainSamples: number; models: RunModel[]; advice?: string },
  budget = DEFAULT_MEMORY_BUDGET,
): string | null {
  const batchSize = Math.min(run.batchSize, run.trainSamples);
  const need = run.models.reduce((sum, m) => {
    const { pag, engine } = typeof m === 'boolean' ? { pag: m, engine: 'tfjs' as const } : m;
    return sum + estimateTrainingBytes({ spec: run.spec, batchSize, trainSamples: run.trainSamples, pag, engine });
  }, 0);
  if (need <= budget) return null;
  return `Not started: these settings need about ${gb(need)} GB for ${run.models.length} models, more than the ${gb(budget)} GB this lab allows itself. ${run.advice ?? 'Use a smaller batch, fewer training points or a narrower model.'} The current run is kept.`;
}
