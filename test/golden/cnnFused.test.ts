import { beforeAll, describe, expect, it } from 'vitest';
import { FusedCnn, type CnnKernelChoice } from '../../src/core/fast/cnnFused';
import { cnnWasmFailure, loadCnnWasm } from '../../src/core/fast/cnnWasm';
import { supportsFusedCnn, toCnnParams } from '../../src/core/fast/cnnShapes';
import { setLogSoftmaxGradient } from '../../src/core/pag/logSoftmax';
import { flat64, goldenDir, loadFixtures, relErrToMax, shapeOf, specFromFixture, type Fixture, type FixtureModel, type Nested } from './fixtures';

/**
 * The fused CNN step (src/core/fast/cnn*.ts) against every `type: "pag"` fixture whose model is a
 * CNN, with both log-softmax gradient forms as golden.test.ts runs TF.js. Other fixtures are not
 * registered here (golden.test.ts runs them); a CNN fixture the fused step cannot run fails. Both
 * convolution kernel sets run every fixture: the WebAssembly SIMD kernels (the default where
 * loaded) and the JS loops (the fallback).
 */
const LOSS_REL = 1e-5;
const GRAD_REL = 1e-4;

function isCnnPag(f: Fixture): boolean {
  return f.type === 'pag' && (f.model as FixtureModel | undefined)?.kind === 'cnn';
}

function runFused(f: Fixture, kernels: CnnKernelChoice): void {
  const model = f.model as FixtureModel;
  const C = f.numClasses as number;
  const spec = specFromFixture(model, f.x as Nested, C);
  if (!supportsFusedCnn(spec)) throw new Error(`fused CNN step cannot run ${f.file}: ${JSON.stringify(spec)}`);
  const output = f.output as string;
  if (output !== 'logSoftmax' && output !== 'logit') throw new Error(`${f.file}: unknown output "${output}"`);
  const kernel = new FusedCnn(spec, kernels);
  expect(kernel.kernelKind).toBe(kernels);
  const params = toCnnParams(spec, Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, flat64(v)])));
  expect(Object.keys(model.params).sort()).toEqual([...params.names].sort());
  const xShape = shapeOf(f.x as Nested);
  const B = xShape[0];
  const x = flat64(f.x as Nested);
  const y = Int32Array.from(flat64(f.y as Nested));
  const u = flat64(f.targets as Nested);
  const expected = f.expected as Record<string, unknown>;
  const errors: Record<string, number> = {};

  const ig = kernel.inputGradients(params, x, B, output);
  expect(shapeOf(expected.inputGradients as Nested)).toEqual([C, ...xShape]);
  errors.inputGradients = relErrToMax(ig, flat64(expected.inputGradients as Nested));
  expect(errors.inputGradients, 'inputGradients').toBeLessThan(GRAD_REL);

  const r = kernel.lossAndGrads(params, x, y, u, { output, cosEps: f.cosEps as number, lambda: f.lambda_ as number });
  for (const [key, got] of [
    ['ceLoss', r.ce],
    ['pagLoss', r.pag],
    ['totalLoss', r.total],
  ] as [string, number][]) {
    const want = expected[key] as number;
    errors[key] = Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
    expect(errors[key], key).toBeLessThan(LOSS_REL);
  }
  const want = expected.paramGradients as Record<string, Nested>;
  expect(Object.keys(want).sort()).toEqual([...params.names].sort());
  for (const name of params.names) {
    const got = r.grads.byName[name];
    expect(got.length, `size of d/d${name}`).toBe(flat64(want[name]).length);
    errors[`d/d${name}`] = relErrToMax(got, flat64(want[name]));
    expect(errors[`d/d${name}`], `d total / d ${name}`).toBeLessThan(GRAD_REL);
  }
  console.log(`fused CNN (${kernels}) ${f.file}: ${Object.entries(errors).map(([k, e]) => `${k} ${e.toExponential(1)}`).join(', ')}`);
}

describe(`fused CNN step vs golden fixtures in ${goldenDir()}`, () => {
  const fixtures = loadFixtures();
  beforeAll(async () => {
    expect(await loadCnnWasm(), `WebAssembly SIMD kernels: ${cnnWasmFailure()}`).toBe(true);
  });
  it('the folder holds CNN PAG fixtures', () => {
    expect(fixtures.filter(isCnnPag).length).toBeGreaterThan(0);
  });
  for (const f of fixtures) {
    if (!isCnnPag(f)) continue;
    const forms = f.output === 'logSoftmax' ? (['exact', 'textbook'] as const) : (['exact'] as const);
    for (const form of forms) {
      for (const kernels of ['wasm', 'js'] as const) {
        it(`${f.file} (fused CNN, ${kernels} kernels, ${form} log-softmax gradient)`, () => {
          setLogSoftmaxGradient(form);
          try {
            runFused(f, kernels);
          } finally {
            setLogSoftmaxGradient('exact');
          }
        });
      }
    }
  }
});
