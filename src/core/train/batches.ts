import { Rng, type RngState } from '../random';

export interface BatchOrderState {
  epochCount: number;
  cursor: number;
  order: Int32Array;
  rng: RngState;
}

/**
 * The training data order shared by every trainer: a seeded permutation of the n samples per
 * epoch (a fresh one at the start of each epoch, drawn from one Rng), cut into batches of
 * `batchSize`, the last one short. Two trainers with the same seed see the same batches.
 */
export class BatchOrder {
  readonly stepsPerEpoch: number;
  private readonly rng: Rng;
  private order: Int32Array;
  private cursor = 0;
  private epochCount = 0;

  constructor(
    readonly n: number,
    readonly batchSize: number,
    seed: number,
  ) {
    this.rng = new Rng(seed);
    this.stepsPerEpoch = Math.ceil(n / batchSize);
    this.order = this.rng.permutation(n);
  }

  /** Epochs done, fractional: completed epochs + the part of the current one already served. */
  get epoch(): number {
    return this.epochCount + this.cursor / this.n;
  }

  getState(): BatchOrderState {
    return { epochCount: this.epochCount, cursor: this.cursor, order: this.order.slice(), rng: this.rng.getState() };
  }

  setState(s: BatchOrderState): void {
    if (s.order.length !== this.n) throw new Error(`saved batch order is for ${s.order.length} samples, this data has ${this.n}`);
    this.epochCount = s.epochCount;
    this.cursor = s.cursor;
    this.order = Int32Array.from(s.order);
    this.rng.setState(s.rng);
  }

  /** The next batch's sample indices (a new array: callers may keep it). */
  next(): Int32Array {
    if (this.cursor >= this.n) {
      this.order = this.rng.permutation(this.n);
      this.cursor = 0;
      this.epochCount++;
    }
    const end = Math.min(this.cursor + this.batchSize, this.n);
    const idx = this.order.slice(this.cursor, end);
    this.cursor = end;
    return idx;
  }
}
