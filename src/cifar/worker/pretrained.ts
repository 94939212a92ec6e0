import * as tf from '@tensorflow/tfjs';
import { CIFAR_PIXELS } from '../../core/data/cifar';
import type { Dataset } from '../../core/data/dataset';
import { cifarModelSpec } from '../../core/experiment/cifarSettings';
import type { MethodId } from '../../core/experiment/methods';
import { parsePretrainedManifest, parsePretrainedSample, PretrainedFormatError, type PretrainedManifest } from '../../core/io/pretrained';
import { importWeights, WeightsFormatError } from '../../core/io/weights';
import { applyModel, disposeVariables, makeVariables, type CnnSpec, type Variables } from '../../core/models';
import { withConvImpl, type ConvImpl } from '../../core/models/conv';
import { isFile, type FetchBytes, type LoadProgress } from './dataSource';

/**
 * The pretrained CIFAR models the app ships in public/pretrained/ (format: src/core/io/pretrained.ts),
 * read in the worker in two parts: the files are fetched and checked whole first (no tensors, so
 * this runs beside the engine queue and a damaged file changes nothing), then the checked values
 * become variables on the running backend (on the queue; again after a backend switch, since the
 * values are kept).
 */
export interface PretrainedFiles {
  /** Where they were read from (ends in '/'), for messages. */
  base: string;
  manifest: PretrainedManifest;
  spec: CnnSpec;
  /** The shipped sample in the models' labels (0..C-1), NHWC in [0, 1], in file order. */
  sample: Dataset;
  weights: { method: MethodId; label: string; values: Record<string, Float32Array> }[];
}

/** The models on the backend: what galleries, tables and predictions run on. */
export interface PretrainedModel {
  method: MethodId;
  label: string;
  logitsOf: (x: tf.Tensor) => tf.Tensor2D;
  /** From the manifest: how long this model took to train when it was made. */
  trainSeconds: number;
}

const decoder = new TextDecoder();

/**
 * A file's bytes in one read (null when nothing is served there): these files are small, and a
 * read per stream chunk would wait for a turn of a worker busy training, once per chunk.
 */
async function fetchBytes(fetchFn: FetchBytes, url: string, name: string, progress: LoadProgress): Promise<Uint8Array | null> {
  const r = await fetchFn(url);
  if (!isFile(r)) {
    await r.body?.cancel();
    return null;
  }
  const bytes = new Uint8Array(await r.arrayBuffer());
  progress(name, bytes.length, bytes.length);
  return bytes;
}

/** A path beside the base, or an error: a file must not make the page read anything outside that folder. */
function inside(base: string, relative: string, from: string = base): string {
  const url = new URL(relative, from).href;
  if (!url.startsWith(base)) throw new PretrainedFormatError(`${relative} points outside ${base}`);
  return url;
}

async function required(fetchFn: FetchBytes, url: string, name: string, progress: LoadProgress): Promise<Uint8Array> {
  const bytes = await fetchBytes(fetchFn, url, name, progress);
  if (!bytes) throw new PretrainedFormatError(`${url} is missing: run npm run pretrained again`);
  return bytes;
}

/** The sample's records as a Dataset of the models' classes, keeping the file's order (no reshuffle). */
function sampleDataset(bytes: Uint8Array, m: PretrainedManifest): Dataset {
  const raw = parsePretrainedSample(bytes, m);
  const classes = m.recipe.classes;
  const x = new Float32Array(raw.n * 3 * CIFAR_PIXELS);
  const y = new Int32Array(raw.n);
  for (let i = 0; i < raw.n; i++) {
    y[i] = classes.indexOf(raw.labels[i]);
    const src = i * 3 * CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      for (let c = 0; c < 3; c++) x[src + 3 * p + c] = raw.planes[src + c * CIFAR_PIXELS + p] / 255;
    }
  }
  return { x, y, n: raw.n, sampleShape: [32, 32, 3], numClasses: classes.length, classNames: [...m.classNames] };
}

/**
 * Everything under `base` (ending in '/'), checked; null when no manifest is served there.
 * Throws PretrainedFormatError (a sentence naming the file) for anything damaged or missing.
 */
export async function fetchPretrained(base: string, fetchFn: FetchBytes, progress: LoadProgress): Promise<PretrainedFiles | null> {
  const manifestBytes = await fetchBytes(fetchFn, `${base}manifest.json`, 'manifest.json', progress);
  if (!manifestBytes) return null;
  const manifest = parsePretrainedManifest(decoder.decode(manifestBytes));
  const activation = manifest.recipe.activation;
  if (activation !== 'relu' && activation !== 'softplus') throw new PretrainedFormatError(`manifest.json is damaged: recipe.activation must be relu or softplus`);
  const spec = cifarModelSpec({ ...manifest.recipe, activation });
  // Every file at once: a worker that is training reads a response only between two training
  // units (seconds each on a slow machine), so one file after another took a minute.
  const sampleBytes = required(fetchFn, inside(base, manifest.sample.path), manifest.sample.path, progress);
  const models = manifest.models.map(async (m) => {
    const jsonUrl = inside(base, m.path);
    const json = decoder.decode(await required(fetchFn, jsonUrl, m.path, progress));
    try {
      const parts = await Promise.all(binPaths(json).map((p) => required(fetchFn, inside(base, p, jsonUrl), p, progress)));
      return { method: m.method, label: m.label, values: importWeights(spec, json, concat(parts)) };
    } catch (e) {
      if (e instanceof WeightsFormatError) throw new PretrainedFormatError(`${m.path}: ${e.message}`);
      throw e;
    }
  });
  // Settled first, so a failure reported below is the first file's in the manifest's order.
  const results = await Promise.allSettled([sampleBytes, ...models]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  const sample = sampleDataset(await sampleBytes, manifest);
  const weights: PretrainedFiles['weights'] = await Promise.all(models);
  return { base, manifest, spec, sample, weights };
}

/** The binary files model.json names (importWeights checks the rest of it). */
function binPaths(json: string): string[] {
  try {
    const groups = (JSON.parse(json) as { weightsManifest?: { paths?: unknown }[] }).weightsManifest;
    const paths = Array.isArray(groups) ? groups.flatMap((g) => (Array.isArray(g.paths) ? g.paths : [])) : [];
    if (paths.length > 0 && paths.every((p): p is string => typeof p === 'string')) return paths;
  } catch {
    // reported below
  }
  throw new WeightsFormatError('model.json names no weights file');
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The checked files as models on the running backend; dispose() frees every variable. They are
 * never trained, so their convolutions take the backend's fastest form for input-gradients
 * (`conv`: inferenceConvImpl), whatever the live run's training needs.
 */
export class PretrainedSet {
  readonly models: PretrainedModel[];
  private readonly vars: Variables[] = [];

  constructor(
    readonly id: number,
    readonly files: PretrainedFiles,
    conv: ConvImpl,
  ) {
    try {
      this.models = files.weights.map((w) => {
        const vars = makeVariables(files.spec, w.values);
        this.vars.push(vars);
        const entry = files.manifest.models.find((m) => m.method === w.method);
        const logitsOf = (x: tf.Tensor) => withConvImpl(conv, () => applyModel(files.spec, vars, x));
        return { method: w.method, label: w.label, logitsOf, trainSeconds: entry?.trainSeconds ?? 0 };
      });
    } catch (e) {
      this.dispose();
      throw e;
    }
  }

  get sample(): Dataset {
    return this.files.sample;
  }

  dispose(): void {
    this.vars.forEach(disposeVariables);
    this.vars.length = 0;
  }
}
