import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgd } from '../../../src/core/attack/pgd';
import { pgdArrays, tfjsOracle } from '../../../src/core/attack/pgdArrays';
import type { Dataset } from '../../../src/core/data/dataset';
import { table1Attacks, evaluateModel } from '../../../src/core/experiment/cifarExperiment';
import { figure4Rows, figure4Targets } from '../../../src/core/eval/figure4';
import { applyModel, initParamValues, makeVariables, type ModelSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

const spec: ModelSpec = { kind: 'cnn', inputShape: [8, 8, 3], channels: [4, 6], numClasses: 3, activation: 'relu', head: 'flatten', centerInput: true };
const r = new Rng(3);
const n = 12;
const dim = 8 * 8 * 3;
const test: Dataset = { x: Float32Array.from({ length: n * dim }, () => r.next()), y: Int32Array.from({ length: n }, (_, i) => i % 3), n, sampleShape: [8, 8, 3], numClasses: 3, classNames: ['a', 'b', 'c'] };

describe('PGD through an engine’s own input-gradients (oracle)', () => {
  beforeAll(useCpu);
  const vars = () => makeVariables(spec, initParamValues(spec, new Rng(5)));

  it.each([
    ['L2, random start, untargeted', { norm: 'l2' as const, eps: 0.5, alpha: 0.05, steps: 5, randomStart: true, clipTo01: true }, false],
    ['Linf, random start, untargeted', { norm: 'linf' as const, eps: 8 / 255, alpha: 0.8 / 255, steps: 5, randomStart: true, clipTo01: true }, false],
    ['L2, targeted, large eps', { norm: 'l2' as const, eps: 3, alpha: 0.25, steps: 5, clipTo01: true }, true],
  ])('%s: the same images as the TF.js attack, to float32 rounding', (_n, opts, targeted) => {
    const v = vars();
    const logitsOf = (x: tf.Tensor) => applyModel(spec, v, x);
    const labels = targeted ? figure4Targets(test, n, 1) : test.y;
    const x = tf.tensor(test.x, [n, 8, 8, 3]);
    const lt = tf.tensor1d(labels, 'int32');
    const ref = pgd(logitsOf, x, lt, targeted ? lt : null, { ...opts, rng: new Rng(7) }).xAdv;
    const want = ref.dataSync();
    const got = pgdArrays(tfjsOracle(logitsOf, [8, 8, 3]), test.x, dim, labels, targeted, { ...opts, rng: new Rng(7) });
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
    expect(worst).toBeLessThan(1e-4);
    tf.dispose([x, lt, ref, ...Object.values(v)]);
  });

  it('Table 1 and Figure 4 give the same numbers either way, without leaks', async () => {
    const v = vars();
    const logitsOf = (x: tf.Tensor) => applyModel(spec, v, x);
    const oracle = tfjsOracle(logitsOf, [8, 8, 3]);
    const attacks = table1Attacks(8 / 255, [0.5, 1], 5);
    const before = tf.memory().numTensors;
    const a = await evaluateModel(logitsOf, test, attacks, 3);
    const b = await evaluateModel(logitsOf, test, attacks, 3, oracle);
    expect(b).toEqual(a);
    const t = figure4Targets(test, n, 2);
    const s = { eps: [1, 4], steps: 5, n };
    expect(await figure4Rows(logitsOf, logitsOf, test, t, s, 5, oracle)).toEqual(await figure4Rows(logitsOf, logitsOf, test, t, s, 5));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(v));
  });
});
