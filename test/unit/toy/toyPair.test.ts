import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy } from '../../../src/core/data/toy';
import { Cancelled } from '../../../src/common/worker/cancelled';
import { prepareToyPair, type PagMethodId } from '../../../src/toy/worker/toyPair';
import { prepareTrainer } from '../../../src/core/experiment/prepare';
import { toyCommonSettings } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { readParamValues } from '../../../src/core/models';
import { useCpu } from '../setup';

const small = { ...PAPER_TOY, trainPerClass: 150, testPerClass: 10, epochs: 1, teacherSteps: 2 };
const data = generateToy({ kind: 'paper', seed: 3, trainPerClass: 150, testPerClass: 10 });
const common = { ...toyCommonSettings(small), measureEvery: 1 };

async function weightsAfter(steps: number, trainer: { trainStep(): void; vars: Parameters<typeof readParamValues>[0] }) {
  for (let i = 0; i < steps; i++) trainer.trainStep();
  return readParamValues(trainer.vars);
}

describe('prepareToyPair (the Toy Lab pair of models)', () => {
  beforeAll(useCpu);

  it.each(['nn', 'cm', 'rigd-l2'] as PagMethodId[])('%s: both models train exactly as prepareTrainer would train them', async (method) => {
    const pair = await prepareToyPair(method, common, data.train);
    const ref = await prepareTrainer(method, common, data.train);
    const refVanilla = await prepareTrainer('vanilla', { ...common, alignWith: method }, data.train);
    expect(await weightsAfter(6, pair.pag)).toEqual(await weightsAfter(6, ref.trainer));
    expect(await weightsAfter(6, pair.vanilla)).toEqual(await weightsAfter(6, refVanilla.trainer));
    // The vanilla model's alignment is measured against the PAG targets (for RIGD: the teacher).
    const m = (await pair.vanilla.metrics())!;
    expect(m.alignment.some((a) => a !== 0)).toBe(true);
    pair.dispose();
    ref.dispose();
    refVanilla.dispose();
  });

  it('ground truth at arbitrary points: NN points at the nearest training point of each class', async () => {
    const pair = await prepareToyPair('nn', common, data.train);
    const pts = new Float32Array([0, 0, 30, 60]);
    const g = await pair.groundTruthAt(pts);
    expect(g).toHaveLength(2 * 2 * 2);
    for (let t = 0; t < 2; t++) {
      for (let i = 0; i < 2; i++) {
        const [gx, gy] = [g[(t * 2 + i) * 2], g[(t * 2 + i) * 2 + 1]];
        const target = [pts[2 * i] + gx, pts[2 * i + 1] + gy];
        let best = Infinity;
        for (let n = 0; n < data.train.n; n++) {
          if (data.train.y[n] !== t) continue;
          best = Math.min(best, Math.hypot(data.train.x[2 * n] - pts[2 * i], data.train.x[2 * n + 1] - pts[2 * i + 1]));
        }
        expect(Math.hypot(gx, gy)).toBeCloseTo(best, 3);
        expect(target.every(Number.isFinite)).toBe(true);
      }
    }
    pair.dispose();
  });

  it('RIGD: ground truth is the teacher gradient; cancelling teacher training leaks nothing', async () => {
    const pair = await prepareToyPair('rigd-linf', common, data.train);
    const g = await pair.groundTruthAt(new Float32Array([0, 0, 10, 20, -30, -60]));
    expect(g).toHaveLength(2 * 3 * 2);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    pair.dispose();
    const before = tf.memory().numTensors;
    let polls = 0;
    await expect(prepareToyPair('rigd-l2', { ...common, epochs: 20 }, data.train, { cancelled: () => ++polls > 3 })).rejects.toBeInstanceOf(Cancelled);
    expect(tf.memory().numTensors).toBe(before);
  });
});
