import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import { figure4Rows, figure4Targets } from '../../../src/core/eval/figure4';
import { applyModel, initParamValues, makeVariables, type ModelSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { summariseFigure4 } from '../../../src/core/experiment/summary';
import type { RunResult } from '../../../src/core/experiment/results';
import { useCpu } from '../setup';

const spec: ModelSpec = { kind: 'mlp', inputSize: 12, hidden: [8], numClasses: 3, activation: 'relu' };
const r = new Rng(2);
const n = 30;
const test: Dataset = {
  x: Float32Array.from({ length: n * 12 }, () => r.next()),
  y: Int32Array.from({ length: n }, (_, i) => i % 3),
  n,
  sampleShape: [12],
  numClasses: 3,
  classNames: ['a', 'b', 'c'],
};

describe("Figure 4's number", () => {
  beforeAll(useCpu);

  it('targets: another class than the true one, seeded, the same for every model of a run', () => {
    const t = figure4Targets(test, 20, 4);
    expect(t).toHaveLength(20);
    t.forEach((c, i) => expect(c).not.toBe(test.y[i]));
    expect(t).toEqual(figure4Targets(test, 20, 4));
    expect(t).not.toEqual(figure4Targets(test, 20, 5));
    expect(new Set(t).size).toBe(3);
  });

  it('a model judged by itself agrees with its own success; shares are fractions; no tensors leak', async () => {
    const a = makeVariables(spec, initParamValues(spec, new Rng(1)));
    const b = makeVariables(spec, initParamValues(spec, new Rng(9)));
    const fa = (x: tf.Tensor) => applyModel(spec, a, x);
    const fb = (x: tf.Tensor) => applyModel(spec, b, x);
    const targets = figure4Targets(test, n, 1);
    const before = tf.memory().numTensors;
    const self = await figure4Rows(fa, fa, test, targets, { eps: [0.5, 4], steps: 10, n }, 7);
    const other = await figure4Rows(fa, fb, test, targets, { eps: [0.5, 4], steps: 10, n }, 7);
    expect(tf.memory().numTensors).toBe(before);
    self.forEach((row) => expect(row.judgedAsTarget).toBe(row.ownSuccess));
    expect(other.map((x) => x.ownSuccess)).toEqual(self.map((x) => x.ownSuccess));
    for (const row of [...self, ...other]) {
      expect(row.judgedAsTarget).toBeGreaterThanOrEqual(0);
      expect(row.judgedAsTarget).toBeLessThanOrEqual(1);
      expect(row.alpha).toBeCloseTo((2.5 * row.eps) / 10);
    }
    // A larger radius reaches the target at least as often.
    expect(self[1].ownSuccess).toBeGreaterThanOrEqual(self[0].ownSuccess);
    tf.dispose([...Object.values(a), ...Object.values(b)]);
  });

  it('summarises over seeds: median, min, max per method and eps', () => {
    const run = (seed: number, share: number): RunResult => ({
      experiment: 'cifar',
      seed,
      settings: {},
      models: [],
      figure4: { judge: { kind: 'vanilla', seed: seed + 1000, cleanAccuracy: 0.7, trainSeconds: 1 }, models: [{ method: 'nn', rows: [{ eps: 3, steps: 30, alpha: 0.25, n: 200, ownSuccess: 1, judgedAsTarget: share }] }] },
    });
    expect(summariseFigure4([run(1, 0.3), run(2, 0.5), run(3, 0.4)])).toEqual([{ method: 'nn', eps: 3, median: 0.4, min: 0.3, max: 0.5, n: 3 }]);
  });
});
