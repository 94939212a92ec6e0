import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CifarController } from '../../../src/cifar/worker/controller';
import { DATA, harness, TINY } from './cifarHarness';
import { useCpu } from '../setup';

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

describe('CifarController (the CIFAR engine worker, in Node)', () => {
  beforeAll(useCpu);

  it('starts a backend, loads the served subset and builds a run of every chosen method', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    expect(h.last('backend')).toMatchObject({ backend: 'cpu', conv: 'matmul' });
    const data = h.last('dataLoaded')!;
    expect(data.trainPerClass).toEqual(new Array(10).fill(20));
    expect(data.testPerClass).toEqual(new Array(10).fill(10));
    expect(data.classNames[6]).toBe('frog');
    const ready = h.last('ready')!;
    expect(ready.classNames).toEqual(['airplane', 'frog']);
    expect(ready.models.map((m) => m.method)).toEqual(['vanilla', 'nn']);
    expect(ready.trainCount).toBe(16);
    expect(ready.test.images.length).toBe(8 * 3072);
    expect(ready.test.labels.length).toBe(8);
    expect(ready.progress).toMatchObject({ phase: 'students', round: 0, totalRounds: 4, teacherTotal: 0, finished: false });
    // Three saliency images per class, the first of each class in the test subset.
    expect(ready.saliencyIndices.map((i) => ready.test.labels[i])).toEqual([0, 0, 0, 1, 1, 1]);
    const snap = h.last('snapshot')!;
    // Identical initial weights: the same test accuracy before any training.
    expect(snap.models[0].testAccuracy).toBe(snap.models[1].testAccuracy);
    expect(snap.saliency!.map((s) => s.length)).toEqual([6 * 3072, 6 * 3072]);
    expect(snap.saliency![0]).toEqual(snap.saliency![1]);
  });

  it('trains to the end in slices, reports per-model metrics and time, and leaks no tensors', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    h.c.handle({ type: 'step', count: 1 });
    await h.c.idle();
    const afterFirst = tf.memory().numTensors;
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('status').some((s) => s.finished));
    await h.c.idle();
    expect(tf.memory().numTensors).toBe(afterFirst);
    const snap = h.last('snapshot')!;
    expect(snap.progress).toMatchObject({ round: 4, finished: true, remainingSeconds: 0 });
    expect(snap.progress.msPerRound).toBeGreaterThan(0);
    const [vanilla, nn] = snap.models;
    expect(nn.metrics!.pag).toBeGreaterThan(0);
    expect(nn.metrics!.alignment).toHaveLength(2);
    // The vanilla model's alignment is measured (against the NN targets), not trained on.
    expect(vanilla.metrics!.alignment.some((a) => a !== 0)).toBe(true);
    expect(vanilla.testAccuracy).not.toBeNull();
    expect(vanilla.trainSeconds).toBeGreaterThan(0);
    expect(nn.trainSeconds).toBeGreaterThan(0); // each model's own clock (no timing comparison: the machines are noisy)
    // Saliency: the models have diverged.
    expect(snap.saliency![0]).not.toEqual(snap.saliency![1]);
    h.c.dispose();
    live = null;
  });

  it('RIGD: the teacher trains first with its own progress, then its student joins', async () => {
    const h = harness();
    live = h.c;
    await h.start({ ...TINY, methods: ['vanilla', 'rigd-l2'], epochs: 1 });
    const ready = h.last('ready')!;
    expect(ready.teachers).toEqual([{ method: 'rigd-l2', label: 'RIGD L2 teacher (l2 adversarial training, eps 0.5)', totalSteps: 2 }]);
    expect(ready.progress).toMatchObject({ phase: 'teacher', teacherStep: 0, teacherTotal: 2 });
    expect(h.last('snapshot')!.models.map((m) => m.exists)).toEqual([true, false]);
    h.c.handle({ type: 'step', count: 1 });
    await h.c.idle();
    expect(h.last('snapshot')!.progress).toMatchObject({ phase: 'teacher', teacherStep: 1, round: 0 });
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('status').some((s) => s.finished));
    const end = h.last('snapshot')!;
    expect(end.progress).toMatchObject({ phase: 'students', teacherStep: 2, round: 2, finished: true });
    expect(end.models.map((m) => m.exists)).toEqual([true, true]);
    // The student carries its teacher's training time.
    expect(end.models[1].trainSeconds).toBeGreaterThan(end.models[0].trainSeconds);
    expect(end.models[1].metrics!.pag).toBeGreaterThan(0);
  });

  it('a truncated .bin or random bytes named .tar.gz: a clear error, and the loaded data stays in use', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    const train = DATA['test.bin'];
    h.c.handle({ type: 'loadFiles', files: [new File([train.subarray(0, 5000)], 'data_batch_1.bin'), new File([train], 'test_batch.bin')] });
    await h.until(() => h.of('error').length > 0);
    expect(h.last('error')).toMatchObject({ where: 'data' });
    expect(h.last('error')!.message).toMatch(/data_batch_1\.bin is not CIFAR-10 binary data: 5000 bytes .* truncated/);
    expect(h.last('error')!.message).toMatch(/data loaded before .* is still in use/);
    const random = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    h.c.handle({ type: 'loadFiles', files: [new File([random], 'cifar-10-binary.tar.gz')] });
    await h.until(() => h.of('error').length > 1);
    expect(h.last('error')!.message).toMatch(/^cifar-10-binary\.tar\.gz: not a readable \.tar\.gz archive/);
    expect(h.of('dataLoaded')).toHaveLength(1);
    // The earlier data still builds runs.
    h.c.handle({ type: 'configure', settings: { ...TINY, classes: [1, 2, 3] } });
    await h.until(() => h.of('ready').length > 1);
    expect(h.last('ready')!.classNames).toEqual(['automobile', 'bird', 'cat']);
  });

  it('loose files (train + test + meta) load; a lone training batch asks for the test batch', async () => {
    const h = harness();
    live = h.c;
    const bytes = DATA['test.bin'];
    h.c.handle({ type: 'loadFiles', files: [new File([bytes], 'data_batch_1.bin')] });
    await h.until(() => h.of('error').length > 0);
    expect(h.last('error')!.message).toMatch(/no test batch \(test_batch\.bin or test\.bin\)/);
    h.c.handle({
      type: 'loadFiles',
      files: [new File([bytes], 'data_batch_1.bin'), new File([bytes.subarray(0, 3073 * 20)], 'test_batch.bin'), new File(['a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n'], 'batches.meta.txt')],
    });
    await h.until(() => h.of('dataLoaded').length > 0);
    expect(h.last('dataLoaded')).toMatchObject({ source: 'files', name: '3 files', classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] });
    expect(h.last('dataLoaded')!.testPerClass.reduce((a, b) => a + b)).toBe(20);
  });

  it('nothing served: dataMissing, and configure says how to get data', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'loadServed', url: 'http://lab.test/elsewhere/' });
    await h.until(() => h.of('dataMissing').length > 0);
    h.c.handle({ type: 'configure', settings: TINY });
    await h.until(() => h.of('error').length > 0);
    expect(h.last('error')!.message).toMatch(/run npm run data:cifar, or pick the official archive/);
  });

  it('bad messages and settings are refused with a sentence, the run untouched', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    h.c.handle({ type: 'fly' });
    h.c.handle({ type: 'configure', settings: { ...TINY, classes: [3] } });
    h.c.handle({ type: 'gallery', id: 1, source: { kind: 'image', name: 'x', pixels: new Float32Array(10) }, request: { eps: 1, steps: 1 } });
    h.c.handle({ type: 'evaluate', id: 2, request: { linfEps: 8 / 255, l2Eps: 0.5, steps: 0 } });
    const errors = h.of('error').map((e) => e.message);
    expect(errors[0]).toMatch(/unknown message type "fly"/);
    expect(errors[1]).toMatch(/choose 2 to 10 classes/);
    expect(errors[2]).toMatch(/32x32 RGB pixels/);
    expect(errors[3]).toMatch(/PGD steps: 1 to 200/);
    expect(h.of('ready')).toHaveLength(1);
  });
});
