import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CifarController } from '../../../src/cifar/worker/controller';
import type { CifarEvent } from '../../../src/cifar/contract/protocol';
import { CIFAR_RECORD } from '../../../src/core/data/cifar';
import { cifarModelSpec } from '../../../src/core/experiment/cifarSettings';
import { exportWeights } from '../../../src/core/io/weights';
import { initParamValues } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

/**
 * The CIFAR worker's pretrained path (issue 12) in Node: a made-up set in the agreed format
 * (manifest, sample of official records, TF.js weights) served same-origin, read, checked, built,
 * and its gallery, Table 1 rows and predictions; damaged files refused with their name.
 */
const BASE = 'http://lab.test/pretrained/';
const RECIPE = { classes: [0, 6], channels: [4, 8], activation: 'relu', head: 'flatten', centerInput: true, targetsPerImage: 0, warmupEpochs: 0, lambdaByMethod: { nn: 0.4 }, engine: 'tfjs' };
const SPEC = cifarModelSpec({ ...RECIPE, activation: 'relu', head: 'flatten' });

async function makeSet(): Promise<Map<string, Uint8Array | string>> {
  const files = new Map<string, Uint8Array | string>();
  const models = [];
  for (const [k, method] of ['vanilla', 'nn'].entries()) {
    const w = await exportWeights(SPEC, initParamValues(SPEC, new Rng(k + 1)), { method });
    files.set(`${method}/model.json`, w.modelJson);
    files.set(`${method}/weights.bin`, w.weightsBin);
    const robust = [{ norm: 'linf', eps: 8 / 255, steps: 20, alpha: 0.8 / 255, accuracy: 0.1 }, { norm: 'l2', eps: 0.5, steps: 20, alpha: 0.05, accuracy: 0.2 }];
    models.push({ method, label: method, lambda: 0.4 * k, path: `${method}/model.json`, trainSeconds: 10, fullTest: { n: 100, clean: 0.5, robust } });
  }
  // Four records: labels are original CIFAR ids (0 and 6), pixels a ramp.
  const sample = new Uint8Array(4 * CIFAR_RECORD);
  [0, 6, 6, 0].forEach((label, i) => {
    sample[i * CIFAR_RECORD] = label;
    for (let p = 1; p < CIFAR_RECORD; p++) sample[i * CIFAR_RECORD + p] = (p * (i + 3)) % 256;
  });
  files.set('sample.bin', sample);
  const manifest = {
    format: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    command: 'npm run pretrained',
    seed: 3,
    recipe: RECIPE,
    classNames: ['airplane', 'frog'],
    models,
    sample: { path: 'sample.bin', count: 4, perClass: 2, labels: 'original CIFAR class ids', source: 'test' },
  };
  files.set('manifest.json', JSON.stringify(manifest));
  return files;
}

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

async function started(files: Map<string, Uint8Array | string>) {
  const events: CifarEvent[] = [];
  const requested: string[] = [];
  const c = new CifarController({
    post: (e) => events.push(e),
    selectBackend: async () => ({ backend: 'cpu', fallbacks: [] }),
    fetch: async (url) => {
      requested.push(url);
      const body = url.startsWith(BASE) ? files.get(url.slice(BASE.length)) : undefined;
      if (body === undefined) return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
      return new Response(typeof body === 'string' ? body : new Uint8Array(body), { headers: { 'content-type': 'application/octet-stream' } });
    },
    now: () => performance.now(),
    yieldControl: () => new Promise((r) => setImmediate(r)),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  live = c;
  const of = <T extends CifarEvent['type']>(type: T) => events.filter((e): e is Extract<CifarEvent, { type: T }> => e.type === type);
  const until = async (pred: () => boolean) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > 60_000) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  c.handle({ type: 'init', backend: null });
  await c.idle();
  c.handle({ type: 'loadPretrained', url: BASE });
  await until(() => of('pretrainedLoaded').length + of('pretrainedMissing').length + of('error').length > 0);
  await c.idle();
  return { c, of, until, requested };
}

describe('CIFAR Lab pretrained models', () => {
  beforeAll(useCpu);

  it('loads the set, attacks a sample image towards every class, and fills Table 1 row by row; no leaks', async () => {
    const tensors = tf.memory().numTensors;
    const { c, of, until, requested } = await started(await makeSet());
    const loaded = of('pretrainedLoaded')[0];
    expect(loaded.models.map((m) => m.method)).toEqual(['vanilla', 'nn']);
    // Labels in the models' classes, in file order; bytes exactly the records' (CHW -> HWC).
    expect(Array.from(loaded.sample.labels)).toEqual([0, 1, 1, 0]);
    expect(loaded.sample.images[3 * 1024 * 3 + 3 * 5 + 1]).toBe(((1024 + 5 + 1) * 6) % 256);
    expect(requested.every((u) => u.startsWith(BASE))).toBe(true);

    c.handle({ type: 'gallery', id: 1, source: { kind: 'test', index: 2 }, request: { eps: 2, steps: 2 }, on: 'pretrained' });
    await until(() => of('galleryEnd').length > 0);
    expect(of('galleryEnd')[0]).toEqual({ type: 'galleryEnd', id: 1, cancelled: false, on: 'pretrained' });
    const frames = of('galleryFrame');
    expect(frames.map((f) => [f.step, f.on, f.session])).toEqual([0, 1, 2].map((s) => [s, 'pretrained', loaded.id]));
    expect(frames[2].rows.map((r) => r.images.length)).toEqual([2 * 3072, 2 * 3072]);

    c.handle({ type: 'evaluate', id: 2, request: { linfEps: 0.5, l2Eps: 9, steps: 1 }, on: 'pretrained', methods: ['nn'] });
    await until(() => of('tableEnd').length > 0);
    await c.idle();
    const rows = of('tableRow');
    expect(rows.map((r) => r.row.method)).toEqual(['nn']);
    // The paper's attacks whatever the request says: PGD-20, random start, step 2 eps / 20.
    expect(rows[0].row.robust.map((r) => [r.norm, r.eps, r.steps, r.alpha])).toEqual([
      ['linf', 8 / 255, 20, (2 * 8) / 255 / 20],
      ['l2', 0.5, 20, 0.05],
    ]);
    expect(rows[0].n).toBe(4);

    c.handle({ type: 'predict', id: 3, source: { kind: 'test', index: 0 }, on: 'pretrained' });
    await c.idle();
    const p = of('prediction')[0];
    expect(p.models.map((m) => m.probs.length)).toEqual([2, 2]);
    expect(p.on).toBe('pretrained');
    c.dispose();
    live = null;
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('nothing served: pretrainedMissing, no error', async () => {
    const { of } = await started(new Map());
    expect(of('pretrainedMissing')).toEqual([{ type: 'pretrainedMissing', url: BASE }]);
    expect(of('error')).toEqual([]);
  });

  it.each([
    ['a manifest of another format', (f: Map<string, unknown>) => f.set('manifest.json', JSON.stringify({ format: 2 })), /manifest\.json is damaged: format must be 1/],
    ['a model path out of the folder', (f: Map<string, unknown>) => f.set('manifest.json', String(f.get('manifest.json')).replace('"vanilla/model.json"', '"../vanilla/model.json"')), /models\.0\.path must be a relative path/],
    ['a missing sample', (f: Map<string, unknown>) => f.delete('sample.bin'), /sample\.bin is missing/],
    ['a short weights file', (f: Map<string, unknown>) => f.set('nn/weights.bin', new Uint8Array(8)), /nn\/model\.json: weights\.bin has 8 bytes/],
    ['weights named outside the folder', (f: Map<string, unknown>) => f.set('nn/model.json', String(f.get('nn/model.json')).replace('"weights.bin"', '"../../secret.bin"')), /points outside/],
    ['weights of another model', (f: Map<string, unknown>) => f.set('nn/model.json', String(f.get('nn/model.json')).replace('"numClasses": 2', '"numClasses": 3')), /different model/],
  ])('%s is refused, naming the file, and builds nothing', async (_name, damage, message) => {
    const files = await makeSet();
    damage(files as Map<string, unknown>);
    const tensors = tf.memory().numTensors;
    const { of } = await started(files);
    expect(of('pretrainedLoaded')).toEqual([]);
    expect(of('error')[0]).toMatchObject({ where: 'pretrained', message: expect.stringMatching(message) });
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
