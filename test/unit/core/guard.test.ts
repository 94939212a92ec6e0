import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy } from '../../../src/core/data/toy';
import { prepareTrainer } from '../../../src/core/experiment/prepare';
import { toyCommonSettings } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { readParamValues } from '../../../src/core/models';
import { metricsFinite } from '../../../src/core/train/guard';
import { useCpu } from '../setup';

const data = generateToy({ kind: 'paper', seed: 1, trainPerClass: 200, testPerClass: 20 });

describe('divergence check', () => {
  beforeAll(useCpu);

  it('finite metrics pass; a NaN or an infinity anywhere does not', () => {
    const m = { step: 1, epoch: 0, ce: 0.5, pag: 1.2, accuracy: 0.9, alignment: [0.1, 0.2] };
    expect(metricsFinite(m)).toBe(true);
    expect(metricsFinite({ ...m, ce: NaN })).toBe(false);
    expect(metricsFinite({ ...m, pag: Infinity })).toBe(false);
    expect(metricsFinite({ ...m, accuracy: NaN })).toBe(false);
    expect(metricsFinite({ ...m, alignment: [0.1, -Infinity] })).toBe(false);
  });

  it.each(['tfjs', 'auto'] as const)('poisoned weights give non-finite metrics, and the saved state brings the last good weights back (%s engine)', async (engine) => {
    const common = { ...toyCommonSettings(PAPER_TOY, engine), measureEvery: 1 };
    const { trainer, dispose } = await prepareTrainer('nn', common, data.train);
    for (let i = 0; i < 6; i++) trainer.trainStep();
    const good = await trainer.saveState();
    expect(metricsFinite((await trainer.metrics())!)).toBe(true);
    const goodW1 = Array.from(good.weights.W1);
    // Poison the weights, as an exploding learning rate would.
    await trainer.restoreState({ ...good, weights: { ...good.weights, W1: new Float32Array(good.weights.W1.length).fill(Infinity) } });
    trainer.trainStep();
    expect(metricsFinite((await trainer.metrics())!)).toBe(false);
    await trainer.restoreState(good);
    expect(trainer.step).toBe(6);
    expect(Array.from((await readParamValues(trainer.vars)).W1)).toEqual(goodW1.map((v) => Math.fround(v)));
    dispose();
  });
});
