import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CifarController } from '../../../src/cifar/worker/controller';
import type { CifarPersistReply, CifarRunState } from '../../../src/cifar/contract/persistProtocol';
import { harness, TINY } from './cifarHarness';
import { useCpu } from '../setup';

let live: CifarController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

type H = ReturnType<typeof harness>;
let nextId = 100;

/** Sends a persist command and waits for its answer. */
async function ask(h: H, cmd: Record<string, unknown>): Promise<{ ok: true; reply: CifarPersistReply } | { ok: false; message: string }> {
  const id = nextId++;
  h.c.handle({ ...cmd, id });
  await h.until(() => h.of('persist').some((e) => e.id === id));
  await h.c.idle();
  const e = h.of('persist').find((x) => x.id === id)!;
  return e.ok ? { ok: true, reply: e.reply } : { ok: false, message: e.message };
}

const RIGD = { ...TINY, methods: ['vanilla', 'rigd-l2'] as const, epochs: 1 };

describe('CIFAR Lab keeping work (engine side)', () => {
  beforeAll(useCpu);

  it('a saved run restored into a fresh build continues as the original (to float32 rounding)', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    h.c.handle({ type: 'step', count: 2 });
    await h.c.idle();
    const saved = await ask(h, { type: 'saveRun' });
    if (!saved.ok || saved.reply.kind !== 'saved') throw new Error('not saved');
    expect(saved.reply.round).toBe(2);
    h.c.handle({ type: 'step', count: 1 });
    await h.c.idle();
    const original = h.last('snapshot')!.models.map((m) => m.metrics!.ce);
    // A new build of the same settings, then the saved state: one more step gives the same losses.
    h.c.handle({ type: 'configure', settings: TINY });
    await h.c.idle();
    const restored = await ask(h, { type: 'restoreRun', state: saved.reply.state });
    expect(restored).toMatchObject({ ok: true, reply: { kind: 'restored', round: 2 } });
    expect(h.last('snapshot')!.progress.round).toBe(2);
    h.c.handle({ type: 'step', count: 1 });
    await h.c.idle();
    // Equal to float32 rounding: TF.js's Adam recomputes its beta powers on restore (pow, not a
    // product). Measured: 6e-8 with the global-pool head, 8e-6 with the flatten head (2,048 inputs
    // to the dense layer, each step's rounding amplified by Adam's per-weight normalisation).
    h.last('snapshot')!.models.forEach((m, i) => expect(m.metrics!.ce).toBeCloseTo(original[i], 4));
  });

  it('RIGD: teacher progress and the student come back; a trained run or other methods refuse a restore', async () => {
    const h = harness();
    live = h.c;
    await h.start({ ...RIGD, methods: [...RIGD.methods] });
    const total = h.last('ready')!.progress.teacherTotal;
    h.c.handle({ type: 'step', count: total + 1 });
    await h.c.idle();
    const saved = await ask(h, { type: 'saveRun' });
    if (!saved.ok || saved.reply.kind !== 'saved') throw new Error('not saved');
    const state: CifarRunState = saved.reply.state;
    expect(state.teachers).toMatchObject([{ method: 'rigd-l2', done: total }]);
    expect(state.models.map((m) => m.state !== null)).toEqual([true, true]);
    // Into the trained run itself: refused, nothing changes.
    const refused = await ask(h, { type: 'restoreRun', state });
    expect(refused).toMatchObject({ ok: false, message: expect.stringContaining('not trained yet') });
    h.c.handle({ type: 'configure', settings: TINY });
    await h.c.idle();
    const other = await ask(h, { type: 'restoreRun', state });
    expect(other).toMatchObject({ ok: false, message: expect.stringContaining('other models') });
    h.c.handle({ type: 'configure', settings: { ...RIGD, methods: [...RIGD.methods] } });
    await h.c.idle();
    expect(await ask(h, { type: 'restoreRun', state })).toMatchObject({ ok: true, reply: { round: 1 } });
    const snap = h.last('snapshot')!;
    expect(snap.progress).toMatchObject({ phase: 'students', teacherStep: total, round: 1 });
    expect(snap.models.every((m) => m.exists)).toBe(true);
  });

  it('weights: one model out, a mismatch refused, back in predicts the same; no tensors leak', async () => {
    const h = harness();
    live = h.c;
    await h.start();
    h.c.handle({ type: 'step', count: 3 });
    await h.c.idle();
    const acc = h.last('snapshot')!.models[1].testAccuracy;
    const out = await ask(h, { type: 'exportWeights', method: 'nn' });
    if (!out.ok || out.reply.kind !== 'weights') throw new Error('no weights');
    const { modelJson, weightsBin } = out.reply.files;
    expect(JSON.parse(modelJson).userDefinedMetadata).toMatchObject({ model: 'nn', step: 3 });
    h.c.handle({ type: 'configure', settings: TINY });
    await h.c.idle();
    const before = tf.memory().numTensors;
    const bad = await ask(h, { type: 'importWeights', method: 'nn', modelJson, weightsBin: weightsBin.slice(0, 8) });
    expect(bad).toMatchObject({ ok: false, message: expect.stringContaining('Weights not loaded') });
    const other = await ask(h, { type: 'importWeights', method: 'nn', modelJson: modelJson.replace('"channels": [\n        4,', '"channels": [\n        5,'), weightsBin });
    expect(other).toMatchObject({ ok: false, message: expect.stringContaining('different model') });
    expect(await ask(h, { type: 'importWeights', method: 'nn', modelJson, weightsBin })).toMatchObject({ ok: true });
    expect(h.last('snapshot')!.models[1].testAccuracy).toBe(acc);
    expect(tf.memory().numTensors).toBe(before);
    const missing = await ask(h, { type: 'exportWeights', method: 'cm' });
    expect(missing).toMatchObject({ ok: false, message: expect.stringContaining('no Class Mean') });
  });
});
