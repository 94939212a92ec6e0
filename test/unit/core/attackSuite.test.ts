import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marginSum } from '../../../src/core/attack/margin';
import type { Dataset } from '../../../src/core/data/dataset';
import { attackSuite, correctAt, worstCase, type SuiteOptions } from '../../../src/core/eval/suite';
import { evaluateRobust } from '../../../src/core/experiment/robustEval';
import { applyModel, disposeVariables, initParamValues, makeVariables, type ModelSpec, type Variables } from '../../../src/core/models';
import { Rng, streamSeed } from '../../../src/core/random';
import type { AttackSpec } from '../../../src/core/train/objective';
import { useCpu } from '../setup';

const spec: ModelSpec = { kind: 'mlp', inputSize: 4, hidden: [12], numClasses: 3, activation: 'relu' };

function randomData(seed: number, n: number): Dataset {
  const rng = new Rng(seed);
  return { x: Float32Array.from({ length: n * 4 }, () => rng.normal()), y: Int32Array.from({ length: n }, () => rng.int(3)), n, sampleShape: [4], numClasses: 3, classNames: [] };
}

const models: Variables[] = [];
function model(seed: number, s: ModelSpec = spec) {
  const vars = makeVariables(s, initParamValues(s, new Rng(seed)));
  models.push(vars);
  return (x: tf.Tensor) => applyModel(s, vars, x);
}

const untargeted = (eps: number): AttackSpec => ({ norm: 'l2', eps, steps: 5, alpha: eps / 3, targeted: false });

describe('attack suite', () => {
  beforeAll(useCpu);
  afterAll(() => models.forEach(disposeVariables));

  it('the per-point worst case is never above the clean accuracy or any single attack (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1e6 }), (n, k, seed) => {
        const rng = new Rng(seed);
        const mask = () => Uint8Array.from({ length: n }, () => (rng.next() < 0.7 ? 1 : 0));
        const clean = mask();
        const attacks = Array.from({ length: k }, mask);
        const w = worstCase(clean, attacks);
        const acc = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
        for (const a of [clean, ...attacks]) expect(acc(w)).toBeLessThanOrEqual(acc(a));
        // ... and exactly the points that survive everything.
        for (let i = 0; i < n; i++) expect(w[i]).toBe(clean[i] & attacks.reduce((s, a) => s & a[i], 1));
      }),
      { numRuns: 200 },
    );
  });

  it("the suite's worst entry is at most each attack's figure, and the figures are the attacks' own", async () => {
    const f = model(3);
    const data = randomData(4, 60);
    const run = await attackSuite(f, data, untargeted(0.8), 9, { suite: { restarts: 2, stepsFactor: 2 } });
    expect(run.results.map((r) => r.attack)).toEqual(['pgd', 'pgd-restarts', 'margin', 'worst']);
    const worst = run.results.at(-1)!;
    for (const r of run.results) expect(worst.accuracy).toBeLessThanOrEqual(r.accuracy);
    expect(worst.accuracy).toBeCloseTo(run.worstCorrect.reduce((s, v) => s + v, 0) / data.n, 12);
    expect(run.results[1]).toMatchObject({ steps: 10, restarts: 2, randomStart: true });
    expect(run.results[2].loss).toBe('margin');
    // At the returned points the model is wrong wherever the worst case says it was broken.
    const atPoints = await correctAt(f, data, run.points);
    for (let i = 0; i < data.n; i++) if (!run.worstCorrect[i] && atPoints[i]) {
      // Only allowed for points already wrong at the clean input (no adversarial point needed).
      const clean = await correctAt(f, { ...data, x: data.x.slice(i * 4, i * 4 + 4), y: data.y.slice(i, i + 1), n: 1 }, data.x.slice(i * 4, i * 4 + 4));
      expect(clean[0]).toBe(0);
    }
  });

  it('more restarts never raise the accuracy of pgd-restarts', async () => {
    const f = model(5);
    const data = randomData(6, 80);
    const accs: number[] = [];
    for (const restarts of [0, 1, 3, 6]) {
      const suite: SuiteOptions = { restarts, stepsFactor: 1 };
      const run = await attackSuite(f, data, { ...untargeted(0.6), steps: 2 }, 11, { suite });
      accs.push(run.results[1].accuracy);
    }
    for (let k = 1; k < accs.length; k++) expect(accs[k]).toBeLessThanOrEqual(accs[k - 1]);
    // The check has teeth: the restarts did break points PGD from the clean point alone missed.
    expect(accs.at(-1)!).toBeLessThan(accs[0]);
  });

  it("transfer replays the source model's adversarial points on the other model", async () => {
    const source = model(7);
    const target = model(8);
    const data = randomData(9, 50);
    const points = Float32Array.from(data.x, (v, i) => v + ((i * 7919) % 13) / 13 - 0.5);
    const run = await attackSuite(target, data, untargeted(0.5), 1, { suite: { restarts: 0, stepsFactor: 1 }, transfer: { source: 'vanilla', points } });
    const t = run.results.find((r) => r.attack === 'transfer')!;
    const expected = await correctAt(target, data, points);
    expect(t.source).toBe('vanilla');
    expect(t.accuracy).toBeCloseTo(expected.reduce((s, v) => s + v, 0) / data.n, 12);

    // evaluateRobust hands the vanilla model's own suite points to the others, whatever the order.
    const byMethod = await evaluateRobust(
      [
        { method: 'nn', logitsOf: target },
        { method: 'vanilla', logitsOf: source },
      ],
      data,
      [untargeted(0.5)],
      3,
      'suite',
      { restarts: 1, stepsFactor: 1 },
    );
    const vanillaRun = await attackSuite(source, data, untargeted(0.5), streamSeed(3, 'attack'), { suite: { restarts: 1, stepsFactor: 1 } });
    const atVanillaPoints = await correctAt(target, data, vanillaRun.points);
    const nnTransfer = byMethod.get('nn')!.find((r) => r.attack === 'transfer')!;
    expect(nnTransfer.accuracy).toBeCloseTo(atVanillaPoints.reduce((s, v) => s + v, 0) / data.n, 12);
    expect(byMethod.get('vanilla')!.some((r) => r.attack === 'transfer')).toBe(false);
    // The source's points are not the target's own PGD points: the figure differs from its PGD.
    expect(vanillaRun.points).not.toEqual(run.points);
  });

  it('the margin loss gradient matches finite differences', () => {
    const smooth: ModelSpec = { kind: 'mlp', inputSize: 4, hidden: [10], numClasses: 4, activation: 'softplus' };
    const f = model(12, smooth);
    const rng = new Rng(13);
    const n = 5;
    const xs = Float64Array.from({ length: n * 4 }, () => rng.normal());
    const labels = Int32Array.from({ length: n }, () => rng.int(4));
    const value = (x: Float64Array) => tf.tidy(() => marginSum(f(tf.tensor2d(Float32Array.from(x), [n, 4])), tf.tensor1d(labels, 'int32')).dataSync()[0]);
    const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => marginSum(f(x), tf.tensor1d(labels, 'int32')))(tf.tensor2d(Float32Array.from(xs), [n, 4])).dataSync());
    const h = 1e-2;
    let maxErr = 0;
    let maxAbs = 0;
    for (let k = 0; k < xs.length; k++) {
      const up = Float64Array.from(xs);
      const down = Float64Array.from(xs);
      up[k] += h;
      down[k] -= h;
      const fd = (value(up) - value(down)) / (2 * h);
      maxErr = Math.max(maxErr, Math.abs(fd - grad[k]));
      maxAbs = Math.max(maxAbs, Math.abs(grad[k]));
    }
    expect(maxAbs).toBeGreaterThan(0.01);
    expect(maxErr).toBeLessThan(2e-3 + 1e-2 * maxAbs);
    // The value is max over the other classes minus the own logit, per sample, summed.
    const z = tf.tidy(() => f(tf.tensor2d(Float32Array.from(xs), [n, 4])).arraySync() as number[][]);
    const manual = z.reduce((s, row, i) => s + Math.max(...row.filter((_, j) => j !== labels[i])) - row[labels[i]], 0);
    expect(value(xs)).toBeCloseTo(manual, 4);
  });

  it('leaks no tensors', async () => {
    const f = model(14);
    const data = randomData(15, 30);
    await attackSuite(f, data, untargeted(0.5), 1, { suite: { restarts: 1, stepsFactor: 1 }, transfer: { source: 'vanilla', points: data.x } });
    const before = tf.memory().numTensors;
    await attackSuite(f, data, { ...untargeted(0.5), randomStart: true }, 2, { suite: { restarts: 2, stepsFactor: 2 }, transfer: { source: 'vanilla', points: data.x } });
    expect(tf.memory().numTensors).toBe(before);
  });
});
