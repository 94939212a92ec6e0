/**
 * When to train, when to stop a time slice, and when to send a snapshot.
 *
 * - Slices: the worker runs steps for at most SLICE_MS, then yields to its message loop, so a
 *   Pause or Reset is handled within one slice.
 * - Speed: with a rate limit, steps are released at `stepsPerSecond` since the last (re)start.
 * - Snapshots: at least every SNAPSHOT_MS of training. A snapshot reads tensors back, which on
 *   WebGL/WebGPU waits for the GPU queue; so that the queue never holds more than about one
 *   snapshot interval of work (on a GPU, dispatching a step returns long before it has run), no
 *   more than the measured rate allows are dispatched between two snapshots. The read-back is
 *   thus the only synchronisation, and training never reads back per step.
 */
export const SLICE_MS = 25;
export const SNAPSHOT_MS = 80;

export class Pacer {
  /** Measured training steps per second (synchronised, i.e. including GPU time). */
  rate = 0;
  private limit: number | null = null;
  private origin = 0;
  private releasedSinceOrigin = 0;
  private lastSnapshotAt = -Infinity;
  private lastSnapshotStep = 0;
  private stepsSinceSnapshot = 0;

  constructor(private readonly now: () => number) {}

  /** Call when training (re)starts or the speed changes. */
  restart(step: number): void {
    this.origin = this.now();
    this.releasedSinceOrigin = 0;
    this.lastSnapshotAt = this.now();
    this.lastSnapshotStep = step;
    this.stepsSinceSnapshot = 0;
  }

  setLimit(stepsPerSecond: number | null, step: number): void {
    this.limit = stepsPerSecond;
    this.restart(step);
  }

  /** How many steps this slice may run. */
  allowance(): number {
    const bySync = Math.max(1, this.maxStepsPerSnapshot() - this.stepsSinceSnapshot);
    if (this.limit === null) return bySync;
    const due = Math.floor((this.limit * (this.now() - this.origin)) / 1000) - this.releasedSinceOrigin;
    return Math.max(0, Math.min(due, bySync));
  }

  /** Milliseconds until the next step is due under the rate limit (0 = now). */
  delayUntilNextStep(): number {
    if (this.limit === null) return 0;
    const nextAt = this.origin + ((this.releasedSinceOrigin + 1) * 1000) / this.limit;
    return Math.max(0, nextAt - this.now());
  }

  ran(steps: number): void {
    this.releasedSinceOrigin += steps;
    this.stepsSinceSnapshot += steps;
  }

  snapshotDue(): boolean {
    return this.now() - this.lastSnapshotAt >= SNAPSHOT_MS || this.stepsSinceSnapshot >= this.maxStepsPerSnapshot();
  }

  /** After a snapshot was read back at `step`: update the measured rate. */
  snapshotTaken(step: number, training: boolean): void {
    const t = this.now();
    const dt = (t - this.lastSnapshotAt) / 1000;
    const ds = step - this.lastSnapshotStep;
    if (training && ds > 0 && dt > 0) {
      const r = ds / dt;
      this.rate = this.rate === 0 ? r : 0.7 * this.rate + 0.3 * r;
    }
    this.lastSnapshotAt = t;
    this.lastSnapshotStep = step;
    this.stepsSinceSnapshot = 0;
  }

  /** Steps that fit in ~1.5 snapshot intervals at the measured rate (4 before any measurement). */
  private maxStepsPerSnapshot(): number {
    if (this.rate === 0) return 4;
    return Math.max(1, Math.ceil((this.rate * SNAPSHOT_MS * 1.5) / 1000));
  }
}
