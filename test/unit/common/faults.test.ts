import { describe, expect, it, vi } from 'vitest';
import { runMemoryProblem } from '../../../src/core/train/memoryEstimate';
import { Checkpoints, CHECKPOINT_MS } from '../../../src/common/worker/backendSwitch';
import { toyMemoryProblem } from '../../../src/toy/worker/runMemory';
import { VisibilityGate } from '../../../src/common/worker/visibilityGate';
import { backendsAfter } from '../../../src/core/backend';
import { LIMITS } from '../../../src/toy/contract/runSettings';
import { DEFAULT_SETTINGS, runSettingsOf } from '../../../src/toy/page/state/settings';

const toyRun = () => runSettingsOf(DEFAULT_SETTINGS);

describe('memory refusal before a run is built', () => {
  it('the lab defaults fit; the largest settings the fields allow do not', () => {
    expect(toyMemoryProblem(toyRun())).toBeNull();
    const huge = { ...toyRun(), trainPerClass: LIMITS.pointsPerClass, hidden: [512, 512, 512, 512], batchSize: LIMITS.batchSize };
    const msg = toyMemoryProblem(huge);
    expect(msg).toMatch(/need about [\d.]+ GB for 2 models, more than the 1\.5 GB/);
    expect(msg).toMatch(/smaller batch/);
    expect(msg).toMatch(/current run is kept/);
  });
  it('RIGD counts its teacher as a third model', () => {
    const big = { ...toyRun(), trainPerClass: 20_000, hidden: [512, 512, 512, 512], batchSize: 20_000 };
    expect(toyMemoryProblem({ ...big, pagMethod: 'rigd-l2' })).toMatch(/for 3 models/);
  });
  it('a batch larger than the training set costs what the whole set costs', () => {
    const spec = { kind: 'mlp' as const, inputSize: 2, hidden: [512, 512, 512, 512], numClasses: 2, activation: 'relu' as const };
    const run = { spec, trainSamples: 6000, models: [false, true] };
    // 6,000 points fit whatever the batch says; 40,000 in one batch do not.
    expect(runMemoryProblem({ ...run, batchSize: 20_000 })).toBeNull();
    expect(runMemoryProblem({ ...run, trainSamples: 40_000, batchSize: 20_000 })).not.toBeNull();
    // The budget is a parameter: the same run is refused under a smaller one.
    expect(runMemoryProblem({ ...run, batchSize: 128 }, 1e6)).toMatch(/more than the 0\.0 GB/);
  });
});

describe('backend switch plumbing', () => {
  it('falls back along webgpu -> webgl -> wasm -> cpu', () => {
    expect(backendsAfter('webgpu')).toEqual(['webgl', 'wasm', 'cpu']);
    expect(backendsAfter('wasm')).toEqual(['cpu']);
    expect(backendsAfter('cpu')).toEqual([]);
  });

  it('checkpoints: the first at once, then no more often than CHECKPOINT_MS or ten times their cost', async () => {
    let t = 0;
    const cp = new Checkpoints<number>(() => t);
    let taken = 0;
    const take = async () => {
      t += 5; // each costs 5 ms
      return ++taken;
    };
    await cp.maybeTake(take);
    expect(cp.state).toBe(1);
    t += CHECKPOINT_MS - 10;
    await cp.maybeTake(take);
    expect(cp.state).toBe(1);
    t += 20;
    await cp.maybeTake(take);
    expect(cp.state).toBe(2);
    cp.clear();
    expect(cp.state).toBeNull();
    // An expensive checkpoint (300 ms) spaces the next ones to 3 s.
    const slow = async () => {
      t += 300;
      return ++taken;
    };
    await cp.maybeTake(slow);
    t += 2000;
    await cp.maybeTake(slow);
    expect(cp.state).toBe(3);
    t += 1000;
    await cp.maybeTake(slow);
    expect(cp.state).toBe(4);
  });

  it('the visibility gate holds waiters while hidden and releases them when shown', async () => {
    const gate = new VisibilityGate();
    await gate.wait(); // visible: at once
    gate.set(true);
    let released = false;
    const waiting = gate.wait().then(() => (released = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(released).toBe(false);
    gate.set(false);
    await waiting;
    expect(released).toBe(true);
  });
});

describe('page timers while hidden', () => {
  it('visibleInterval stops while the page is hidden and starts again when shown', async () => {
    const { visibleInterval, pauseEngineWhileHidden } = await import('../../../src/common/page/faults/pageFaults');
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    const g = globalThis as { document?: unknown };
    const saved = g.document;
    g.document = doc;
    const show = (state: 'visible' | 'hidden') => {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      let ticks = 0;
      const told: boolean[] = [];
      let resumed = 0;
      const stopEngine = pauseEngineWhileHidden((h) => told.push(h), () => true, () => resumed++);
      const stop = visibleInterval(() => ticks++, 5);
      // Polled, not a fixed wait: a loaded machine delays 5 ms timers (the assertion stays the same).
      await vi.waitFor(() => expect(ticks).toBeGreaterThan(2), { timeout: 5000, interval: 10 });
      show('hidden');
      const atHide = ticks;
      await new Promise((r) => setTimeout(r, 40));
      expect(ticks).toBe(atHide);
      show('visible');
      await vi.waitFor(() => expect(ticks).toBeGreaterThan(atHide), { timeout: 5000, interval: 10 });
      expect(told).toEqual([true, false]);
      expect(resumed).toBe(1);
      stop();
      stopEngine();
      const atStop = ticks;
      await new Promise((r) => setTimeout(r, 30));
      expect(ticks).toBe(atStop);
    } finally {
      g.document = saved;
    }
  });
});

describe('CIFAR divergence check', () => {
  it('names the first model whose measurements hold NaN or Infinity', async () => {
    const { divergedMethod } = await import('../../../src/cifar/worker/divergence');
    const metrics = { step: 3, epoch: 0, ce: 0.6, pag: 1.2, accuracy: 0.5, alignment: [0.1, 0.2] };
    const frame = (method: 'vanilla' | 'nn', m = metrics, testAccuracy: number | null = null) => ({ method, exists: true, metrics: m, testAccuracy, trainSeconds: 1 });
    expect(divergedMethod([frame('vanilla'), frame('nn')])).toBeNull();
    expect(divergedMethod([frame('vanilla'), frame('nn', { ...metrics, ce: NaN })])).toBe('nn');
    expect(divergedMethod([frame('vanilla', { ...metrics, alignment: [Infinity, 0] }), frame('nn')])).toBe('vanilla');
    expect(divergedMethod([frame('vanilla', metrics, NaN)])).toBe('vanilla');
    // A RIGD student that does not exist yet has no metrics: not a divergence.
    expect(divergedMethod([{ method: 'nn', exists: false, metrics: null, testAccuracy: null, trainSeconds: 0 }])).toBeNull();
  });
});
