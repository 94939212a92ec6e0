/**
 * Seeded toy 2-D datasets: two classes on low-dimensional manifolds.
 *
 * 'paper' reproduces the toy experiment of the paper (Section 5.1, Figure 3) as set up by the
 * public notebook adapted from the authors' code: class 0 modes c in {-5, -1, 3}, class 1 modes
 * c in {-3, 1, 5}; x1 ~ N(10c, 1), x2 = 2 * x1 (every point on one line), 1,000 train + 100 test
 * points per mode. The default sizes (3,000 train / 300 test per class) are split evenly over a
 * class's three modes.
 *
 * Scale: every kind lives in a range of tens of units (the paper data spans about x1 in [-55, 55],
 * x2 in [-110, 110]; the other manifolds fit in roughly [-40, 40]^2 with 10-20 units between the
 * classes), so L2 attack budgets of 1..30 are meaningful on all of them. `noise` is in the same
 * data units.
 *
 * Determinism: the same options give bit-identical arrays. The train and test sets come from two
 * independent child streams of `new Rng(seed)`, so changing `trainPerClass` leaves the test set
 * unchanged (and vice versa), and the noise draws are made whether or not `noise` is 0, so
 * changing `noise` moves each point off its manifold without re-drawing the manifold positions.
 * Callers that derive several streams from one experiment seed should pass
 * `streamSeed(seed, 'data')` (see ../random.ts).
 */
import { Rng } from '../random';
import type { Dataset, SplitDataset } from './dataset';

export type ToyKind = 'paper' | 'moons' | 'circles' | 'sines' | 'spirals';

export interface ToyOptions {
  kind: ToyKind;
  seed: number;
  /** Training points per class (default 3000). */
  trainPerClass?: number;
  /** Test points per class (default 300). */
  testPerClass?: number;
  /**
   * Standard deviation of the Gaussian noise, in data units (default 0). For 'paper' it is added
   * to x2 only (as in the notebook's optional noise); for the other kinds to both coordinates.
   */
  noise?: number;
}

export const TOY_KINDS: readonly { kind: ToyKind; label: string; description: string }[] = [
  { kind: 'paper', label: 'Paper (modes on a line)', description: 'Six Gaussian modes on the line x2 = 2·x1, alternating classes (paper, Section 5.1)' },
  { kind: 'moons', label: 'Two moons', description: 'Two interleaving half circles, radius 20' },
  { kind: 'circles', label: 'Concentric circles', description: 'Inner circle radius 15 (class 0), outer radius 35 (class 1)' },
  { kind: 'sines', label: 'Parallel sines', description: 'Two sine waves (amplitude 10, period about 50) 16 units apart vertically' },
  { kind: 'spirals', label: 'Two spirals', description: 'Two interleaved Archimedean spirals, arms about 10 units apart' },
];

export const TOY_CLASS_NAMES: readonly string[] = ['class 0', 'class 1'];

/** The notebook's mode centres c (x1 ~ N(10c, 1)) per class. */
export const PAPER_MODES: readonly (readonly number[])[] = [
  [-5, -1, 3],
  [-3, 1, 5],
];

export const TOY_DEFAULTS = { trainPerClass: 3000, testPerClass: 300, noise: 0 } as const;

export interface PlotBounds {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * A plotting extent covering the data of `kind` with a margin. Square (same range on both axes),
 * so L2 distances look isotropic on screen. Pass the noise level to widen it by 4 noise stds.
 */
export function toyBounds(kind: ToyKind, noise = 0): PlotBounds {
  // Half-width of a square centred on 0 that contains the noise-free data with a margin.
  const half: Record<ToyKind, number> = {
    paper: 125, // x2 reaches about +-(2 * (50 + 4)) = +-108
    moons: 45, // x in [-30, 30], y in [-15, 15]
    circles: 50, // radius <= 35
    sines: 50, // x in [-40, 40], y in [-18, 18]
    spirals: 50, // radius <= 35
  };
  const h = half[kind] + 4 * Math.max(0, noise);
  return { xMin: -h, xMax: h, yMin: -h, yMax: h };
}

/** Writes `n` points of class `label` into x/y starting at index `offset`. */
type ClassSampler = (rng: Rng, label: number, n: number, noise: number, x: Float32Array, y: Int32Array, offset: number) => void;

function put(x: Float32Array, y: Int32Array, i: number, a: number, b: number, label: number): void {
  x[2 * i] = a;
  x[2 * i + 1] = b;
  y[i] = label;
}

const samplers: Record<ToyKind, ClassSampler> = {
  paper(rng, label, n, noise, x, y, offset) {
    const modes = PAPER_MODES[label];
    let i = offset;
    for (let m = 0; m < modes.length; m++) {
      // Even split over the modes; any remainder goes to the first modes.
      const count = Math.floor(n / modes.length) + (m < n % modes.length ? 1 : 0);
      for (let k = 0; k < count; k++, i++) {
        const x1 = Math.fround(rng.normal(10 * modes[m], 1));
        const e = rng.normal();
        // With noise 0 this is exactly 2 * x1, also in float32.
        put(x, y, i, x1, 2 * x1 + noise * e, label);
      }
    }
  },
  moons(rng, label, n, noise, x, y, offset) {
    // sklearn's make_moons, scaled by 20 and centred: class 0 is the upper arc, class 1 the
    // lower arc shifted right.
    for (let k = 0; k < n; k++) {
      const t = rng.uniform(0, Math.PI);
      const [u, v] = label === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
      put(x, y, offset + k, 20 * (u - 0.5) + noise * rng.normal(), 20 * (v - 0.25) + noise * rng.normal(), label);
    }
  },
  circles(rng, label, n, noise, x, y, offset) {
    const r = label === 0 ? 15 : 35;
    for (let k = 0; k < n; k++) {
      const t = rng.uniform(0, 2 * Math.PI);
      put(x, y, offset + k, r * Math.cos(t) + noise * rng.normal(), r * Math.sin(t) + noise * rng.normal(), label);
    }
  },
  sines(rng, label, n, noise, x, y, offset) {
    // Vertical gap 16; the curves are at least about 10 apart where they are steepest.
    const shift = label === 0 ? 8 : -8;
    for (let k = 0; k < n; k++) {
      const a = rng.uniform(-40, 40);
      put(x, y, offset + k, a + noise * rng.normal(), 10 * Math.sin(a / 8) + shift + noise * rng.normal(), label);
    }
  },
  spirals(rng, label, n, noise, x, y, offset) {
    // r = 5 + b * theta for theta in [0, 3 pi], b = 30 / (3 pi): radius 5..35, and the two arms
    // (class 1 rotated by pi) are b * pi = 10 units apart radially. theta is drawn so points are
    // spread uniformly along the arc (arc length ~ 5 theta + b theta^2 / 2, inverted).
    const b = 30 / (3 * Math.PI);
    const total = 5 * 3 * Math.PI + (b * (3 * Math.PI) ** 2) / 2;
    for (let k = 0; k < n; k++) {
      const s = rng.uniform(0, total);
      const theta = (-5 + Math.sqrt(25 + 2 * b * s)) / b;
      const r = 5 + b * theta;
      const phi = theta + (label === 0 ? 0 : Math.PI);
      put(x, y, offset + k, r * Math.cos(phi) + noise * rng.normal(), r * Math.sin(phi) + noise * rng.normal(), label);
    }
  },
};

function checkCount(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`toy data: ${name} must be a positive integer, got ${v}`);
}

function makeSplit(kind: ToyKind, rng: Rng, perClass: number, noise: number): Dataset {
  const n = 2 * perClass;
  const x = new Float32Array(2 * n);
  const y = new Int32Array(n);
  samplers[kind](rng, 0, perClass, noise, x, y, 0);
  samplers[kind](rng, 1, perClass, noise, x, y, perClass);
  // Interleave the classes (training and attack code may take contiguous slices).
  const order = rng.permutation(n);
  const xs = new Float32Array(2 * n);
  const ys = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = order[i];
    xs[2 * i] = x[2 * j];
    xs[2 * i + 1] = x[2 * j + 1];
    ys[i] = y[j];
  }
  return { x: xs, y: ys, n, sampleShape: [2], numClasses: 2, classNames: [...TOY_CLASS_NAMES] };
}

export function generateToy(opts: ToyOptions): SplitDataset {
  const trainPerClass = opts.trainPerClass ?? TOY_DEFAULTS.trainPerClass;
  const testPerClass = opts.testPerClass ?? TOY_DEFAULTS.testPerClass;
  const noise = opts.noise ?? TOY_DEFAULTS.noise;
  if (!Object.hasOwn(samplers, opts.kind)) throw new RangeError(`toy data: unknown kind ${String(opts.kind)}`);
  checkCount('trainPerClass', trainPerClass);
  checkCount('testPerClass', testPerClass);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`toy data: noise must be a finite number >= 0, got ${noise}`);
  if (!Number.isFinite(opts.seed)) throw new RangeError(`toy data: seed must be a finite number, got ${opts.seed}`);

  const root = new Rng(opts.seed);
  const trainRng = root.fork(1);
  const testRng = root.fork(2);
  return {
    train: makeSplit(opts.kind, trainRng, trainPerClass, noise),
    test: makeSplit(opts.kind, testRng, testPerClass, noise),
  };
}
