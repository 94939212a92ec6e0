import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { pgd } from '../../src/core/attack/pgd';
import type { Dataset } from '../../src/core/data/dataset';
import { applyModel, paramShapes, type Params } from '../../src/core/models';
import { setDefaultConvImpl, type ConvImpl } from '../../src/core/models/conv';
import { allClassInputGradients } from '../../src/core/pag/inputGradients';
import { pagLoss } from '../../src/core/pag/loss';
import { setLogSoftmaxGradient, type LogSoftmaxGradient } from '../../src/core/pag/logSoftmax';
import { buildReferences, targetsForSamples, type ReferenceKind } from '../../src/core/pag/targets';
import { Rng } from '../../src/core/random';
import {
  flat,
  goldenDir,
  loadFixtures,
  maxAbsErr,
  relErrToMax,
  shapeOf,
  specFromFixture,
  type Fixture,
  type FixtureModel,
  type Nested,
} from './fixtures';

// Tolerances from test/golden/fixtures/README.md.
const LOSS_REL = 1e-5;
const GRAD_REL = 1e-4;
const ADV_ABS = 1e-3;

function paramsOf(model: FixtureModel): Params {
  const out: Params = {};
  for (const [k, v] of Object.entries(model.params)) out[k] = tf.tensor(flat(v), shapeOf(v));
  return out;
}

function runPag(f: Fixture): void {
  const model = f.model as FixtureModel;
  const C = f.numClasses as number;
  const spec = specFromFixture(model, f.x as Nested, C);
  const expected = f.expected as Record<string, unknown>;
  tf.tidy(() => {
    const params = paramsOf(model);
    expect(Object.keys(params).sort()).toEqual(paramShapes(spec).map((p) => p.name).sort());
    const x = tf.tensor(flat(f.x as Nested), shapeOf(f.x as Nested));
    const y = tf.tensor1d(flat(f.y as Nested), 'int32');
    const targets = tf.tensor(flat(f.targets as Nested), shapeOf(f.targets as Nested));
    const output = f.output as 'logSoftmax' | 'logit';
    const opts = { numClasses: C, lambda: f.lambda_ as number, output, cosEps: f.cosEps as number };
    const logitsOf = (xi: tf.Tensor) => applyModel(spec, params, xi);

    const ig = allClassInputGradients(logitsOf, x, C, output);
    expect(ig.shape).toEqual(shapeOf(expected.inputGradients as Nested));
    expect(relErrToMax(ig.dataSync(), flat(expected.inputGradients as Nested))).toBeLessThan(GRAD_REL);

    const terms = pagLoss(logitsOf, x, y, targets, opts);
    for (const [got, want] of [
      [terms.ce, expected.ceLoss],
      [terms.pag, expected.pagLoss],
      [terms.total, expected.totalLoss],
    ] as [tf.Scalar, number][]) {
      expect(Math.abs(got.dataSync()[0] - want) / Math.max(Math.abs(want), 1e-12)).toBeLessThan(LOSS_REL);
    }

    const names = Object.keys(params);
    const grads = tf.grads((...ps: tf.Tensor[]) => {
      const p: Params = {};
      names.forEach((n, i) => (p[n] = ps[i]));
      return pagLoss((xi) => applyModel(spec, p, xi), x, y, targets, opts).total;
    })(names.map((n) => params[n]));
    const want = expected.paramGradients as Record<string, Nested>;
    expect(Object.keys(want).sort()).toEqual(names.slice().sort());
    names.forEach((n, i) => {
      expect(grads[i].shape, `shape of d/d${n}`).toEqual(shapeOf(want[n]));
      expect(relErrToMax(grads[i].dataSync(), flat(want[n])), `d total / d ${n}`).toBeLessThan(GRAD_REL);
    });
  });
}

function runPgd(f: Fixture): void {
  const model = f.model as FixtureModel;
  const spec = specFromFixture(model, f.x as Nested);
  const expected = f.expected as { xAdv: Nested; predictions: Nested };
  tf.tidy(() => {
    const params = paramsOf(model);
    const x = tf.tensor(flat(f.x as Nested), shapeOf(f.x as Nested));
    const y = tf.tensor1d(flat(f.y as Nested), 'int32');
    const target = f.target == null ? null : tf.tensor1d(flat(f.target as Nested), 'int32');
    if (f.randomStart) throw new Error('randomStart fixtures cannot be compared point by point');
    const { xAdv } = pgd((xi) => applyModel(spec, params, xi), x, y, target, {
      norm: f.norm as 'l2' | 'linf',
      eps: f.eps as number,
      alpha: f.alpha as number,
      steps: f.steps as number,
      clipTo01: Boolean(f.clipTo01),
      randomStart: false,
    });
    expect(xAdv.shape).toEqual(shapeOf(expected.xAdv));
    expect(maxAbsErr(xAdv.dataSync(), flat(expected.xAdv))).toBeLessThan(ADV_ABS);
    const preds = applyModel(spec, params, xAdv).argMax(1).dataSync();
    expect(Array.from(preds)).toEqual(Array.from(flat(expected.predictions)));
  });
}

function runTargets(f: Fixture): void {
  const xShape = shapeOf(f.x as Nested);
  const data: Dataset = {
    x: flat(f.x as Nested),
    y: Int32Array.from(flat(f.y as Nested)),
    n: xShape[0],
    sampleShape: xShape.slice(1),
    numClasses: f.numClasses as number,
    classNames: [],
  };
  const expected = f.expected as Record<string, Nested>;
  const all = Array.from({ length: data.n }, (_, i) => i);
  const kinds: [ReferenceKind, string][] = [
    ['oneImage', 'oneImage'],
    ['classMean', 'classMean'],
    ['nearestNeighbor', 'nearestNeighbor'],
  ];
  for (const [kind, key] of kinds) {
    const refs = buildReferences(
      data,
      { kind, oneImageIndex: f.oneImageIndex as number[], nnPool: f.nnPool as number[][] },
      new Rng(0),
    );
    const got = targetsForSamples(refs, data, all);
    expect(maxAbsErr(got, flat(expected[key])), kind).toBeLessThan(1e-5);
  }
}

const runners: Record<string, (f: Fixture) => void> = { pag: runPag, pgd: runPgd, targets: runTargets };

describe(`golden fixtures in ${goldenDir()}`, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });
  const fixtures = loadFixtures();
  it('the folder holds fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const f of fixtures) {
    // CNN fixtures run with both convolution forms (tf.conv2d and the matMul form used on
    // wasm); log-softmax PAG fixtures with both gradient forms (exact and PyTorch's textbook one).
    const impls: ConvImpl[] = (f.model as FixtureModel | undefined)?.kind === 'cnn' ? ['native', 'matmul'] : ['native'];
    const grads: LogSoftmaxGradient[] = f.type === 'pag' && f.output === 'logSoftmax' ? ['exact', 'textbook'] : ['exact'];
    for (const impl of impls) {
      for (const grad of grads) {
        const variant = [impls.length > 1 ? `${impl} conv` : '', grads.length > 1 ? `${grad} log-softmax gradient` : ''].filter(Boolean);
        it(`${f.file} (${[f.type, ...variant].join(', ')})`, () => {
          const run = runners[f.type];
          if (!run) throw new Error(`fixture ${f.file}: unknown type "${f.type}"`);
          const before = tf.memory().numTensors;
          setDefaultConvImpl(impl);
          setLogSoftmaxGradient(grad);
          try {
            run(f);
          } finally {
            setDefaultConvImpl('native');
            setLogSoftmaxGradient('exact');
          }
          expect(tf.memory().numTensors).toBe(before);
        });
      }
    }
  }
});
