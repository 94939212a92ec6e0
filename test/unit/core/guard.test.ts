import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy } from '../../../src/core/data/toy';
import { prepareTrainer } from '../../../src/core/experiment/prepare';
import { toyCommonSettings } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { readParamValues } from '../../../src/core/models';
import { DivergenceGuard } from '../../../src/core/train/guard';
import { useCpu } from '../setup';

const data = generateToy({ kind: 'paper', seed: 1, trainPerClass: 200, testPerClass: 20 });

describe('divergence guard', () => {
  beforeAll(useCpu);
  it.each(['tfjs', 'auto'] as const)('rolls back to the last finite state (%s engine)', async (engine) => {
    const common = { ...toyCommonSettings(PAPER_TOY, engine), measureEvery: 1 };
    const { trainer, dispose } = await prepareTrainer('nn', common, data.train);
    const guard = new DivergenceGuard(trainer, 5);
    for (let i = 0; i < 10; i++) {
      trainer.trainStep();
      expect((await guard.check()).ok).toBe(true);
    }
    const good = guard.lastGood!;
    expect(good.step).toBe(6); // checkpoints after steps 1 and 6 (every 5)
    const goodW1 = Array.from(good.weights.W1);
    // Poison the weights, as an exploding learning rate would.
    const poisoned = { ...good, weights: { ...good.weights, W1: new Float32Array(good.weights.W1.length).fill(Infinity) } };
    await trainer.restoreState(poisoned);
    trainer.trainStep();
    const verdict = await guard.check('PAG model');
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/^PAG model: .* diverged.*back at step 6/);
    expect(verdict.restoredStep).toBe(6);
    expect(trainer.step).toBe(6);
    expect(Array.from((await readParamValues(trainer.vars)).W1)).toEqual(goodW1.map((v) => Math.fround(v)));
    dispose();
  });

  it('says so when there is nothing to go back to', async () => {
    const { trainer, dispose } = await prepareTrainer('vanilla', { ...toyCommonSettings(PAPER_TOY, 'auto'), measureEvery: 1 }, data.train);
    const s = await trainer.saveState();
    await trainer.restoreState({ ...s, weights: { ...s.weights, b2: new Float64Array(2).fill(NaN) } });
    const guard = new DivergenceGuard(trainer);
    trainer.trainStep();
    const v = await guard.check();
    expect(v.ok).toBe(false);
    expect(v.message).toMatch(/no earlier good state/);
    dispose();
  });
});
