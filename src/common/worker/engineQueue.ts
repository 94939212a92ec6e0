/**
 * The one queue of operations of a lab's engine, for both labs' controllers: operations run one
 * after another (TF.js work must not interleave); a failure goes to `failed` unless it was a
 * cancellation or belongs to a backend that has since been replaced. Training runs as slices,
 * at most one queued at a time.
 */
import { Cancelled } from './cancelled';

export class EngineQueue<W extends string> {
  private tail: Promise<void> = Promise.resolve();
  private sliceQueued = false;
  private backendEpoch = 0;

  constructor(private readonly failed: (where: W, message: string) => void) {}

  /** Counts backend switches: operations queued for an earlier backend are dropped. */
  get epoch(): number {
    return this.backendEpoch;
  }

  run(where: W, op: () => Promise<void>): void {
    const epoch = this.backendEpoch;
    this.tail = this.tail.then(op).catch((e: unknown) => {
      if (e instanceof Cancelled || epoch !== this.backendEpoch) return; // a dead backend's failure
      this.failed(where, e instanceof Error ? e.message : String(e));
    });
  }

  /** Queues one slice of training unless one is queued already. */
  scheduleSlice(where: W, slice: () => Promise<void>): void {
    if (this.sliceQueued) return;
    this.sliceQueued = true;
    this.run(where, () => {
      this.sliceQueued = false;
      return slice();
    });
  }

  /**
   * The backend died: a new epoch, and what is queued is dropped with it (an operation waiting on
   * the dead device, e.g. a read-back from a lost WebGL context, may never finish; a slice queued
   * behind it never runs). The switch then runs at once, not behind it.
   */
  abandon(): void {
    this.backendEpoch++;
    this.tail = Promise.resolve();
    this.sliceQueued = false;
  }

  /** Resolves when all queued work is done (tests). */
  idle(): Promise<void> {
    return this.tail;
  }
}
