import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTable } from '../../../src/cifar/worker/tableJob';
import { CIFAR_LAB_DEFAULTS, type CifarRunSettings } from '../../../src/cifar/contract/settings';
import type { Dataset } from '../../../src/core/data/dataset';
import { cifarCommonSettings, table1Attacks } from '../../../src/core/experiment/cifarExperiment';
import { METHOD_LABELS } from '../../../src/core/experiment/methods';
import { prepareTrainer } from '../../../src/core/experiment/prepare';
import { setDefaultConvImpl } from '../../../src/core/models/conv';
import { Rng } from '../../../src/core/random';
import { useCpu } from '../setup';

/** Synthetic CIFAR-shaped images (the project never holds CIFAR data): two classes. */
function images(seed: number, n: number): Dataset {
  const rng = new Rng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % 2);
  const x = Float32Array.from({ length: n * 3072 }, (_, k) => Math.min(1, Math.max(0, 0.5 + 0.2 * rng.normal() + (y[Math.floor(k / 3072)] ? 0.1 : -0.1))));
  return { x, y, n, sampleShape: [32, 32, 3], numClasses: 2, classNames: ['a', 'b'] };
}

const SMALL: CifarRunSettings = { ...CIFAR_LAB_DEFAULTS, channels: [4, 8], batchSize: 8, trainPerClass: 8, testPerClass: 10, nnPoolSize: 'all' };

describe('CIFAR Lab Table 1 with the attack suite', () => {
  beforeAll(async () => {
    await useCpu();
    setDefaultConvImpl('native');
  });

  it('adds restarts, margin, transfer and a worst case never above plain PGD; plain PGD unchanged; no leaks', async () => {
    const train = images(1, 16);
    const test = images(2, 12);
    const models = [];
    for (const method of ['nn', 'vanilla'] as const) {
      const p = await prepareTrainer(method, cifarCommonSettings(SMALL), train);
      for (let i = 0; i < 3; i++) p.trainer.trainStep();
      models.push({ method, logitsOf: p.trainer.logitsOf, trainSeconds: 1, dispose: p.dispose });
    }
    const hooks = { cancelled: () => false, yieldControl: async () => undefined, sleep: async () => undefined, now: () => 0 };
    const req = { linfEps: 8 / 255, l2Eps: 0.5, steps: 2 };
    const attacks = table1Attacks(req.linfEps, req.l2Eps, req.steps);
    const plain = await runTable(models, test, attacks, 5, METHOD_LABELS, () => undefined, hooks);
    const before = tf.memory().numTensors;
    const ticks: [number, number][] = [];
    const withSuite = await runTable(models, test, attacks, 5, METHOD_LABELS, (_p, d, t) => ticks.push([d, t]), hooks, undefined, true);
    expect(tf.memory().numTensors).toBe(before);
    expect(ticks.at(-1)![0]).toBe(ticks.at(-1)![1]);
    for (const [i, m] of withSuite.entries()) {
      const pgd = m.robust.filter((r) => (r.attack ?? 'pgd') === 'pgd');
      expect(pgd).toEqual(plain[i].robust);
      for (const a of pgd) {
        const same = m.robust.filter((r) => r.norm === a.norm && r.eps === a.eps);
        expect(same.map((r) => r.attack)).toEqual(m.method === 'vanilla' ? ['pgd', 'pgd-restarts', 'margin', 'worst'] : ['pgd', 'pgd-restarts', 'margin', 'transfer', 'worst']);
        const worst = same.at(-1)!;
        for (const r of same) expect(worst.accuracy).toBeLessThanOrEqual(r.accuracy);
        if (m.method === 'nn') expect(same[3].source).toBe('vanilla');
      }
    }
    models.forEach((m) => m.dispose());
  });
});
