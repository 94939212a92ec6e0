import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Dataset } from '../../../src/core/data/dataset';
import { PAPER_MODES, TOY_KINDS, generateToy, toyBounds, type ToyKind } from '../../../src/core/data/toy';

const KINDS: ToyKind[] = TOY_KINDS.map((k) => k.kind);
const kindArb = fc.constantFrom(...KINDS);
const seedArb = fc.integer({ min: 0, max: 0x7fffffff });

function classCounts(d: Dataset): number[] {
  const counts = new Array<number>(d.numClasses).fill(0);
  for (const c of d.y) counts[c]++;
  return counts;
}

function point(d: Dataset, i: number): [number, number] {
  return [d.x[2 * i], d.x[2 * i + 1]];
}

function checkShape(d: Dataset, perClass: number): void {
  expect(d.n).toBe(2 * perClass);
  expect(d.x.length).toBe(2 * d.n);
  expect(d.y.length).toBe(d.n);
  expect(d.sampleShape).toEqual([2]);
  expect(d.numClasses).toBe(2);
  expect(d.classNames).toEqual(['class 0', 'class 1']);
  for (const v of d.x) expect(Number.isFinite(v)).toBe(true);
  for (const c of d.y) expect(c === 0 || c === 1).toBe(true);
  expect(classCounts(d)).toEqual([perClass, perClass]);
}

function mean(v: number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function std(v: number[]): number {
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}

describe('TOY_KINDS', () => {
  it('lists paper and at least three other distinct kinds with labels', () => {
    expect(KINDS[0]).toBe('paper');
    expect(new Set(KINDS).size).toBe(KINDS.length);
    expect(KINDS.length).toBeGreaterThanOrEqual(4);
    for (const k of TOY_KINDS) expect(k.label.length).toBeGreaterThan(0);
  });
});

describe('generateToy sizes and labels', () => {
  it.each(KINDS)('%s: default sizes are 3000 train / 300 test per class', (kind) => {
    const { train, test } = generateToy({ kind, seed: 1 });
    checkShape(train, 3000);
    checkShape(test, 300);
  });

  it('custom sizes give exact class balance, finite values and labels in range', () => {
    fc.assert(
      fc.property(kindArb, seedArb, fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 5, noNaN: true }), (kind, seed, trainPerClass, testPerClass, noise) => {
        const { train, test } = generateToy({ kind, seed, trainPerClass, testPerClass, noise });
        checkShape(train, trainPerClass);
        checkShape(test, testPerClass);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects invalid options', () => {
    expect(() => generateToy({ kind: 'paper', seed: 1, trainPerClass: 0 })).toThrow(RangeError);
    expect(() => generateToy({ kind: 'paper', seed: 1, testPerClass: 2.5 })).toThrow(RangeError);
    expect(() => generateToy({ kind: 'moons', seed: 1, noise: -1 })).toThrow(RangeError);
    expect(() => generateToy({ kind: 'moons', seed: Number.NaN })).toThrow(RangeError);
    expect(() => generateToy({ kind: 'toString' as ToyKind, seed: 1 })).toThrow(RangeError);
  });
});

describe('generateToy determinism', () => {
  it('same options give identical arrays', () => {
    fc.assert(
      fc.property(kindArb, seedArb, fc.double({ min: 0, max: 3, noNaN: true }), (kind, seed, noise) => {
        const a = generateToy({ kind, seed, noise, trainPerClass: 200, testPerClass: 20 });
        const b = generateToy({ kind, seed, noise, trainPerClass: 200, testPerClass: 20 });
        expect(Array.from(a.train.x)).toEqual(Array.from(b.train.x));
        expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
        expect(Array.from(a.test.x)).toEqual(Array.from(b.test.x));
        expect(Array.from(a.test.y)).toEqual(Array.from(b.test.y));
      }),
      { numRuns: 40 },
    );
  });

  it('different seeds give different arrays', () => {
    fc.assert(
      fc.property(kindArb, seedArb, seedArb, (kind, s1, s2) => {
        fc.pre(s1 !== s2);
        const a = generateToy({ kind, seed: s1, trainPerClass: 50, testPerClass: 10 });
        const b = generateToy({ kind, seed: s2, trainPerClass: 50, testPerClass: 10 });
        expect(Array.from(a.train.x)).not.toEqual(Array.from(b.train.x));
        expect(Array.from(a.test.x)).not.toEqual(Array.from(b.test.x));
      }),
      { numRuns: 40 },
    );
  });

  it('train and test are different draws, and the test set does not depend on the train size', () => {
    fc.assert(
      fc.property(kindArb, seedArb, (kind, seed) => {
        const a = generateToy({ kind, seed, trainPerClass: 30, testPerClass: 30 });
        expect(Array.from(a.train.x)).not.toEqual(Array.from(a.test.x));
        const b = generateToy({ kind, seed, trainPerClass: 90, testPerClass: 30 });
        expect(Array.from(b.test.x)).toEqual(Array.from(a.test.x));
      }),
      { numRuns: 20 },
    );
  });

  it('classes are interleaved (shuffled), not in blocks', () => {
    for (const kind of KINDS) {
      const { train, test } = generateToy({ kind, seed: 5 });
      for (const d of [train, test]) {
        let switches = 0;
        for (let i = 1; i < d.n; i++) if (d.y[i] !== d.y[i - 1]) switches++;
        // About n/2 for a random order; 1 for two blocks.
        expect(switches).toBeGreaterThan(d.n / 3);
      }
    }
  });
});

describe("'paper' data (notebook setup)", () => {
  const modeCentres = [...PAPER_MODES[0], ...PAPER_MODES[1]].map((c) => 10 * c);

  it('has the notebook modes', () => {
    expect(PAPER_MODES.map((m) => [...m])).toEqual([
      [-5, -1, 3],
      [-3, 1, 5],
    ]);
  });

  it('lies exactly on x2 = 2 * x1 with noise 0', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const { train, test } = generateToy({ kind: 'paper', seed });
        for (const d of [train, test]) {
          for (let i = 0; i < d.n; i++) {
            const [x1, x2] = point(d, i);
            expect(x2).toBe(2 * x1);
          }
        }
      }),
      { numRuns: 5 },
    );
  });

  it('has 1000 train / 100 test points per mode, x1 ~ N(10c, 1) around its own class modes', () => {
    fc.assert(
      fc.property(seedArb, (seed) => {
        const { train, test } = generateToy({ kind: 'paper', seed });
        for (const [d, perMode, meanTol, stdTol] of [
          [train, 1000, 0.2, 0.1],
          [test, 100, 0.6, 0.35],
        ] as const) {
          const byMode = new Map<number, number[]>(modeCentres.map((m) => [m, []]));
          for (let i = 0; i < d.n; i++) {
            const [x1] = point(d, i);
            const nearest = modeCentres.reduce((a, b) => (Math.abs(x1 - a) <= Math.abs(x1 - b) ? a : b));
            // Points sit within 6 std of a mode, and that mode belongs to the point's class.
            expect(Math.abs(x1 - nearest)).toBeLessThan(6);
            expect(PAPER_MODES[d.y[i]]).toContain(nearest / 10);
            byMode.get(nearest)!.push(x1);
          }
          for (const [centre, xs] of byMode) {
            expect(xs.length).toBe(perMode);
            expect(Math.abs(mean(xs) - centre)).toBeLessThan(meanTol);
            expect(Math.abs(std(xs) - 1)).toBeLessThan(stdTol);
          }
        }
      }),
      { numRuns: 3 },
    );
  });

  it('splits uneven per-class sizes over the modes as evenly as possible', () => {
    const { train } = generateToy({ kind: 'paper', seed: 3, trainPerClass: 7 });
    const counts = new Map<number, number>();
    for (let i = 0; i < train.n; i++) {
      const c = Math.round(point(train, i)[0] / 10);
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    for (const c of [...PAPER_MODES[0], ...PAPER_MODES[1]]) expect([2, 3]).toContain(counts.get(c));
  });

  it('noise adds N(0, noise^2) to x2 only, keeping x1 as without noise', () => {
    const clean = generateToy({ kind: 'paper', seed: 9 }).train;
    const noisy = generateToy({ kind: 'paper', seed: 9, noise: 2 }).train;
    const residual: number[] = [];
    for (let i = 0; i < noisy.n; i++) {
      expect(noisy.x[2 * i]).toBe(clean.x[2 * i]);
      residual.push(noisy.x[2 * i + 1] - 2 * noisy.x[2 * i]);
    }
    expect(Math.abs(mean(residual))).toBeLessThan(0.1);
    expect(Math.abs(std(residual) - 2)).toBeLessThan(0.1);
  });
});

describe('other manifolds', () => {
  // Distance of a noise-free point of class `label` to its manifold.
  const offManifold: Record<Exclude<ToyKind, 'paper'>, (x: number, y: number, label: number) => number> = {
    moons: (x, y, label) => {
      // Undo the scaling: class 0 is the unit upper half circle, class 1 the lower one centred (1, 0.5).
      const u = x / 20 + 0.5;
      const v = y / 20 + 0.25;
      return label === 0 ? Math.abs(Math.hypot(u, v) - 1) + Math.max(0, -v) : Math.abs(Math.hypot(u - 1, v - 0.5) - 1) + Math.max(0, v - 0.5);
    },
    circles: (x, y, label) => Math.abs(Math.hypot(x, y) - (label === 0 ? 15 : 35)),
    sines: (x, y, label) => Math.abs(y - (10 * Math.sin(x / 8) + (label === 0 ? 8 : -8))) + Math.max(0, Math.abs(x) - 40),
    spirals: (x, y, label) => {
      // r = 5 + b * theta, theta in [0, 3 pi]; class 1 rotated by pi.
      const b = 30 / (3 * Math.PI);
      const r = Math.hypot(x, y);
      const theta = (r - 5) / b;
      const phi = theta + (label === 0 ? 0 : Math.PI);
      const angleErr = Math.abs(Math.atan2(Math.sin(phi), Math.cos(phi)) - Math.atan2(y, x));
      return Math.min(angleErr, 2 * Math.PI - angleErr) * r + Math.max(0, -theta, theta - 3 * Math.PI);
    },
  };

  it.each(Object.keys(offManifold) as Exclude<ToyKind, 'paper'>[])('%s: noise-free points lie on their class manifold', (kind) => {
    const { train, test } = generateToy({ kind, seed: 4 });
    for (const d of [train, test]) {
      for (let i = 0; i < d.n; i++) {
        const [x, y] = point(d, i);
        expect(offManifold[kind](x, y, d.y[i])).toBeLessThan(1e-3);
      }
    }
  });

  it.each(Object.keys(offManifold) as Exclude<ToyKind, 'paper'>[])('%s: noise has the requested std and keeps the underlying positions', (kind) => {
    const clean = generateToy({ kind, seed: 8 }).train;
    const noisy = generateToy({ kind, seed: 8, noise: 1.5 }).train;
    const dx: number[] = [];
    const dy: number[] = [];
    for (let i = 0; i < clean.n; i++) {
      expect(noisy.y[i]).toBe(clean.y[i]);
      dx.push(noisy.x[2 * i] - clean.x[2 * i]);
      dy.push(noisy.x[2 * i + 1] - clean.x[2 * i + 1]);
    }
    for (const d of [dx, dy]) {
      expect(Math.abs(mean(d))).toBeLessThan(0.1);
      expect(Math.abs(std(d) - 1.5)).toBeLessThan(0.08);
    }
  });
});

describe('scale and plotting bounds', () => {
  it.each(KINDS)('%s: classes are separated by at least 8 units and the data spans tens of units', (kind) => {
    const { train } = generateToy({ kind, seed: 6, trainPerClass: 400 });
    const byClass: [number, number][][] = [[], []];
    let maxAbs = 0;
    for (let i = 0; i < train.n; i++) {
      const p = point(train, i);
      byClass[train.y[i]].push(p);
      maxAbs = Math.max(maxAbs, Math.abs(p[0]), Math.abs(p[1]));
    }
    let minGap = Infinity;
    for (const [a0, a1] of byClass[0]) for (const [b0, b1] of byClass[1]) minGap = Math.min(minGap, Math.hypot(a0 - b0, a1 - b1));
    expect(minGap).toBeGreaterThan(8);
    expect(maxAbs).toBeGreaterThan(20);
    expect(maxAbs).toBeLessThan(120);
  });

  it('bounds are square and cover every point with a margin, also with noise', () => {
    fc.assert(
      fc.property(kindArb, seedArb, fc.constantFrom(0, 1, 3), (kind, seed, noise) => {
        const b = toyBounds(kind, noise);
        expect(b.xMax - b.xMin).toBeCloseTo(b.yMax - b.yMin, 9);
        const margin = 0.04 * (b.xMax - b.xMin);
        const { train, test } = generateToy({ kind, seed, noise, trainPerClass: 1000 });
        for (const d of [train, test]) {
          for (let i = 0; i < d.n; i++) {
            const [x, y] = point(d, i);
            expect(x).toBeGreaterThan(b.xMin + margin);
            expect(x).toBeLessThan(b.xMax - margin);
            expect(y).toBeGreaterThan(b.yMin + margin);
            expect(y).toBeLessThan(b.yMax - margin);
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  it('bounds are not wastefully large: the data fills at least 40% of the width or height', () => {
    for (const kind of KINDS) {
      const b = toyBounds(kind);
      const { train } = generateToy({ kind, seed: 2 });
      let w = 0;
      let h = 0;
      for (let i = 0; i < train.n; i++) {
        const [x, y] = point(train, i);
        w = Math.max(w, Math.abs(x));
        h = Math.max(h, Math.abs(y));
      }
      expect(Math.max(w, h) / b.xMax).toBeGreaterThan(0.4);
    }
  });

  it('the paper bounds cover about x1 in [-55, 55] and x2 in [-110, 110]', () => {
    const b = toyBounds('paper');
    expect(b.xMin).toBeLessThanOrEqual(-55);
    expect(b.xMax).toBeGreaterThanOrEqual(55);
    expect(b.yMin).toBeLessThanOrEqual(-110);
    expect(b.yMax).toBeGreaterThanOrEqual(110);
  });
});
