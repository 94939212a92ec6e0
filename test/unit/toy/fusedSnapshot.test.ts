import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateToy, toyBounds } from '../../../src/core/data/toy';
import { gridPoints } from '../../../src/core/eval/grid';
import { prepareToyPair } from '../../../src/toy/worker/toyPair';
import { toyCommonSettings } from '../../../src/core/experiment/toyExperiment';
import { PAPER_TOY } from '../../../src/core/experiment/toySettings';
import { FusedMlpTrainer } from '../../../src/core/fast/fusedTrainer';
import { FusedSnapshotter } from '../../../src/toy/worker/fusedSnapshot';
import { packModel, unpackModel } from '../../../src/toy/worker/modelSnapshot';
import { useCpu } from '../setup';

/** The CPU snapshot of fused models must draw what the backend snapshot (packModel) draws. */
describe('FusedSnapshotter', () => {
  beforeAll(useCpu);

  it('matches packModel on the TF.js backend: heatmap, metrics and arrows', async () => {
    const s = { ...PAPER_TOY, trainPerClass: 150, testPerClass: 30, epochs: 3 };
    const data = generateToy({ kind: s.dataset, seed: 5, trainPerClass: s.trainPerClass, testPerClass: s.testPerClass, noise: s.noise });
    const pair = await prepareToyPair('nn', toyCommonSettings(s, 'auto'), data.train, {});
    try {
      expect(pair.pag).toBeInstanceOf(FusedMlpTrainer);
      for (let i = 0; i < 12; i++) {
        pair.vanilla.trainStep();
        pair.pag.trainStep();
      }
      const grid = gridPoints({ ...toyBounds(s.dataset, s.noise), size: 12 });
      const arrows = gridPoints({ ...toyBounds(s.dataset, s.noise), size: 4 });
      const testTruth = await pair.groundTruthAt(data.test.x);
      const host = { grid, testX: data.test.x, testY: data.test.y, testTruth, arrows, output: s.output, cosEps: s.cosEps };
      const snapper = new FusedSnapshotter((pair.pag as FusedMlpTrainer).dims);
      for (const trainer of [pair.vanilla, pair.pag]) {
        const cpu = snapper.snapshot(trainer as FusedMlpTrainer, host, true);
        const dev = {
          grid: tf.tensor2d(grid, [grid.length / 2, 2]),
          testX: tf.tensor2d(data.test.x, [data.test.n, 2]),
          testY: tf.tensor1d(data.test.y, 'int32'),
          testTruth: tf.tensor(testTruth, [2, data.test.n, 2]),
          arrows: tf.tensor2d(arrows, [arrows.length / 2, 2]),
          numClasses: 2,
          output: s.output,
          cosEps: s.cosEps,
        };
        const packed = packModel(trainer, dev, true);
        const ref = unpackModel((await packed.data()) as Float32Array, { cells: grid.length / 2, numClasses: 2, arrows: arrows.length / 2, metrics: true });
        tf.dispose([packed, dev.grid, dev.testX, dev.testY, dev.testTruth, dev.arrows]);
        for (let i = 0; i < ref.probs.length; i++) expect(cpu.probs[i]).toBeCloseTo(ref.probs[i], 4);
        expect(cpu.metrics!.testAccuracy).toBeCloseTo(ref.metrics!.testAccuracy, 6);
        expect(cpu.metrics!.ce).toBeCloseTo(ref.metrics!.ce, 4);
        expect(cpu.metrics!.pag).toBeCloseTo(ref.metrics!.pag, 3);
        ref.metrics!.alignment.forEach((a, t) => expect(cpu.metrics!.alignment[t]).toBeCloseTo(a, 3));
        const scale = Math.max(...Array.from(ref.gradients!, Math.abs));
        ref.gradients!.forEach((g, i) => expect(Math.abs(cpu.gradients![i] - g)).toBeLessThan(1e-4 * scale + 1e-7));
      }
      // The models differ after training: a comparison that could fail. No tensor is made.
      const before = tf.memory().numTensors;
      const v = snapper.snapshot(pair.vanilla as FusedMlpTrainer, host, false).probs;
      const p = snapper.snapshot(pair.pag as FusedMlpTrainer, host, false).probs;
      expect(v.some((x, i) => Math.abs(x - p[i]) > 1e-3)).toBe(true);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      pair.dispose();
    }
  });
});
