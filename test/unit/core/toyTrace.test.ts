import { beforeAll, describe, expect, it } from 'vitest';
import type { MethodId } from '../../../src/core/experiment/methods';
import type { PreparedTrainer } from '../../../src/core/experiment/prepare';
import { runToy } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { buildTrace, TRACE_CHECKPOINT_EVERY, TraceRecorder, type ToyTrace, type TraceParams } from '../../../src/core/experiment/toyTrace';
import type { FusedMlpTrainer } from '../../../src/core/fast/fusedTrainer';
import type { FusedParams } from '../../../src/core/fast/fusedParams';
import { FusedMlp } from '../../../src/core/fast/mlpFused';
import { Adam } from '../../../src/core/fast/optimizers';
import { setLogSoftmaxGradient } from '../../../src/core/pag/logSoftmax';
import { useCpu } from '../setup';

const SETTINGS = { ...PAPER_TOY, seed: 5, trainPerClass: 90, testPerClass: 15, epochs: 3 };

/** A short traced run, through JSON as a reader gets it. */
async function tracedRun(): Promise<ToyTrace> {
  const recorders = new Map<MethodId, TraceRecorder>();
  const observe = (m: MethodId, p: PreparedTrainer) => void recorders.set(m, new TraceRecorder(m, p, p.trainer.data));
  const sweeps = [{ norm: 'l2' as const, epsList: [15], steps: 3, targeted: true }];
  const { models, data } = await runToy(SETTINGS, ['vanilla', 'nn'], sweeps, undefined, 'auto', 'pgd', observe);
  const traced = models.map((m) => recorders.get(m.method)!.finish(m.trainer as FusedMlpTrainer, m.result));
  models.forEach((m) => m.dispose());
  return JSON.parse(JSON.stringify(buildTrace(SETTINGS, data, traced)));
}

function flat(p: TraceParams): FusedParams {
  return { W1: Float64Array.from(p.W1.flat()), b1: Float64Array.from(p.b1), W2: Float64Array.from(p.W2.flat()), b2: Float64Array.from(p.b2) };
}

/** Replays a trace's model in the engine from its recorded init, batches and targets alone. */
function replayLosses(trace: ToyTrace, modelIndex: number): number[] {
  const m = trace.models[modelIndex];
  const s = trace.settings as { lambda: number; learningRate: number; adamEpsilon: number; cosEps: number; output: 'logSoftmax' };
  const params = flat(m.init);
  const kernel = new FusedMlp({ d: 2, H: 32, C: 2, activation: 'relu' });
  const adam = new Adam([params.W1.length, params.b1.length, params.W2.length, params.b2.length], { learningRate: s.learningRate, epsilon: s.adamEpsilon });
  const X = trace.train.x;
  const losses: number[] = [];
  for (const batch of m.batches) {
    const B = batch.length;
    const xb = Float64Array.from(batch.flatMap((n) => X[n]));
    const yb = Int32Array.from(batch.map((n) => trace.train.y[n]));
    let u: Float64Array | null = null;
    if (m.targets) {
      u = new Float64Array(2 * B * 2);
      // g(x_n, t) = x[r] - x[n], rounded to float32 as the project's targets are.
      batch.forEach((n, b) => [0, 1].forEach((t) => [0, 1].forEach((k) => (u![(t * B + b) * 2 + k] = Math.fround(X[m.targets!.index[n][t]][k] - X[n][k])))));
    }
    const r = kernel.lossAndGrads(params, xb, yb, u, { output: s.output, cosEps: s.cosEps, lambda: m.targets ? s.lambda : 0 });
    losses.push(r.total);
    const g = kernel.grads;
    adam.step([params.W1, params.b1, params.W2, params.b2], [g.W1, g.b1, g.W2, g.b2]);
  }
  return losses;
}

describe('toy trace (--trace)', () => {
  let trace: ToyTrace;
  beforeAll(async () => {
    await useCpu();
    setLogSoftmaxGradient('textbook');
    trace = await tracedRun();
  });

  it('holds the settings, the data, and per model the init, targets, batches and losses of every step', () => {
    const s = trace.settings;
    expect(s).toMatchObject({ lambda: 5, learningRate: 0.01, adamEpsilon: 1e-8, cosEps: 1e-8, output: 'logSoftmax', gradient: 'textbook', batchSize: 128, epochs: 3 });
    expect(trace.train.x).toHaveLength(180);
    expect(trace.train.x[0]).toHaveLength(2);
    expect(trace.test.y).toHaveLength(30);
    expect(trace.models.map((m) => m.method)).toEqual(['vanilla', 'nn']);
    for (const m of trace.models) {
      expect(m.init.W1).toHaveLength(2);
      expect(m.init.W1[0]).toHaveLength(32);
      expect(m.init.b1).toHaveLength(32);
      expect(m.init.W2).toHaveLength(32);
      expect(m.init.W2[0]).toHaveLength(2);
      expect(m.init.b2).toHaveLength(2);
      // 180 points in batches of 128: a full batch and a short one per epoch.
      expect(m.batches.map((b) => b.length)).toEqual([128, 52, 128, 52, 128, 52]);
      expect([...m.batches[0], ...m.batches[1]].sort((a, b) => a - b)).toEqual(Array.from({ length: 180 }, (_, i) => i));
      expect(m.loss).toHaveLength(6);
      expect(m.checkpoints.map((c) => c.step)).toEqual([0]);
      expect(m.cleanAccuracy).toBeGreaterThanOrEqual(0);
      expect(m.robustL2eps15).not.toBeNull();
    }
    // Every method starts from the same weights and sees the same batches.
    expect(trace.models[1].init).toEqual(trace.models[0].init);
    expect(trace.models[1].batches).toEqual(trace.models[0].batches);
    expect(trace.models[0].targets).toBeNull();
    const nn = trace.models[1].targets!;
    expect(nn.index).toHaveLength(180);
    // The nearest neighbour of class t is of class t and never the point itself.
    nn.index.forEach((row, n) => row.forEach((r, t) => (expect(trace.train.y[r]).toBe(t), expect(r).not.toBe(n))));
    expect(trace.models[1].checkpoints[0].inputGrads).toHaveLength(2);
    expect(TRACE_CHECKPOINT_EVERY).toBeGreaterThan(0);
  });

  it('replaying the recorded init, batches and targets in the engine gives the recorded losses', () => {
    for (const i of [0, 1]) {
      const losses = replayLosses(trace, i);
      losses.forEach((l, k) => expect(l).toBe(trace.models[i].loss[k]));
    }
  });
});
