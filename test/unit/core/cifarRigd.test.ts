import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarSubset, parseCifarBinary } from '../../../src/core/data/cifar';
import { cifarCommonSettings } from '../../../src/core/experiment/cifarExperiment';
import { prepareTrainer, rigdStudent, rigdTeacher } from '../../../src/core/experiment/prepare';
import { readParamValues } from '../../../src/core/models';
import { setDefaultConvImpl } from '../../../src/core/models/conv';
import { DATA, TINY } from '../cifar/cifarHarness';
import { useCpu } from '../setup';

describe('rigdTeacher + rigdStudent: prepareTrainer\'s RIGD path, one step at a time', () => {
  beforeAll(async () => {
    await useCpu();
    setDefaultConvImpl('native'); // fast on cpu for tiny models; the form does not matter here
  });

  it.each(['rigd-l2', 'rigd-linf'] as const)('%s: the student trains to bit-identical weights; nothing leaks', async (method) => {
    const raw = parseCifarBinary(DATA['test.bin']);
    const train = cifarSubset(raw, { classes: [3, 5], perClass: 6, seed: 4 });
    const common = { ...cifarCommonSettings({ ...TINY, epochs: 1 }), measureEvery: 1 };
    const before = tf.memory().numTensors;

    const ref = await prepareTrainer(method, common, train);
    for (let i = 0; i < 3; i++) ref.trainer.trainStep();
    const expected = await readParamValues(ref.trainer.vars);
    ref.dispose();

    const teacher = rigdTeacher(method, common, train);
    expect(teacher.totalSteps).toBe(Math.ceil(12 / TINY.batchSize));
    for (let i = 0; i < teacher.totalSteps; i++) teacher.trainer.trainStep();
    const student = rigdStudent(method, common, train, teacher.trainer);
    for (let i = 0; i < 3; i++) student.trainStep();
    expect(await readParamValues(student.vars)).toEqual(expected);
    student.dispose();
    teacher.trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
