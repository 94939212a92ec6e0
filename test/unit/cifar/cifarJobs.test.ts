import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cifarSubset, parseCifarBinary } from '../../../src/core/data/cifar';
import { runTable } from '../../../src/cifar/worker/tableJob';
import type { CifarController } from '../../../src/cifar/worker/controller';
import { METHOD_LABELS } from '../../../src/core/experiment/methods';
import { prepareTrainer } from '../../../src/core/experiment/prepare';
import { cifarCommonSettings, evaluateModel, table1Attacks } from '../../../src/core/experiment/cifarExperiment';
import { setDefaultConvImpl } from '../../../src/core/models/conv';
import { parseCommand } from '../../../src/cifar/worker/parseCommand';
import { DATA, harness, TINY } from './cifarHarness';
import { useCpu } from '../setup';

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

/** A started harness whose models have had `rounds` steps, and the live tensor count then. */
async function trained(rounds = 2) {
  const h = harness();
  live = h.c;
  await h.start();
  h.c.handle({ type: 'step', count: rounds });
  await h.c.idle();
  return { h, tensors: tf.memory().numTensors };
}

describe('CIFAR Lab jobs: Figure 4 gallery and the small Table 1', () => {
  beforeAll(useCpu);

  it('gallery: a frame per PGD step for every model and target class, starting at the image; no leaks', async () => {
    const { h, tensors } = await trained();
    const ready = h.last('ready')!;
    h.c.handle({ type: 'gallery', id: 7, source: { kind: 'test', index: 3 }, request: { eps: 2, steps: 3 } });
    await h.until(() => h.of('galleryEnd').length > 0);
    expect(h.last('galleryEnd')).toEqual({ type: 'galleryEnd', id: 7, cancelled: false });
    const frames = h.of('galleryFrame');
    expect(frames.map((f) => f.step)).toEqual([0, 1, 2, 3]);
    for (const f of frames) {
      expect(f.rows.map((r) => r.method)).toEqual(['vanilla', 'nn']);
      for (const r of f.rows) {
        expect(r.images.length).toBe(2 * 3072);
        expect(r.confidence.length).toBe(2);
      }
    }
    const source = Array.from(ready.test.images.subarray(3 * 3072, 4 * 3072), (v) => v / 255);
    const first = frames[0].rows[0].images;
    for (let t = 0; t < 2; t++) first.subarray(t * 3072, (t + 1) * 3072).forEach((v, i) => expect(v).toBeCloseTo(source[i], 5));
    // Targeted PGD raises the confidence in each target, and stays in the L2 ball of radius eps.
    const last = frames[3].rows[1];
    for (let t = 0; t < 2; t++) {
      expect(last.confidence[t]).toBeGreaterThanOrEqual(frames[0].rows[1].confidence[t] - 1e-6);
      let n2 = 0;
      last.images.subarray(t * 3072, (t + 1) * 3072).forEach((v, i) => (n2 += (v - source[i]) ** 2));
      expect(Math.sqrt(n2)).toBeLessThanOrEqual(2 + 1e-3);
    }
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('gallery of an uploaded image; Cancel stops it and frees its tensors', async () => {
    const { h, tensors } = await trained(1);
    const pixels = new Float32Array(3072).map((_, i) => (i % 97) / 97);
    h.c.handle({ type: 'gallery', id: 1, source: { kind: 'image', name: 'cat.png', pixels }, request: { eps: 6, steps: 200 } });
    await h.until(() => h.of('galleryFrame').length >= 2);
    h.c.handle({ type: 'cancelJob' });
    await h.until(() => h.of('galleryEnd').length > 0);
    await h.c.idle();
    expect(h.last('galleryEnd')).toMatchObject({ id: 1, cancelled: true });
    expect(h.of('galleryFrame').length).toBeLessThan(10);
    expect(h.of('error')).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('a gallery pauses training and resumes it when done', async () => {
    const h = harness();
    live = h.c;
    await h.start({ ...TINY, epochs: 3 });
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('snapshot').some((s) => s.progress.round >= 1));
    h.c.handle({ type: 'gallery', id: 3, source: { kind: 'test', index: 0 }, request: { eps: 1, steps: 1 } });
    await h.until(() => h.of('galleryEnd').length > 0);
    const statuses = h.of('status').map((s) => s.running);
    expect(statuses).toContain(false);
    await h.until(() => h.of('status').some((s) => s.finished));
    expect(h.last('snapshot')!.progress.round).toBe(6);
  });

  it('a job that fails says why and training goes on', async () => {
    const h = harness();
    live = h.c;
    await h.start({ ...TINY, epochs: 2 });
    h.c.handle({ type: 'play' });
    h.c.handle({ type: 'gallery', id: 9, source: { kind: 'test', index: 999 }, request: { eps: 1, steps: 1 } });
    await h.until(() => h.of('galleryEnd').length > 0);
    expect(h.last('galleryEnd')).toMatchObject({ id: 9, cancelled: true });
    await h.until(() => h.of('error').length > 0);
    expect(h.last('error')).toMatchObject({ where: 'gallery', message: 'There is no test image 999 in this run.' });
    await h.until(() => h.of('status').some((s) => s.finished));
  });

  it('table: every model, clean + PGD L∞ and L2, in the results.json schema, with Markdown beside the paper; no leaks', async () => {
    const { h, tensors } = await trained();
    h.c.handle({ type: 'evaluate', id: 4, request: { linfEps: 8 / 255, l2Eps: 0.5, steps: 2 } });
    await h.until(() => h.of('tableEnd').length > 0);
    expect(h.last('tableEnd')).toEqual({ type: 'tableEnd', id: 4, cancelled: false });
    const r = h.last('tableResult')!;
    expect(r).toMatchObject({ id: 4, round: 2, totalRounds: 4 });
    expect(r.result.experiment).toBe('cifar');
    expect(r.result.models.map((m) => m.method)).toEqual(['vanilla', 'nn']);
    for (const m of r.result.models) {
      expect(m.robust.map((a) => [a.norm, a.eps, a.steps, a.targeted])).toEqual([
        ['linf', 8 / 255, 2, false],
        ['l2', 0.5, 2, false],
      ]);
      expect(m.robust.every((a) => a.accuracy <= m.cleanAccuracy)).toBe(true);
    }
    expect(r.markdown).toMatch(/\| Vanilla \| .* \| 93\.61 % \| 0 % \| 0 % \|/);
    expect(r.markdown).toMatch(/\| PAG: Nearest Neighbor \| .* \| 80\.65 % \| 10\.58 % \| 46\.33 % \|/);
    expect(r.markdown).toMatch(/2 of 4 steps/);
    const progress = h.of('tableProgress');
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)!.total });
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('table in chunks gives exactly the CLI\'s evaluateModel numbers', async () => {
    const raw = parseCifarBinary(DATA['test.bin']);
    // 20 images: a full chunk of 16 and a short one.
    const test = cifarSubset(raw, { classes: [0, 6], perClass: 10, seed: 2 });
    setDefaultConvImpl('native');
    const train = cifarSubset(raw, { classes: [0, 6], perClass: 8, seed: 1 });
    const { trainer, dispose } = await prepareTrainer('vanilla', cifarCommonSettings(TINY), train);
    for (let i = 0; i < 4; i++) trainer.trainStep();
    const req = { linfEps: 8 / 255, l2Eps: 0.5, steps: 3 };
    const hooks = { cancelled: () => false, yieldControl: async () => undefined, sleep: async () => undefined, now: () => 0 };
    const attacks = table1Attacks(req.linfEps, req.l2Eps, req.steps);
    const [ours] = await runTable([{ method: 'vanilla', logitsOf: trainer.logitsOf, trainSeconds: 1 }], test, attacks, 5, METHOD_LABELS, () => undefined, hooks);
    const cli = await evaluateModel(trainer.logitsOf, test, attacks, 5);
    expect(ours.cleanAccuracy).toBe(cli.cleanAccuracy);
    expect(ours.robust).toEqual(cli.robust);
    dispose();
  });

  it('Cancel stops a table; Play cancels it too', async () => {
    const { h, tensors } = await trained(1);
    h.c.handle({ type: 'evaluate', id: 5, request: { linfEps: 8 / 255, l2Eps: 0.5, steps: 20 } });
    await h.until(() => h.of('tableProgress').length > 0);
    h.c.handle({ type: 'cancelJob' });
    await h.until(() => h.of('tableEnd').length > 0);
    await h.c.idle();
    expect(h.last('tableEnd')).toMatchObject({ id: 5, cancelled: true });
    expect(h.of('tableResult')).toEqual([]);
    expect(tf.memory().numTensors).toBe(tensors);
    h.c.handle({ type: 'evaluate', id: 6, request: { linfEps: 8 / 255, l2Eps: 0.5, steps: 20 } });
    await h.until(() => h.of('tableProgress').some((p) => p.id === 6));
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('tableEnd').length > 1);
    expect(h.last('tableEnd')).toMatchObject({ id: 6, cancelled: true });
    await h.until(() => h.of('status').some((s) => s.finished));
  });
});

describe("CIFAR Lab 'predict' (the hover card's numbers)", () => {
  beforeAll(useCpu);

  it('answers each model’s softmax for a test image, the same as the gallery’s first frame; no leaks', async () => {
    const { h, tensors } = await trained();
    h.c.handle({ type: 'predict', id: 4, source: { kind: 'test', index: 3 } });
    await h.c.idle();
    const p = h.last('prediction')!;
    expect(p.id).toBe(4);
    expect(p.session).toBe(h.last('ready')!.session);
    expect(p.models.map((m) => m.method)).toEqual(['vanilla', 'nn']);
    for (const m of p.models) {
      expect(m.probs.length).toBe(2);
      expect(m.probs[0] + m.probs[1]).toBeCloseTo(1, 5);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    // The gallery's step 0 is the untouched image: its confidences are these probabilities.
    h.c.handle({ type: 'gallery', id: 1, source: { kind: 'test', index: 3 }, request: { eps: 1, steps: 1 } });
    await h.until(() => h.of('galleryEnd').length > 0);
    h.of('galleryFrame')[0].rows.forEach((r, k) => r.confidence.forEach((c, t) => expect(c).toBeCloseTo(p.models[k].probs[t], 5)));
  });

  it('a missing test image is an error; before a run there are no models; bad messages are refused', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'predict', id: 1, source: { kind: 'test', index: 0 } });
    await h.c.idle();
    expect(h.last('prediction')).toEqual({ type: 'prediction', id: 1, session: -1, models: [] });
    await h.start();
    h.c.handle({ type: 'predict', id: 2, source: { kind: 'test', index: 999 } });
    await h.c.idle();
    expect(h.last('error')?.message).toMatch(/no test image 999/);
    expect(parseCommand({ type: 'predict', id: 3, source: { kind: 'image', pixels: new Float32Array(5) } })).toMatch(/predict needs/);
    expect(parseCommand({ type: 'predict', source: { kind: 'test', index: 0 } })).toMatch(/predict needs/);
  });
});
