import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CifarController } from '../../src/cifar/worker/controller';
import { parseCommand } from '../../src/cifar/worker/parseCommand';
import { harness } from './cifarHarness';
import { useCpu } from './setup';

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

describe("CIFAR Lab 'predict' (the hover card's numbers)", () => {
  beforeAll(useCpu);

  it('answers each model’s softmax for a test image, the same as the gallery’s first frame; no leaks', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    h.c.handle({ type: 'step', count: 2 });
    await h.c.idle();
    const tensors = tf.memory().numTensors;
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
    const first = h.of('galleryFrame')[0];
    first.rows.forEach((r, k) => r.confidence.forEach((c, t) => expect(c).toBeCloseTo(p.models[k].probs[t], 5)));
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
