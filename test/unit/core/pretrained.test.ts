import { describe, expect, it } from 'vitest';
import { CIFAR_RECORD } from '../../../src/core/data/cifar';
import { parsePretrainedManifest, parsePretrainedSample, PretrainedFormatError } from '../../../src/core/io/pretrained';

/** A manifest as `npm run pretrained` writes it (figures made up). */
function goodManifest(): Record<string, any> {
  const robust = [{ norm: 'l2', eps: 0.5, steps: 20, alpha: 0.05, accuracy: 0.4 }];
  return {
    format: 1,
    createdAt: '2026-11-26T10:00:00.000Z',
    command: 'npm run pretrained',
    seed: 1,
    recipe: {
      classes: [0, 1, 6, 7, 8],
      channels: [8, 16, 32],
      head: 'flatten',
      centerInput: true,
      activation: 'relu',
      targetsPerImage: 2,
      warmupEpochs: 2,
      lambdaByMethod: { oi: 0.5, cm: 0.4, nn: 0.4 },
      engine: 'fused',
      epochs: 10,
    },
    classNames: ['airplane', 'automobile', 'frog', 'horse', 'ship'],
    models: [
      { method: 'vanilla', label: 'Vanilla', lambda: 0, path: 'vanilla/model.json', trainSeconds: 60, fullTest: { n: 1000, clean: 0.68, robust } },
      { method: 'nn', label: 'PAG: Nearest Neighbor', lambda: 0.4, path: 'nn/model.json', trainSeconds: 300, fullTest: { n: 1000, clean: 0.7, robust } },
    ],
    sample: { path: 'sample.bin', count: 4, perClass: 1, labels: 'original CIFAR class ids', source: 'CIFAR-10 test batch (official binary format records)' },
  };
}

const parse = (m: unknown) => parsePretrainedManifest(JSON.stringify(m));

function withChange(f: (m: Record<string, any>) => void): Record<string, any> {
  const m = goodManifest();
  f(m);
  return m;
}

describe('pretrained manifest', () => {
  it('reads a good manifest and keeps the recipe fields it does not check', () => {
    const m = parse(goodManifest());
    expect(m.models.map((x) => x.method)).toEqual(['vanilla', 'nn']);
    expect((m.recipe as Record<string, unknown>).epochs).toBe(10);
  });

  it.each([
    ['not JSON', '{oops', /manifest.json is not valid JSON/],
    ['another format', withChange((m) => (m.format = 2)), /format must be 1/],
    ['no models', withChange((m) => (m.models = [])), /models must hold at least one model/],
    ['an unknown method', withChange((m) => (m.models[1].method = 'magic')), /models.1.method must be one of vanilla/],
    ['a method twice', withChange((m) => (m.models[1].method = 'vanilla')), /models holds method "vanilla" twice/],
    ['a path out of the folder', withChange((m) => (m.models[0].path = 'nn/../../secret/model.json')), /models.0.path must not leave the pretrained folder/],
    ['an absolute URL', withChange((m) => (m.models[0].path = 'https://evil.example/model.json')), /models.0.path must be a relative path/],
    ['a path that is not a model.json', withChange((m) => (m.models[0].path = 'vanilla/weights.bin')), /models.0.path must name a model.json/],
    ['an accuracy above 1', withChange((m) => (m.models[0].fullTest.clean = 68)), /models.0.fullTest.clean must be a fraction/],
    ['a bad norm', withChange((m) => (m.models[0].fullTest.robust[0].norm = 'l1')), /robust.0.norm must be l2 or linf/],
    ['a sample too large', withChange((m) => (m.sample.count = 501)), /sample.count must be at most 500/],
    ['more sample images than perClass allows', withChange((m) => (m.sample.count = 6)), /sample.count is more than perClass x classes/],
    ['a class id above 9', withChange((m) => (m.recipe.classes = [0, 12])), /recipe.classes.1 must be CIFAR-10 class ids 0-9/],
    ['class names that do not match', withChange((m) => m.classNames.pop()), /classNames must name the recipe's 5 classes, has 4/],
    ['no k', withChange((m) => delete m.recipe.targetsPerImage), /recipe.targetsPerImage/],
    ['a bad date', withChange((m) => (m.createdAt = 'yesterday')), /createdAt must be an ISO date-time/],
  ])('refuses %s with a message naming the field', (_name, m, message) => {
    expect(() => (typeof m === 'string' ? parsePretrainedManifest(m) : parse(m))).toThrow(PretrainedFormatError);
    expect(() => (typeof m === 'string' ? parsePretrainedManifest(m) : parse(m))).toThrow(message);
  });
});

describe('pretrained sample', () => {
  const records = (labels: number[]) => {
    const b = new Uint8Array(labels.length * CIFAR_RECORD);
    labels.forEach((l, i) => (b[i * CIFAR_RECORD] = l));
    return b;
  };
  const m = parse(goodManifest());
  it('reads records of the recipe classes', () => {
    expect(parsePretrainedSample(records([0, 1, 6, 8]), m).n).toBe(4);
  });
  it('refuses a count that differs from the manifest', () => {
    expect(() => parsePretrainedSample(records([0, 1, 6]), m)).toThrow(/sample.bin holds 3 images .* the manifest says 4/);
  });
  it('refuses a class the models do not have', () => {
    expect(() => parsePretrainedSample(records([0, 1, 3, 8]), m)).toThrow(/image 2 has CIFAR class 3, not one of the models' classes/);
  });
  it('refuses a truncated file', () => {
    expect(() => parsePretrainedSample(records([0, 1, 6, 8]).subarray(0, 100), m)).toThrow(PretrainedFormatError);
  });
});
