import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { paramShapes, type ModelSpec } from '../models';

/**
 * Trained weights in the TensorFlow.js weights format: a model.json whose weightsManifest
 * names every parameter with its shape, plus one binary file of float32 values. The model spec
 * travels in model.json's userDefinedMetadata, so an upload is checked against the model it is
 * loaded into before anything changes.
 */
export const WEIGHTS_FORMAT = 'pag-lab-weights';
export const WEIGHTS_FORMAT_VERSION = 1;

export interface WeightsFiles {
  modelJson: string;
  weightsBin: Uint8Array;
}

/** A weights file that cannot be loaded into this model; the message is for the user. */
export class WeightsFormatError extends Error {}

export async function exportWeights(spec: ModelSpec, values: Record<string, ArrayLike<number>>, meta: Record<string, unknown> = {}): Promise<WeightsFiles> {
  const named = paramShapes(spec).map((p) => ({ name: p.name, tensor: tf.tensor(Float32Array.from(values[p.name]), p.shape) }));
  try {
    const { data, specs } = await tf.io.encodeWeights(named);
    const modelJson = {
      format: WEIGHTS_FORMAT,
      generatedBy: 'PAG Lab',
      convertedBy: null,
      modelTopology: null,
      userDefinedMetadata: { formatVersion: WEIGHTS_FORMAT_VERSION, spec, ...meta },
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
    };
    return { modelJson: JSON.stringify(modelJson, null, 2), weightsBin: new Uint8Array(data) };
  } finally {
    tf.dispose(named.map((n) => n.tensor));
  }
}

/**
 * What importWeights reads of model.json, checked before any of it is used: a hand-edited or
 * foreign file gets a sentence naming the bad field instead of a TypeError. Every parameter is
 * float32 (what exportWeights writes), so the byte count below is exact.
 */
const modelJsonSchema = z.object({
  userDefinedMetadata: z.object({ spec: z.unknown().optional() }).passthrough().optional(),
  weightsManifest: z.array(
    z.object({
      paths: z.array(z.string()),
      weights: z.array(
        z.object({
          name: z.string(),
          shape: z.array(z.number().int('is not a whole number').nonnegative('is negative').max(1e8, 'is too large')).max(8, 'has too many dimensions'),
          dtype: z.literal('float32', 'is not float32'),
        }),
      ),
    }),
  ),
});

function sameSpec(a: ModelSpec, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Parameter values from uploaded files, checked against `spec`: every parameter present with the
 * right shape and float32 dtype, the binary of the right length, every value finite.
 */
export function importWeights(spec: ModelSpec, modelJsonText: string, weightsBin: Uint8Array): Record<string, Float32Array> {
  let json: unknown;
  try {
    json = JSON.parse(modelJsonText);
  } catch {
    throw new WeightsFormatError('model.json is not valid JSON');
  }
  if (!json || typeof json !== 'object' || !Array.isArray((json as { weightsManifest?: unknown }).weightsManifest)) {
    throw new WeightsFormatError('model.json has no weightsManifest: not a TensorFlow.js weights file');
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WeightsFormatError(`model.json is damaged: ${issue?.path.join('.') || 'its content'} ${issue?.message ?? 'is not valid'}`);
  }
  const j = parsed.data;
  const saved = j.userDefinedMetadata?.spec;
  if (saved !== undefined && !sameSpec(spec, saved)) {
    throw new WeightsFormatError(`these weights are for a different model (${describe(saved)}), not the current one (${describe(spec)})`);
  }
  const entries: tf.io.WeightsManifestEntry[] = j.weightsManifest.flatMap((g) => g.weights);
  const expected = paramShapes(spec);
  for (const p of expected) {
    const e = entries.find((w) => w.name === p.name);
    if (!e) throw new WeightsFormatError(`the weights file has no parameter "${p.name}"`);
    if (JSON.stringify(e.shape) !== JSON.stringify(p.shape)) {
      throw new WeightsFormatError(`parameter "${p.name}" has shape [${e.shape}], the model needs [${p.shape}]`);
    }
  }
  // Every entry is float32 (the schema above), packed in manifest order: the values are read
  // straight from the bytes. No tensors: nothing to leak, and no synchronous GPU read on WebGPU.
  const offsets = new Map<string, [number, number]>();
  let need = 0;
  for (const e of entries) {
    const n = e.shape.reduce((a, b) => a * b, 1);
    offsets.set(e.name, [need, n]);
    need += 4 * n;
  }
  if (weightsBin.byteLength !== need) throw new WeightsFormatError(`weights.bin has ${weightsBin.byteLength} bytes, model.json describes ${need}`);
  const out: Record<string, Float32Array> = {};
  for (const p of expected) {
    const [start, n] = offsets.get(p.name)!;
    const v = new Float32Array(weightsBin.slice(start, start + 4 * n).buffer);
    if (!v.every(Number.isFinite)) throw new WeightsFormatError(`parameter "${p.name}" holds NaN or infinite values`);
    out[p.name] = v;
  }
  return out;
}

function describe(spec: unknown): string {
  const s = spec as Partial<ModelSpec> & { hidden?: number[]; channels?: number[]; inputSize?: number };
  if (!s || typeof s !== 'object') return 'unknown model';
  if (s.kind === 'mlp') return `MLP ${[s.inputSize, ...(s.hidden ?? []), s.numClasses].join('-')} ${s.activation}`;
  if (s.kind === 'cnn') return `CNN ${(s.channels ?? []).join('-')} channels, ${s.numClasses} classes, ${s.activation}`;
  return 'unknown model';
}
