import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CifarController } from '../../../src/cifar/worker/controller';
import type { CifarSession } from '../../../src/cifar/worker/session';
import { harness, TINY } from './cifarHarness';
import { useCpu } from '../setup';

/**
 * The CIFAR controller's fault handling in Node (backends are names over TF.js's cpu backend):
 * a failing step moves the run to the next backend from its checkpoint; NaN pauses it and goes
 * back to the last good state; a hidden page stops training. The browser paths are in
 * e2e/cifar/cifarFaults.spec.ts.
 */
const LONG = { ...TINY, epochs: 30 };
const sessionOf = (c: CifarController) => (c as unknown as { session: CifarSession }).session;

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

function faultyHarness(now: () => number = () => performance.now()) {
  return harness({
    selectBackend: async () => ({ backend: 'webgl', fallbacks: [] }),
    selectBackendAfter: async () => ({ backend: 'cpu', fallbacks: [] }),
    now,
  });
}

describe('CIFAR controller faults', () => {
  beforeAll(useCpu);

  it('a step that throws: next backend, same run, continues from a checkpoint', async () => {
    // Checkpoints are taken at most once a second; the fused step trains these tiny models in
    // milliseconds, so the clock jumps to make the checkpoint after round 4 due.
    let offset = 0;
    const h = faultyHarness(() => performance.now() + offset);
    live = h.c;
    await h.start(LONG);
    h.c.handle({ type: 'play' });
    const round = () => h.last('snapshot')?.progress.round ?? 0;
    await h.until(() => round() >= 4);
    offset += 5000;
    const seen = round();
    await h.until(() => round() > seen);
    const s = sessionOf(h.c);
    s.work = () => {
      throw new Error('kernel failed');
    };
    await h.until(() => h.of('notice').length > 0);
    // The run's convolution form goes with it to the new backend (TINY's 'native', not cpu's 'matmul').
    expect(h.last('backend')).toMatchObject({ backend: 'cpu', conv: 'native', switched: { from: 'webgl', reason: 'kernel failed' } });
    expect(h.last('notice')!.message).toMatch(/switched to cpu and continued from round [1-9]/);
    expect(h.of('ready')).toHaveLength(1);
    expect(h.of('error')).toEqual([]);
    expect(sessionOf(h.c)).not.toBe(s);
    expect(sessionOf(h.c).id).toBe(s.id);
    const after = round();
    await h.until(() => round() > after + 2);
  });

  it('NaN in a model: paused with a message, back at the last good round', async () => {
    // Checkpoints are taken at most once a second: the clock jumps so that the one at round 3 is
    // taken however fast the steps are (the fused CPU step trains these tiny models in milliseconds).
    let offset = 0;
    const h = harness({ now: () => performance.now() + offset });
    live = h.c;
    await h.start(LONG);
    offset += 5000;
    h.c.handle({ type: 'step', count: 3 });
    await h.until(() => h.last('snapshot')!.progress.round === 3);
    await h.c.idle();
    const s = sessionOf(h.c);
    const snapshot = s.snapshot.bind(s);
    s.snapshot = async (full, now) => {
      const r = await snapshot(full, now);
      return { ...r, models: r.models.map((m) => (m.method === 'nn' && m.metrics ? { ...m, metrics: { ...m.metrics, ce: NaN } } : m)) };
    };
    h.c.handle({ type: 'step', count: 2 });
    await h.until(() => h.of('error').length > 0);
    await h.c.idle();
    expect(h.last('error')).toMatchObject({ where: 'train' });
    expect(h.last('error')!.message).toMatch(/nn model diverged \(NaN or Infinity\) by round 5.*back at round 3 with the last good weights/);
    expect(sessionOf(h.c).round).toBe(3);
    expect(sessionOf(h.c).id).toBe(s.id);
    expect(h.last('status')).toMatchObject({ running: false });
  });

  it('hidden: no rounds; shown: training resumes', async () => {
    const h = harness();
    live = h.c;
    await h.start(LONG);
    // Two rounds first, then hidden while playing. (The steps of these tiny models take
    // milliseconds: the run is paused by hand at round 2 so that hiding comes before its end.)
    h.c.handle({ type: 'step', count: 2 });
    await h.c.idle();
    h.c.handle({ type: 'visibility', hidden: true });
    h.c.handle({ type: 'play' });
    await h.c.idle();
    const hidden = sessionOf(h.c).round;
    expect(hidden).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(sessionOf(h.c).round).toBe(hidden);
    h.c.handle({ type: 'visibility', hidden: false });
    await h.until(() => sessionOf(h.c).round > hidden + 1);
  });

  it('a run over the memory budget is refused before anything is built', async () => {
    const h = harness();
    live = h.c;
    await h.start(TINY);
    // On the TF.js engine (the batch tiled per class): the fused step holds one image at a time
    // and fits these settings (test/unit/memoryEstimate.test.ts).
    h.c.handle({ type: 'configure', settings: { ...TINY, engine: 'tfjs', batchSize: 512, channels: [128, 128, 128], trainPerClass: 5000 } });
    await h.c.idle();
    expect(h.last('error')).toMatchObject({ where: 'configure' });
    expect(h.last('error')!.message).toMatch(/need about [\d.]+ GB for 2 models.*fewer images, methods or channels/);
    expect(h.of('ready')).toHaveLength(1);
    expect(h.of('preparing').every((p) => p.session === 1)).toBe(true);
  });
});
