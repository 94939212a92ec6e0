import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import type { RobustResult } from '../../../src/core/eval/evaluate';
import { attackWarnings, NEAR_ZERO, TOO_WEAK } from '../../../src/core/eval/sanity';
import { pairedBootstrap } from '../../../src/core/experiment/bootstrap';
import { buildMethodReferences, targetSourceOf } from '../../../src/core/experiment/methods';
import type { RunResult } from '../../../src/core/experiment/results';
import { summarise } from '../../../src/core/experiment/summary';
import { permutedClass } from '../../../src/core/pag/shuffled';
import { targetsForSamples } from '../../../src/core/pag/targets';
import { Rng } from '../../../src/core/random';
import { parseCifarArgs, parseMethods, parseToyArgs, UsageError } from '../../../src/cli/args';
import { runResultSchema } from '../../../src/core/report/resultsSchema';
import { table1Markdown } from '../../../src/core/report/markdown';

const r = (eps: number, attack: RobustResult['attack'], accuracy: number, extra: Partial<RobustResult> = {}): RobustResult => ({
  norm: 'l2', eps, steps: 20, alpha: 1, targeted: true, accuracy, attack, ...extra,
});

describe('attack sanity checks', () => {
  it('warn when the figure at the largest eps is not near 0, using the worst case where there is one', () => {
    expect(attackWarnings('nn', 'NN', [r(1, 'pgd', 0.9), r(30, 'pgd', NEAR_ZERO)])).toEqual([]);
    const w = attackWarnings('nn', 'NN', [r(1, 'pgd', 0.9), r(30, 'pgd', NEAR_ZERO + 0.01)]);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ kind: 'not-near-zero', eps: 30, accuracy: NEAR_ZERO + 0.01 });
    expect(w[0].message).toContain(TOO_WEAK);
    // PGD alone keeps 40 %, the worst case 0 %: the suite's figure is the one checked.
    expect(attackWarnings('nn', 'NN', [r(30, 'pgd', 0.4), r(30, 'worst', 0)])).toEqual([]);
    // Only the largest radius of each norm counts.
    expect(attackWarnings('nn', 'NN', [r(15, 'worst', 0.5), r(30, 'worst', 0)])).toEqual([]);
  });

  it('warn when more steps and restarts end above plain PGD, at any eps', () => {
    const w = attackWarnings('v', 'Vanilla', [r(4, 'pgd', 0.5), r(4, 'pgd-restarts', 0.52, { steps: 40, restarts: 4 }), r(8, 'pgd', 0), r(8, 'pgd-restarts', 0, { steps: 40 })]);
    expect(w.map((x) => [x.kind, x.eps, x.reference])).toEqual([['more-steps-raised', 4, 0.5]]);
    expect(attackWarnings('v', 'Vanilla', [r(4, 'pgd', 0.5), r(4, 'pgd-restarts', 0.5), r(8, 'worst', 0)])).toEqual([]);
  });
});

describe('paired bootstrap', () => {
  it('is seeded, brackets the mean difference, and counts wins', () => {
    const a = [0.7, 0.8, 0.5, 0.9, 0.6];
    const b = [0.1, 0.0, 0.2, 0.1, 0.7];
    const d = pairedBootstrap(a, b);
    expect(d).toEqual(pairedBootstrap(a, b));
    expect(d.mean).toBeCloseTo(0.48, 12);
    expect(d.ci95[0]).toBeLessThan(d.mean);
    expect(d.ci95[1]).toBeGreaterThan(d.mean);
    expect(d.ci95[0]).toBeGreaterThanOrEqual(Math.min(...a.map((v, i) => v - b[i])));
    expect([d.wins, d.losses, d.ties]).toEqual([4, 1, 0]);
  });

  it('a constant difference has a zero-width interval (pairing cancels what seeds share)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 2, maxLength: 12 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (b, shift) => {
        const d = pairedBootstrap(b.map((v) => v + shift), b, 3, 500);
        expect(d.ci95[0]).toBeCloseTo(shift, 9);
        expect(d.ci95[1]).toBeCloseTo(shift, 9);
      }),
      { numRuns: 50 },
    );
  });
});

describe('multi-seed summary', () => {
  const run = (seed: number, v: number, p: number): RunResult => ({
    experiment: 'toy',
    seed,
    settings: {},
    models: [
      { method: 'vanilla', cleanAccuracy: 1, trainSeconds: 1, robust: [r(15, 'pgd', v), r(15, 'worst', v / 2)] },
      { method: 'nn', cleanAccuracy: 1, trainSeconds: 1, robust: [r(15, 'pgd', p), r(15, 'transfer', 0.9, { source: 'vanilla' }), r(15, 'worst', p - 0.1)] },
    ],
  });
  it('rows per attack, ci95 against vanilla for every non-vanilla row that vanilla has too', () => {
    const s = summarise([run(1, 0.1, 0.7), run(2, 0.2, 0.6), run(3, 0, 0.9)]);
    const nnWorst = s.find((x) => x.method === 'nn' && x.attack === 'worst')!;
    expect(nnWorst.median).toBeCloseTo(0.6, 12);
    expect(nnWorst.diffMean).toBeCloseTo((0.6 - 0.05 + (0.5 - 0.1) + (0.8 - 0)) / 3, 12);
    expect(nnWorst.wins).toBe(3);
    expect(nnWorst.ci95![0]).toBeGreaterThan(0);
    expect(s.find((x) => x.method === 'nn' && x.attack === 'transfer')!.ci95).toBeUndefined();
    expect(s.filter((x) => x.method === 'vanilla').every((x) => x.ci95 === undefined)).toBe(true);
  });
});

describe('shuffled control', () => {
  it('class t gets the nearest neighbour of class (t + 3) mod C: the other class when C = 2', () => {
    expect([0, 1].map((t) => permutedClass(t, 2))).toEqual([1, 0]);
    expect([0, 1, 2].map((t) => permutedClass(t, 3))).toEqual([1, 2, 0]);
    expect(Array.from({ length: 10 }, (_, t) => permutedClass(t, 10))).toEqual([3, 4, 5, 6, 7, 8, 9, 0, 1, 2]);
    const rng = new Rng(1);
    const n = 30;
    const data: Dataset = { x: Float32Array.from({ length: n * 2 }, () => rng.normal()), y: Int32Array.from({ length: n }, (_, i) => i % 3), n, sampleShape: [2], numClasses: 3, classNames: [] };
    const nn = buildMethodReferences(targetSourceOf('nn', 'all')!, data, 5)!;
    const sh = buildMethodReferences(targetSourceOf('shuffled', 'all')!, data, 5)!;
    const idx = Array.from({ length: n }, (_, i) => i);
    const gNn = targetsForSamples(nn, data, idx);
    const gSh = targetsForSamples(sh, data, idx);
    for (let t = 0; t < 3; t++) {
      const from = permutedClass(t, 3);
      expect(gSh.subarray(t * n * 2, (t + 1) * n * 2)).toEqual(gNn.subarray(from * n * 2, (from + 1) * n * 2));
    }
    expect(gSh).not.toEqual(gNn);
  });
});

describe('CLI flags and schema', () => {
  it('parse --attacks, --attack-preset and the shuffled method', () => {
    expect(parseToyArgs(['--attacks', 'suite'])).toMatchObject({ attacks: 'suite', attackPreset: 'default' });
    expect(parseToyArgs([])).toMatchObject({ attacks: 'pgd' });
    expect(parseCifarArgs(['--data', 'd', '--attacks', 'suite', '--attack-preset', 'paper'], { classes: [0, 6], perClass: 1, testPerClass: 1, epochs: 1, seed: 1, targetsPerImage: 2, warmupEpochs: 0 })).toMatchObject({ attacks: 'suite', attackPreset: 'paper' });
    expect(() => parseToyArgs(['--attacks', 'all'])).toThrow(UsageError);
    expect(parseMethods('vanilla,shuffled')).toEqual(['vanilla', 'shuffled']);
    expect(() => parseMethods('shuffle')).toThrow(/shuffled/);
  });
  it('results.json entries with attack parameters and warnings pass the schema; an unknown attack does not', () => {
    const ok = { experiment: 'toy', seed: 1, settings: {}, models: [{ method: 'shuffled', cleanAccuracy: 1, trainSeconds: 1, robust: [r(15, 'worst', 0, { of: ['pgd', 'margin'] })] }], warnings: [{ model: 'shuffled', kind: 'not-near-zero', norm: 'l2', eps: 15, accuracy: 0.3, reference: 0.05, message: 'm' }] };
    expect(runResultSchema.safeParse(ok).success).toBe(true);
    const bad = { ...ok, models: [{ ...ok.models[0], robust: [r(15, 'fgsm' as never, 0)] }] };
    expect(runResultSchema.safeParse(bad).success).toBe(false);
  });
});

describe('Table 1 Markdown', () => {
  it('shows plain PGD then the worst case, and no paper numbers for the control', () => {
    const run: RunResult = {
      experiment: 'cifar',
      seed: 1,
      settings: {},
      models: [
        { method: 'vanilla', cleanAccuracy: 0.9, trainSeconds: 1, robust: [r(0.5, 'pgd', 0.4), r(0.5, 'pgd-restarts', 0.3), r(0.5, 'worst', 0.25)] },
        { method: 'shuffled', cleanAccuracy: 0.8, trainSeconds: 1, robust: [r(0.5, 'pgd', 0.5), r(0.5, 'pgd-restarts', 0.45), r(0.5, 'transfer', 0.7), r(0.5, 'worst', 0.2)] },
      ],
    };
    const md = table1Markdown(run);
    expect(md).toContain('| method | clean | L2 0.5 | worst case L2 0.5 | paper clean |');
    expect(md).toContain('| Vanilla | 90.0 % | 40.0 % | 25.0 % | 93.61 % | 0 % | 0 % |');
    expect(md).toContain('| Control: shuffled classes | 80.0 % | 50.0 % | 20.0 % | – | – | – |');
  });
});
