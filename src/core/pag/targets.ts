import { indicesByClass, sampleSize, type Dataset } from '../data/dataset';
import type { Rng } from '../random';

/**
 * "Ground truth" gradients g(x, t) = r_t(x) - x of Section 4, for the sources that need no
 * model: One Image, Class Mean and Nearest Neighbor. (RIGD, the robust teacher's gradients,
 * lives in rigd.ts because it needs a model.) Everything here is plain arithmetic on typed
 * arrays, computed once per dataset, so a training step only gathers rows.
 */
export type ReferenceKind = 'oneImage' | 'classMean' | 'nearestNeighbor';

export interface ReferenceOptions {
  kind: ReferenceKind;
  /** Nearest Neighbor: size of the sampled set D_t per class, or 'all' (the toy default). */
  nnPoolSize?: number | 'all';
  /** Class Mean: rescale each mean to the average norm of its class's samples (image-like contrast). */
  classMeanMatchNorm?: boolean;
  /** Explicit choices (fixtures, saved runs); otherwise drawn from rng. */
  oneImageIndex?: number[];
  nnPool?: number[][];
}

export interface References {
  kind: ReferenceKind;
  numClasses: number;
  dim: number;
  /** One representative vector per (sample, class) is either an index into the data ... */
  indexTable?: Int32Array; // [n * C]: sample index of r_t(x_n)
  /** ... or a class vector shared by all samples (Class Mean): [C * dim]. */
  classVectors?: Float32Array;
  /** The choices made, so a run can be reproduced or shown. */
  oneImageIndex?: number[];
  nnPool?: number[][];
}

function squaredDistance(a: Float32Array, ai: number, b: Float32Array, bi: number, dim: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) {
    const d = a[ai * dim + k] - b[bi * dim + k];
    s += d * d;
  }
  return s;
}

/** Index of the nearest sample of `pool` to query q (L2, pixel space), skipping `exclude`. */
export function nearestInPool(
  data: Float32Array,
  pool: ArrayLike<number>,
  query: Float32Array,
  q: number,
  dim: number,
  exclude: number,
): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < pool.length; i++) {
    const j = pool[i];
    if (j === exclude) continue;
    const d = squaredDistance(query, q, data, j, dim);
    if (d < bestD) {
      bestD = d;
      best = j;
    }
  }
  return best;
}

/**
 * nearestInPool's answer (the smallest squared distance, the first in pool order on ties, the
 * excluded sample skipped) found by scanning a pool sorted by its first coordinate outwards from
 * the query until the squared gap in that coordinate alone exceeds the best distance: every
 * further point is at least that far (the rounded sum of squares is never below one of its
 * rounded terms), so the result is the same to the bit, in about n log n instead of n^2.
 */
export class SortedPool {
  private readonly order: Int32Array;
  private readonly key: Float64Array;

  constructor(
    private readonly data: Float32Array,
    private readonly pool: ArrayLike<number>,
    private readonly dim: number,
  ) {
    const pos = Int32Array.from({ length: pool.length }, (_, i) => i);
    pos.sort((a, b) => data[pool[a] * dim] - data[pool[b] * dim] || a - b);
    this.order = pos;
    this.key = Float64Array.from(pos, (p) => data[pool[p] * dim]);
  }

  nearest(query: Float32Array, q: number, exclude: number): number {
    const { order, key, pool, data, dim } = this;
    const n = order.length;
    const x0 = query[q * dim];
    // First position whose key is >= x0.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key[mid] < x0) lo = mid + 1;
      else hi = mid;
    }
    let bestD = Infinity;
    let bestPos = -1;
    const visit = (k: number): boolean => {
      const gap = key[k] - x0;
      if (gap * gap > bestD) return false;
      const p = order[k];
      const j = pool[p];
      if (j !== exclude) {
        const d = squaredDistance(query, q, data, j, dim);
        if (d < bestD || (d === bestD && p < bestPos)) {
          bestD = d;
          bestPos = p;
        }
      }
      return true;
    };
    let up = lo;
    let down = lo - 1;
    let goUp = up < n;
    let goDown = down >= 0;
    while (goUp || goDown) {
      if (goUp) {
        goUp = visit(up) && ++up < n;
      }
      if (goDown) {
        goDown = visit(down) && --down >= 0;
      }
    }
    return bestPos < 0 ? -1 : pool[bestPos];
  }
}

export function buildReferences(data: Dataset, opts: ReferenceOptions, rng: Rng): References {
  const C = data.numClasses;
  const dim = sampleSize(data);
  const byClass = indicesByClass(data);
  byClass.forEach((idx, c) => {
    if (idx.length === 0) throw new Error(`class ${c} has no samples: cannot build ${opts.kind} targets`);
  });
  if (opts.kind === 'classMean') {
    const classVectors = new Float32Array(C * dim);
    byClass.forEach((idx, c) => {
      let meanNorm = 0;
      for (const i of idx) {
        let n2 = 0;
        for (let k = 0; k < dim; k++) {
          const v = data.x[i * dim + k];
          classVectors[c * dim + k] += v / idx.length;
          n2 += v * v;
        }
        meanNorm += Math.sqrt(n2) / idx.length;
      }
      if (opts.classMeanMatchNorm) {
        let n2 = 0;
        for (let k = 0; k < dim; k++) n2 += classVectors[c * dim + k] ** 2;
        const scale = meanNorm / Math.max(Math.sqrt(n2), 1e-12);
        for (let k = 0; k < dim; k++) classVectors[c * dim + k] *= scale;
      }
    });
    return { kind: 'classMean', numClasses: C, dim, classVectors };
  }
  const indexTable = new Int32Array(data.n * C);
  if (opts.kind === 'oneImage') {
    const chosen = opts.oneImageIndex ?? byClass.map((idx) => idx[rng.int(idx.length)]);
    for (let n = 0; n < data.n; n++) for (let t = 0; t < C; t++) indexTable[n * C + t] = chosen[t];
    return { kind: 'oneImage', numClasses: C, dim, indexTable, oneImageIndex: chosen };
  }
  const size = opts.nnPoolSize ?? 'all';
  const pools =
    opts.nnPool ?? byClass.map((idx) => (size === 'all' || size >= idx.length ? idx.slice() : rng.sample(idx, size)));
  // Low-dimensional data (the toy's 2-D points): the same answers from a pool sorted by its first
  // coordinate (SortedPool); high-dimensional data (images): the plain scan.
  const sorted = dim <= 4 ? pools.map((pool) => new SortedPool(data.x, pool, dim)) : null;
  for (let n = 0; n < data.n; n++) {
    for (let t = 0; t < C; t++) {
      const j = sorted ? sorted[t].nearest(data.x, n, n) : nearestInPool(data.x, pools[t], data.x, n, dim, n);
      // A pool holding only the point itself has no neighbour: fall back to the point (g = 0).
      indexTable[n * C + t] = j < 0 ? n : j;
    }
  }
  return { kind: 'nearestNeighbor', numClasses: C, dim, indexTable, nnPool: pools };
}

/**
 * g(x_n, t) = r_t(x_n) - x_n for the training samples `indices` of `data`, laid out
 * [C, B, dim] as the PAG loss expects.
 */
export function targetsForSamples(refs: References, data: Dataset, indices: ArrayLike<number>): Float32Array {
  const { numClasses: C, dim } = refs;
  const B = indices.length;
  const out = new Float32Array(C * B * dim);
  for (let b = 0; b < B; b++) {
    const n = indices[b];
    for (let t = 0; t < C; t++) {
      const o = (t * B + b) * dim;
      if (refs.classVectors) {
        for (let k = 0; k < dim; k++) out[o + k] = refs.classVectors[t * dim + k] - data.x[n * dim + k];
      } else {
        const r = refs.indexTable![n * C + t];
        for (let k = 0; k < dim; k++) out[o + k] = data.x[r * dim + k] - data.x[n * dim + k];
      }
    }
  }
  return out;
}

/**
 * g(x, t) at arbitrary points (a plot grid, test points): the same references, with Nearest
 * Neighbor searched in its pools (no sample to exclude). Layout [C, n, dim].
 */
export function targetsAtPoints(refs: References, data: Dataset, points: Float32Array): Float32Array {
  const { numClasses: C, dim } = refs;
  const n = points.length / dim;
  const out = new Float32Array(C * n * dim);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < C; t++) {
      const o = (t * n + i) * dim;
      let r: Float32Array;
      let ri = 0;
      if (refs.classVectors) {
        r = refs.classVectors;
        ri = t;
      } else if (refs.kind === 'oneImage') {
        r = data.x;
        ri = refs.oneImageIndex![t];
      } else {
        r = data.x;
        ri = nearestInPool(data.x, refs.nnPool![t], points, i, dim, -1);
      }
      for (let k = 0; k < dim; k++) out[o + k] = r[ri * dim + k] - points[i * dim + k];
    }
  }
  return out;
}
