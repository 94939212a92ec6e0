import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../../../src/core/backend';
import { CIFAR_CLASSES, CIFAR_PIXELS, CIFAR_RECORD, cifarSubset, countPerClass } from '../../../src/core/data/cifar';
import { readCifarFiles } from '../../../src/core/data/cifarArchive';
import { syntheticCifar, syntheticCifarFiles } from '../../../src/core/data/syntheticCifar';
import { cifarCommonSettings, evaluateModel } from '../../../src/core/experiment/cifarExperiment';
import { CIFAR_DEFAULTS } from '../../../src/core/experiment/cifarSettings';
import { prepareTrainer, trainFor } from '../../../src/core/experiment/prepare';
import { setDefaultConvImpl } from '../../../src/core/models/conv';

/** The generated CIFAR-10 stand-in that the CIFAR tests, end-to-end fixtures and benchmarks use. */
describe('synthetic CIFAR-10 (tests and benchmarks)', () => {
  it('is the official binary format with batches.meta.txt, balanced and seeded', () => {
    const files = syntheticCifarFiles({ trainPerClass: 7, testPerClass: 3, seed: 5 });
    expect(files['train.bin'].length).toBe(70 * CIFAR_RECORD);
    expect(files['test.bin'].length).toBe(30 * CIFAR_RECORD);
    const splits = readCifarFiles(
      Object.entries(files).map(([name, c]) => ({ name, bytes: typeof c === 'string' ? new TextEncoder().encode(c) : c })),
    );
    expect(splits.classNames).toEqual(CIFAR_CLASSES);
    expect(countPerClass(splits.train!)).toEqual(new Array(10).fill(7));
    expect(countPerClass(splits.test!)).toEqual(new Array(10).fill(3));
    // Shuffled, not sorted by class; the same seed gives the same bytes, another seed others.
    expect(Array.from(splits.train!.labels.subarray(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const same = (x: Uint8Array, y: Uint8Array) => Buffer.from(x).equals(Buffer.from(y));
    const again = syntheticCifarFiles({ trainPerClass: 7, testPerClass: 3, seed: 5 });
    expect(same(again['train.bin'], files['train.bin']) && same(again['test.bin'], files['test.bin'])).toBe(true);
    expect(same(syntheticCifar(7, 6).planes, syntheticCifar(7, 5).planes)).toBe(false);
    // Training and test images are different draws.
    expect(same(files['test.bin'].subarray(1, CIFAR_RECORD), files['train.bin'].subarray(1, CIFAR_RECORD))).toBe(false);
  });

  it('images of one class differ (jitter and noise), and use the whole byte range', () => {
    const raw = syntheticCifar(4, 1);
    const ofClass = (c: number) => Array.from(raw.labels.keys()).filter((i) => raw.labels[i] === c);
    const [a, b] = ofClass(3).map((i) => raw.planes.subarray(i * 3 * CIFAR_PIXELS, (i + 1) * 3 * CIFAR_PIXELS));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    expect(Math.min(...raw.planes)).toBeLessThan(30);
    expect(Math.max(...raw.planes)).toBeGreaterThan(225);
  });

  it('a small CNN learns all ten classes far above chance in a few epochs', async () => {
    // wasm with the matMul convolution, as the CLI trains: about 10x faster than the cpu backend.
    await selectBackend({ order: ['wasm'], wasmPath: path.resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist') + path.sep });
    setDefaultConvImpl('matmul');
    const classes = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const settings = { ...CIFAR_DEFAULTS, classes, channels: [4, 8], batchSize: 16, epochs: 5 };
    const train = cifarSubset(syntheticCifar(20, 1), { classes, perClass: 20, seed: 1 });
    const test = cifarSubset(syntheticCifar(20, 2), { classes, perClass: 20, seed: 2 });
    const { trainer, dispose } = await prepareTrainer('vanilla', cifarCommonSettings(settings), train);
    const before = (await evaluateModel(trainer.logitsOf, test, [], 1)).cleanAccuracy;
    await trainFor(trainer, settings.epochs);
    const after = (await evaluateModel(trainer.logitsOf, test, [], 1)).cleanAccuracy;
    dispose();
    // Chance is 10 %; held-out images (another seed) after 65 steps of batch 16.
    expect(before).toBeLessThan(0.2);
    expect(after).toBeGreaterThan(0.4);
  });
});
