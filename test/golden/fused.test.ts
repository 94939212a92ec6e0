import { describe, expect, it } from 'vitest';
import { supportsFused, toFusedParams, FUSED_PARAM_NAMES } from '../../src/core/fast/fusedParams';
import { FusedMlp } from '../../src/core/fast/mlpFused';
import type { ModelSpec } from '../../src/core/models';
import { flat64, goldenDir, loadFixtures, relErrToMax, shapeOf, specFromFixture, type Fixture, type FixtureModel, type Nested } from './fixtures';

/**
 * The hand-fused float64 step (src/core/fast/mlpFused.ts) against every `type: "pag"` fixture
 * whose model is an MLP with exactly one hidden layer. Every other fixture (CNNs, deeper MLPs,
 * pgd, targets) is skipped here on purpose: the fused step does not claim them, and the TF.js
 * suite (golden.test.ts) already runs and fails on all of them. A one-hidden-layer MLP fixture
 * this file cannot run (say, an unknown activation or output) fails.
 */

// Tolerances from test/golden/fixtures/README.md. In float64 the fused step is far closer (the
// achieved errors are printed); the README's bounds are the contract.
const LOSS_REL = 1e-5;
const GRAD_REL = 1e-4;

function isOneHiddenMlp(f: Fixture): boolean {
  const m = f.model as FixtureModel | undefined;
  return f.type === 'pag' && m?.kind === 'mlp' && !!m.params?.W2 && !m.params.W3;
}

function runFused(f: Fixture): void {
  const model = f.model as FixtureModel;
  const C = f.numClasses as number;
  const spec: ModelSpec = specFromFixture(model, f.x as Nested, C);
  if (!supportsFused(spec)) throw new Error(`fused step cannot run ${f.file}: ${JSON.stringify(spec)}`);
  const output = f.output as string;
  if (output !== 'logSoftmax' && output !== 'logit') throw new Error(`${f.file}: unknown output "${output}"`);
  expect(Object.keys(model.params).sort()).toEqual([...FUSED_PARAM_NAMES].sort());
  const kernel = new FusedMlp(spec);
  const params = toFusedParams(kernel.dims, Object.fromEntries(Object.entries(model.params).map(([k, v]) => [k, flat64(v)])));
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
  expect(Object.keys(want).sort()).toEqual([...FUSED_PARAM_NAMES].sort());
  for (const name of FUSED_PARAM_NAMES) {
    expect(r.grads[name].length, `size of d/d${name}`).toBe(flat64(want[name]).length);
    errors[`d/d${name}`] = relErrToMax(r.grads[name], flat64(want[name]));
    expect(errors[`d/d${name}`], `d total / d ${name}`).toBeLessThan(GRAD_REL);
  }
  console.log(`fused ${f.file}: ${Object.entries(errors).map(([k, e]) => `${k} ${e.toExponential(1)}`).join(', ')}`);
}

describe(`fused one-hidden-layer MLP step vs golden fixtures in ${goldenDir()}`, () => {
  const fixtures = loadFixtures();
  it('the folder holds fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });
  for (const f of fixtures) {
    // Other fixtures are not registered here at all (no skipped tests): golden.test.ts runs them.
    if (isOneHiddenMlp(f)) it(`${f.file} (fused)`, () => runFused(f));
  }
});
