import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { ToyController } from '../../../src/toy/worker/controller';
import type { RunSettings, WorkerEvent } from '../../../src/toy/contract/protocol';
import { useCpu } from '../setup';

/** The worker's controller, driven in Node on the cpu backend exactly as the worker drives it. */
const SMALL: RunSettings = { ...PAPER_TOY, trainPerClass: 200, testPerClass: 20, epochs: 2, teacherSteps: 2, pagMethod: 'nn', measureEvery: 2 };

function harness() {
  const events: WorkerEvent[] = [];
  const c = new ToyController({
    post: (e) => events.push(e),
    selectBackend: async () => ({ backend: 'cpu', fallbacks: [{ backend: 'webgpu', reason: 'WebGPU: not supported by this browser' }] }),
    now: () => performance.now(),
    yieldControl: () => new Promise((r) => setImmediate(r)),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const of = <T extends WorkerEvent['type']>(type: T) => events.filter((e): e is Extract<WorkerEvent, { type: T }> => e.type === type);
  const last = <T extends WorkerEvent['type']>(type: T) => of(type).at(-1);
  /** Polls without waiting for the queue to drain (the work may still be running). */
  const until = async (pred: () => boolean, ms = 20_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  return { c, events, of, last, until };
}

let live: ToyController | null = null;
afterEach(() => {
  live?.dispose();
  live = null;
});

describe('ToyController (the engine worker, in Node)', () => {
  beforeAll(useCpu);

  it('starts a backend, builds a session and sends a first snapshot', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 16, arrowGrid: 4 } });
    h.c.handle({ type: 'configure', settings: SMALL });
    await h.until(() => h.of('snapshot').length > 0);
    expect(h.last('backend')).toMatchObject({ backend: 'cpu', requested: null });
    const ready = h.last('ready')!;
    expect(ready.session).toBe(1);
    expect(ready.train.x.length).toBe(2 * 400);
    expect(ready.test.y.length).toBe(40);
    expect(ready.totalSteps).toBe(2 * Math.ceil(400 / 128));
    const snap = h.last('snapshot')!;
    expect(snap.step).toBe(0);
    expect(snap.models.vanilla.probs.length).toBe(16 * 16);
    // Identical initial weights: both models draw the same picture before training.
    expect(snap.models.pag.probs).toEqual(snap.models.vanilla.probs);
    expect(snap.arrows!.points.length).toBe(2 * 16);
    expect(snap.arrows!.truth.length).toBe(2 * 16 * 2);
    expect(snap.models.pag.gradients!.length).toBe(2 * 16 * 2);
  });

  it('steps, plays to the end, pauses, and reports finished', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: 'cpu' });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: SMALL });
    await h.until(() => h.of('ready').length > 0);
    h.c.handle({ type: 'step', count: 3 });
    await h.until(() => h.last('snapshot')!.step === 3);
    const stepped = h.last('snapshot')!;
    expect(stepped.models.pag.probs).not.toEqual(stepped.models.vanilla.probs);
    expect(stepped.running).toBe(false);
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('status').some((s) => s.finished));
    const end = h.last('status')!;
    expect(end).toMatchObject({ running: false, finished: true, step: 8 });
    expect(h.last('snapshot')!.step).toBe(8);
    expect(h.last('snapshot')!.models.pag.metrics!.alignment).toHaveLength(2);
    expect(h.last('snapshot')!.models.pag.metrics!.ce).toBeGreaterThan(0);
    // Play after the end does nothing but say so.
    h.c.handle({ type: 'play' });
    await h.c.idle();
    expect(h.last('status')).toMatchObject({ running: false, finished: true });
  });

  it('honours a speed limit and a pause', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: { ...SMALL, epochs: 1000 } });
    await h.until(() => h.of('ready').length > 0);
    h.c.handle({ type: 'setSpeed', stepsPerSecond: 20 });
    h.c.handle({ type: 'play' });
    await new Promise((r) => setTimeout(r, 500));
    h.c.handle({ type: 'pause' });
    await h.c.idle();
    await new Promise((r) => setTimeout(r, 50));
    const step = h.last('snapshot')!.step;
    expect(step).toBeGreaterThanOrEqual(5);
    expect(step).toBeLessThanOrEqual(14);
    // The picture on screen is the paused model: the last snapshot is at the paused step, with metrics.
    expect(h.last('status')!.step).toBe(step);
    expect(h.last('snapshot')!.models.vanilla.metrics).not.toBeNull();
    expect(h.last('snapshot')!.running).toBe(false);
    await new Promise((r) => setTimeout(r, 150));
    expect(h.last('snapshot')!.step).toBe(step); // paused means paused
    expect(h.last('status')!.running).toBe(false);
  });

  it('attacks both models: robust accuracy, trajectories, eps sweep and distances', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: SMALL });
    h.c.handle({ type: 'step', count: 8 });
    h.c.handle({ type: 'attack', id: 7, request: { norm: 'l2', eps: 15, steps: 5, alpha: 7.5, targeted: true, sweep: true } });
    await h.until(() => h.of('sweepResult').length > 0);
    const res = h.last('attackResult')!;
    expect(res).toMatchObject({ id: 7, session: 1, step: 8 });
    for (const m of [res.models.vanilla, res.models.pag]) {
      expect(m.robustAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.robustAccuracy).toBeLessThanOrEqual(m.cleanAccuracy + 1e-9);
      expect(m.trajectories.length).toBe(6 * 40 * 2);
      expect(m.predictions.length).toBe(40);
    }
    const sweep = h.last('sweepResult')!;
    expect(sweep.epsList).toHaveLength(12);
    expect(sweep.epsList).toContain(15);
    const k = sweep.epsList.indexOf(15);
    for (const key of ['vanilla', 'pag'] as const) {
      // The sweep at the chosen eps is the attack itself.
      expect(sweep.models[key].accuracy[k]).toBeCloseTo(res.models[key].robustAccuracy, 9);
      expect(sweep.models[key].distances).toHaveLength(40);
    }
    // Progress: this attack's id, each phase counting up to its total, in the order the work runs.
    const progress = h.of('attackProgress');
    expect(progress.every((p) => p.id === 7 && p.done >= 0 && p.done <= p.total)).toBe(true);
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases.slice(0, 3)).toEqual(['attacking the vanilla model', 'attacking the pag model', 'attack done']);
    expect(phases).toContain('eps sweep (vanilla)');
    expect(phases).toContain('eps sweep (pag)');
    const sweepDone = progress.filter((p) => p.phase.startsWith('eps sweep')).map((p) => p.done);
    expect(sweepDone).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(progress.find((p) => p.phase === 'attack done')).toMatchObject({ done: 2, total: 2 });
  });

  it('rejects bad settings and messages in words, and keeps the running session', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: SMALL });
    h.c.handle({ type: 'step', count: 2 });
    await h.until(() => h.last('snapshot')?.step === 2);
    h.c.handle({ type: 'configure', settings: { ...SMALL, learningRate: -1 } });
    h.c.handle({ type: 'configure', settings: { ...SMALL, epochs: Number.NaN } });
    h.c.handle({ type: 'bogus' });
    h.c.handle('not even an object');
    h.c.handle({ type: 'attack', id: 1, request: { norm: 'l3', eps: -1, steps: 0, alpha: 1, targeted: true, sweep: false } });
    await h.c.idle();
    const errors = h.of('error').map((e) => e.message);
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/learning rate must be a number > 0/);
    expect(errors[1]).toMatch(/epochs must be a whole number/);
    expect(errors[2]).toMatch(/unknown message type "bogus"/);
    expect(h.of('ready')).toHaveLength(1);
    h.c.handle({ type: 'step', count: 1 });
    await h.until(() => h.last('snapshot')?.step === 3); // still the same session, still training
  });

  it('a Reset during RIGD teacher training cancels it; nothing leaks across sessions', async () => {
    const before = tf.memory().numTensors;
    const h = harness();
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 3 } });
    h.c.handle({ type: 'configure', settings: { ...SMALL, pagMethod: 'rigd-l2', epochs: 50 } });
    await h.until(() => h.of('preparing').length > 0);
    h.c.handle({ type: 'configure', settings: SMALL });
    await h.until(() => h.of('ready').length > 0);
    expect(h.of('ready').map((r) => r.session)).toEqual([2]);
    expect(h.of('error')).toEqual([]);
    h.c.handle({ type: 'step', count: 3 });
    await h.c.idle();
    const oneSession = tf.memory().numTensors;
    // Train, attack, reset to an identical session: the same number of tensors as before.
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('status').some((s) => s.finished));
    h.c.handle({ type: 'attack', id: 1, request: { norm: 'linf', eps: 2, steps: 3, alpha: 1, targeted: false, sweep: true } });
    await h.until(() => h.of('sweepResult').length > 0);
    h.c.handle({ type: 'configure', settings: SMALL });
    h.c.handle({ type: 'step', count: 3 });
    await h.until(() => h.last('snapshot')?.session === 3 && h.last('snapshot')?.step === 3);
    await h.c.idle();
    expect(tf.memory().numTensors).toBe(oneSession);
    // A RIGD session, then disposal: back to where we started.
    h.c.handle({ type: 'configure', settings: { ...SMALL, pagMethod: 'rigd-linf', epochs: 1 } });
    await h.until(() => h.of('ready').length === 3);
    await h.c.idle();
    h.c.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an attack is cancelled by a Reset and says so', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: SMALL });
    await h.until(() => h.of('ready').length > 0);
    h.c.handle({ type: 'attack', id: 3, request: { norm: 'l2', eps: 4, steps: 50, alpha: 0.2, targeted: true, sweep: true } });
    await h.until(() => h.of('attackProgress').length > 0);
    h.c.handle({ type: 'configure', settings: SMALL });
    await h.until(() => h.of('ready').length === 2);
    expect(h.of('attackCancelled').map((e) => e.id)).toEqual([3]);
    expect(h.of('sweepResult')).toEqual([]);
    expect(h.of('error')).toEqual([]);
  });
});

describe('ToyController on a diverging run', () => {
  beforeAll(useCpu);

  it('stops with a message and puts both models back to their last good weights', async () => {
    const h = harness();
    live = h.c;
    h.c.handle({ type: 'init', backend: null });
    h.c.handle({ type: 'setView', view: { gridSize: 8, arrowGrid: 0 } });
    h.c.handle({ type: 'configure', settings: { ...SMALL, optimizer: 'sgd', momentum: 0, learningRate: 1e30, epochs: 50 } });
    await h.until(() => h.of('ready').length > 0);
    h.c.handle({ type: 'play' });
    await h.until(() => h.of('error').length > 0);
    await h.c.idle();
    expect(h.last('error')!.message).toMatch(/model diverged \(NaN or Infinity\) by step [1-9]\d*\. Paused: both models are back at step 0 with their last good weights\. Lower the learning rate/);
    expect(h.last('status')!.running).toBe(false);
    for (const snap of h.of('snapshot')) for (const v of snap.models.vanilla.probs) expect(Number.isFinite(v)).toBe(true);
    // The restored models draw exactly the step-0 picture (the only good checkpoint here).
    const first = h.of('snapshot')[0];
    const last = h.last('snapshot')!;
    expect(last.step).toBe(0);
    expect(Array.from(last.models.pag.probs)).toEqual(Array.from(first.models.pag.probs));
    expect(Array.from(last.models.vanilla.probs)).toEqual(Array.from(first.models.vanilla.probs));
  });
});
