/**
 * Seeded randomness. Every random choice in the engine (data, initial weights, batch order,
 * PGD random starts) draws from an Rng so the same seed gives the same numbers everywhere:
 * browser, worker, Node CLI and tests.
 */
export interface RngState {
  state: number;
  spareNormal: number | null;
}

export class Rng {
  private state: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // splitmix32-style scrambling so that nearby seeds give unrelated streams.
    this.state = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** The generator's position, to save a run and continue it later with identical draws. */
  getState(): RngState {
    return { state: this.state, spareNormal: this.spareNormal };
  }

  setState(s: RngState): void {
    this.state = s.state >>> 0;
    this.spareNormal = s.spareNormal;
  }

  /** Uniform in [0, 1): mulberry32. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box-Muller, caching the second value). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** A fresh permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** k distinct items of `items`, in random order. */
  sample<T>(items: ArrayLike<T>, k: number): T[] {
    const p = this.permutation(items.length);
    const out: T[] = [];
    for (let i = 0; i < Math.min(k, items.length); i++) out.push(items[p[i]]);
    return out;
  }

  /** A child generator, so independent streams (data vs weights vs batches) stay stable. */
  fork(salt: number): Rng {
    return new Rng((Math.imul(this.int(0x7fffffff), 31) ^ salt) >>> 0);
  }
}

/** Stable seeds for the independent random streams of one experiment. */
export function streamSeed(seed: number, stream: 'data' | 'init' | 'batches' | 'attack' | 'targets'): number {
  const salt = { data: 11, init: 23, batches: 37, attack: 51, targets: 67 }[stream];
  return (Math.imul(seed + 1, 0x01000193) ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
}
