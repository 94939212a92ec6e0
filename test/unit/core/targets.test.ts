import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../../src/core/data/dataset';
import { buildReferences, nearestInPool, SortedPool, targetsAtPoints, targetsForSamples } from '../../../src/core/pag/targets';
import { Rng } from '../../../src/core/random';

function randomData(seed: number, n: number, dim: number, classes: number): Dataset {
  const rng = new Rng(seed);
  const y = Int32Array.from({ length: n }, (_, i) => i % classes); // every class present
  return { x: Float32Array.from({ length: n * dim }, () => rng.normal()), y, n, sampleShape: [dim], numClasses: classes, classNames: [] };
}

describe('ground-truth gradient targets', () => {
  it('nearest neighbour never picks the point itself and is the true nearest in its pool', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 4, max: 40 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 2, max: 4 }),
        fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 10 })),
        (seed, n, dim, classes, pool) => {
          const d = randomData(seed, n, dim, classes);
          const refs = buildReferences(d, { kind: 'nearestNeighbor', nnPoolSize: pool }, new Rng(seed + 1));
          for (let i = 0; i < n; i++) {
            for (let t = 0; t < classes; t++) {
              const j = refs.indexTable![i * classes + t];
              const candidates = refs.nnPool![t].filter((k) => k !== i);
              if (candidates.length === 0) {
                expect(j).toBe(i); // no neighbour at all: g = 0
                continue;
              }
              expect(j).not.toBe(i);
              expect(d.y[j]).toBe(t);
              const dist = (a: number, b: number) => {
                let s = 0;
                for (let k = 0; k < dim; k++) s += (d.x[a * dim + k] - d.x[b * dim + k]) ** 2;
                return s;
              };
              for (const k of candidates) expect(dist(i, j)).toBeLessThanOrEqual(dist(i, k));
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it('pools have the asked size, drawn from the right class', () => {
    const d = randomData(3, 60, 2, 3);
    const refs = buildReferences(d, { kind: 'nearestNeighbor', nnPoolSize: 7 }, new Rng(1));
    refs.nnPool!.forEach((pool, t) => {
      expect(pool.length).toBe(7);
      expect(new Set(pool).size).toBe(7);
      pool.forEach((j) => expect(d.y[j]).toBe(t));
    });
  });

  it('g = r - x: one image, class mean (optionally rescaled) and at arbitrary points', () => {
    const d = randomData(5, 30, 3, 2);
    const all = Array.from({ length: d.n }, (_, i) => i);
    const oi = buildReferences(d, { kind: 'oneImage' }, new Rng(2));
    const g = targetsForSamples(oi, d, all);
    const r0 = oi.oneImageIndex![0];
    expect(d.y[r0]).toBe(0);
    for (let k = 0; k < 3; k++) expect(g[(0 * d.n + 4) * 3 + k]).toBeCloseTo(d.x[r0 * 3 + k] - d.x[4 * 3 + k], 6);

    const cm = buildReferences(d, { kind: 'classMean', classMeanMatchNorm: true }, new Rng(2));
    const members = all.filter((i) => d.y[i] === 1);
    const avgNorm = members.reduce((s, i) => s + Math.hypot(...Array.from(d.x.subarray(i * 3, i * 3 + 3))), 0) / members.length;
    expect(Math.hypot(...Array.from(cm.classVectors!.subarray(3, 6)))).toBeCloseTo(avgNorm, 4);

    const nn = buildReferences(d, { kind: 'nearestNeighbor' }, new Rng(2));
    const at = targetsAtPoints(nn, d, d.x.slice(0, 3)); // the point itself is a legal neighbour here
    expect(Array.from(at.subarray(d.y[0] === 0 ? 0 : 3, d.y[0] === 0 ? 3 : 6)).every((v) => v === 0)).toBe(true);
  });

  it('a class with no samples is refused with a clear message', () => {
    const d = randomData(1, 10, 2, 2);
    d.y.fill(0);
    expect(() => buildReferences(d, { kind: 'classMean' }, new Rng(1))).toThrow(/class 1 has no samples/);
  });
});

describe('SortedPool (nearest neighbours of low-dimensional data)', () => {
  it('gives nearestInPool’s answer to the bit: spread points, points on a line, many exact ties, 3-D', () => {
    const rng = new Rng(5);
    const cases: [string, number, (i: number, k: number) => number][] = [
      ['spread', 2, () => rng.normal() * 10],
      ['on a line', 2, () => rng.normal() * 10],
      ['ties', 2, () => Math.round(rng.normal() * 3)],
      ['3-D', 3, () => rng.normal()],
    ];
    for (const [name, dim, draw] of cases) {
      const n = 800;
      const x = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) for (let k = 0; k < dim; k++) x[i * dim + k] = draw(i, k);
      if (name === 'on a line') for (let i = 0; i < n; i++) x[i * 2 + 1] = 2 * x[i * 2];
      const pool = Array.from({ length: n }, (_, i) => i).filter(() => rng.next() < 0.5);
      const sorted = new SortedPool(x, pool, dim);
      for (let q = 0; q < n; q++) expect(sorted.nearest(x, q, q), `${name}, query ${q}`).toBe(nearestInPool(x, pool, x, q, dim, q));
    }
    // A pool of only the excluded point has no neighbour.
    expect(new SortedPool(new Float32Array([1, 2]), [0], 2).nearest(new Float32Array([1, 2]), 0, 0)).toBe(-1);
  });
});
