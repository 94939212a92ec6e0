import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CIFAR_CONTROLS, CIFAR_LINK, CIFAR_PANELS, GALLERY_GAINS, linkValuesOf, partsOf, type CifarLinkValues } from '../../../src/cifar/page/share/cifarLink';
import { hoverTargetOf, predictionsOf } from '../../../src/cifar/page/teach/imageInfo';
import { checkRunSettings, CIFAR_GALLERY_DEFAULTS, CIFAR_LAB_DEFAULTS, CIFAR_LAB_METHODS, TABLE_DEFAULTS } from '../../../src/cifar/contract/settings';
import { decodeWith, DEFAULT_VIEW, encodeWith, linkErrorMessage, linkNoticeMessage, urlTableOf, type ViewState } from '../../../src/common/share/linkCodec';

const positive = (max: number) => fc.double({ min: 1e-6, max, noNaN: true, noDefaultInfinity: true });
const distinct = <T>(items: T[], min: number, max: number) => fc.shuffledSubarray(items, { minLength: min, maxLength: max });

/** Any runnable state of the CIFAR Lab (every value the UI can hold). */
const arbValues: fc.Arbitrary<CifarLinkValues> = fc.record({
  classes: distinct([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 2, 10),
  trainPerClass: fc.integer({ min: 2, max: 5000 }),
  testPerClass: fc.integer({ min: 1, max: 1000 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  methods: distinct([...CIFAR_LAB_METHODS], 1, 6).map((m) => CIFAR_LAB_METHODS.filter((x) => m.includes(x))),
  nnPoolSize: fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 100_000 })),
  channels: fc.array(fc.integer({ min: 1, max: 128 }), { minLength: 1, maxLength: 4 }),
  activation: fc.constantFrom('relu' as const, 'softplus' as const),
  head: fc.constantFrom('gap' as const, 'flatten' as const),
  centerInput: fc.boolean(),
  optimizer: fc.constantFrom('adam' as const, 'sgd' as const),
  learningRate: positive(1),
  momentum: fc.double({ min: 0, max: 1, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  weightDecay: fc.double({ min: 0, max: 1, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  batchSize: fc.integer({ min: 1, max: 512 }),
  epochs: fc.integer({ min: 1, max: 100 }),
  lambda: fc.double({ min: 0, max: 1000, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  lambdaByMethod: fc.dictionary(fc.constantFrom(...CIFAR_LAB_METHODS), fc.double({ min: 0, max: 1000, noNaN: true }).map((v) => (Object.is(v, -0) ? 0 : v))),
  targetsPerImage: fc.integer({ min: 0, max: 10 }),
  warmupEpochs: fc.integer({ min: 0, max: 100 }),
  output: fc.constantFrom('logSoftmax' as const, 'logit' as const),
  cosEps: positive(1),
  classMeanMatchNorm: fc.boolean(),
  teacherEpsL2: positive(100),
  teacherEpsLinf: positive(1),
  teacherSteps: fc.integer({ min: 1, max: 50 }),
  teacherLearningRate: fc.option(positive(1), { nil: undefined }),
  measureEvery: fc.integer({ min: 1, max: 10_000 }),
  engine: fc.constantFrom('fused' as const, 'tfjs' as const),
  conv: fc.constantFrom('auto' as const, 'native' as const, 'matmul' as const),
  tableLinfEps: positive(1),
  tableL2Eps: positive(100),
  tableSteps: fc.integer({ min: 1, max: 200 }),
  galleryEps: positive(100),
  gallerySteps: fc.integer({ min: 1, max: 500 }),
  perturbationGain: fc.constantFrom(...GALLERY_GAINS),
});
const arbView: fc.Arbitrary<ViewState> = fc.record({ present: fc.boolean(), show: fc.subarray([...CIFAR_PANELS]), hide: fc.subarray([...CIFAR_CONTROLS]) });

describe('CIFAR Lab link', () => {
  it('one table of unique short keys covering every setting of a run and both attacks', () => {
    const keys = urlTableOf(CIFAR_LINK).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]{1,10}$/);
    for (const k of Object.keys(CIFAR_LAB_DEFAULTS)) expect(Object.keys(CIFAR_LINK.fields)).toContain(k);
  });

  it('round-trips every runnable state losslessly, and the encoding is stable', () => {
    fc.assert(
      fc.property(arbValues, arbView, (values, view) => {
        fc.pre(checkRunSettings(partsOf(values).settings).length === 0);
        const text = encodeWith(CIFAR_LINK, values, view).toString();
        const d = decodeWith(CIFAR_LINK, text);
        expect(d.errors).toEqual([]);
        expect(d.unknown).toEqual([]);
        expect(d.values).toEqual(values);
        expect(d.view).toEqual(view);
        expect(encodeWith(CIFAR_LINK, d.values, d.view).toString()).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('the page parts and the flat values are the same thing', () => {
    const v = linkValuesOf(CIFAR_LAB_DEFAULTS, TABLE_DEFAULTS, CIFAR_GALLERY_DEFAULTS, 5);
    expect(partsOf(v)).toEqual({ settings: CIFAR_LAB_DEFAULTS, tableRequest: TABLE_DEFAULTS, galleryRequest: CIFAR_GALLERY_DEFAULTS, perturbationGain: 5 });
  });

  it('missing keys default; unknown keys and a newer version are noticed; bad values refused with the rest loaded', () => {
    expect(decodeWith(CIFAR_LINK, '').values).toEqual(CIFAR_LINK.defaults);
    expect(decodeWith(CIFAR_LINK, '').view).toEqual(DEFAULT_VIEW);
    const d = decodeWith(CIFAR_LINK, 'v=99&seed=7&classes=3,5&colour=red&backend=wasm&train=abc&methods=vanilla,magic&ch=8-999&pool=some&gview=7&show=gallery,nope');
    expect(d.values.seed).toBe(7);
    expect(d.values.classes).toEqual([3, 5]);
    // The refused values keep their defaults.
    for (const k of ['trainPerClass', 'methods', 'channels', 'nnPoolSize'] as const) expect(d.values[k]).toEqual(CIFAR_LAB_DEFAULTS[k]);
    expect(d.unknown).toEqual(['colour']);
    expect(d.newer).toBe(true);
    expect(linkNoticeMessage(d)).toMatch(/newer version.*"colour"/);
    const error = linkErrorMessage(d)!;
    const refused = ['(train): "abc" is not a number', '(methods): "vanilla,magic" has an item that is not one of', '(ch): "8-999" ', '(pool): "some" is not "all"', '(gview): "7"', 'show: "gallery,nope"'];
    for (const phrase of refused) expect(error).toContain(phrase);
  });

  it('the recipe settings: k, warm-up and lambda per method', () => {
    const d = decodeWith(CIFAR_LINK, 'classes=0,1,6,7,8&k=2&warmup=1&epochs=3&lambdas=oi:0.5,nn:0.4');
    expect(d.errors).toEqual([]);
    expect(d.values).toMatchObject({ targetsPerImage: 2, warmupEpochs: 1, lambdaByMethod: { oi: 0.5, nn: 0.4 } });
    const bad = decodeWith(CIFAR_LINK, 'lambdas=oi:0.5,magic:1&k=x&warmup=-1');
    expect(bad.values.lambdaByMethod).toEqual(CIFAR_LAB_DEFAULTS.lambdaByMethod);
    const error = linkErrorMessage(bad)!;
    for (const phrase of ['(lambdas): "oi:0.5,magic:1" has "magic:1": expected method:lambda', '(k): "x" is not a number', '(warmup): "-1"']) expect(error).toContain(phrase);
    // Each fine alone, not together: more targets than classes, a warm-up as long as the run.
    expect(decodeWith(CIFAR_LINK, 'classes=0,6&k=3').errors.join(' ')).toMatch(/target classes per image \(k\)/);
    expect(decodeWith(CIFAR_LINK, 'epochs=2&warmup=2').errors.join(' ')).toMatch(/warm-up epochs: fewer than the epochs/);
  });

  it('a run that cannot be built keeps the default run, and says why', () => {
    // Each value is fine on its own; one class is not a pair.
    const d = decodeWith(CIFAR_LINK, 'classes=4&seed=9');
    expect(d.errors.join(' ')).toMatch(/needs 2 to 10 items/);
    const e = decodeWith(CIFAR_LINK, 'classes=1,1');
    expect(e.errors.join(' ')).toMatch(/repeats an item/);
    expect(e.values.classes).toEqual(CIFAR_LAB_DEFAULTS.classes);
  });
});

describe('CIFAR Lab hover card', () => {
  it('finds its pictures by their test ids', () => {
    expect(hoverTargetOf('saliency-image-12')).toEqual({ kind: 'test', index: 12 });
    expect(hoverTargetOf('gallery-source-3')).toEqual({ kind: 'test', index: 3 });
    expect(hoverTargetOf('gallery-cell-rigd-l2-1')).toEqual({ kind: 'cell', method: 'rigd-l2', target: 1 });
    expect(hoverTargetOf('saliency-vanilla-0')).toBeNull();
    expect(hoverTargetOf(null)).toBeNull();
  });

  it('reads each model’s prediction, confidence and correctness from its softmax', () => {
    const rows = predictionsOf(
      [
        { method: 'vanilla', probs: new Float32Array([0.2, 0.8]) },
        { method: 'nn', probs: new Float32Array([0.6, 0.4]) },
      ],
      0,
    );
    expect(rows.map((r) => [r.method, r.predicted, r.correct])).toEqual([
      ['vanilla', 1, false],
      ['nn', 0, true],
    ]);
    expect(rows[0].confidence).toBeCloseTo(0.8);
    expect(rows[0].trueProbability).toBeCloseTo(0.2);
    expect(predictionsOf([{ method: 'vanilla', probs: new Float32Array([0.3, 0.7]) }], null)[0].correct).toBeNull();
  });
});
