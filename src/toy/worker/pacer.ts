/**
 * When to train, when to stop a time slice, and when to send a snapshot.
 *
 * - Slices: the worker runs steps for at most SLICE_MS, then yields to its message loop, so a
 *   Pause or Reset is handled within one slice.
 * - Speed: with a rate limit, steps are released at `stepsPerSecond` since the last (re)start.
 * - Snapshots: every SNAPSHOT_MS of training (12 a second), unless a snapshot itself costs so
 *   much that drawing would crowd out training (a software GPU): then the interval stretches to
 *   1.5x the cheapest recent snapshot, at most MAX_SNAPSHOT_MS. At full speed (no rate limit:
 *   "max", and the Figure 3 reproduction) training comes first: snapshots take at most
 *   MAX_SNAPSHOT_SHARE of the worker's time on average (unchanged where a snapshot is cheap: a 5 ms snapshot
 *   still comes every 80 ms; a 30 ms one, on a loaded CPU, every 170 ms instead of 80).
 * - GPU queue: a snapshot reads tensors back, which on WebGL/WebGPU waits for the GPU queue. So
 *   that the queue never holds more than about one interval of work (on a GPU, dispatching a
 *   step returns long before it has run), no more steps than the measured rate allows are
 *   dispatched between two snapshots. The read-back is the only synchronisation: training never
 *   reads back per step.
 */
export const SLICE_MS = 25;
export const SNAPSHOT_MS = 80;
export const MAX_SNAPSHOT_MS = 3000;
/** At full speed, the largest share of time snapshots may take (measured: 35-40 % of Figure 3's training phase at 80 ms on a loaded CPU). */
export const MAX_SNAPSHOT_SHARE = 0.15;

export class Pacer {
  /** Measured training steps per second (synchronised, i.e. including GPU time). */
  rate = 0;
  private limit: number | null = null;
  private origin = 0;
  private releasedSinceOrigin = 0;
  private lastSnapshotAt = -Infinity;
  private lastSnapshotStep = 0;
  private stepsSinceSnapshot = 0;
  /** A slowly forgetting minimum of snapshot durations: the cost of a snapshot itself. */
  private snapshotCost = 0;
  /** A moving mean of snapshot durations (what they take on average, for the full-speed share). */
  private meanCost = 0;

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

  /** Milliseconds of training between two snapshots. */
  interval(): number {
    const byShare = this.limit === null ? ((1 - MAX_SNAPSHOT_SHARE) / MAX_SNAPSHOT_SHARE) * this.meanCost : 0;
    return Math.min(MAX_SNAPSHOT_MS, Math.max(SNAPSHOT_MS, 1.5 * this.snapshotCost, byShare));
  }

  snapshotDue(): boolean {
    return this.now() - this.lastSnapshotAt >= this.interval() || this.stepsSinceSnapshot >= this.maxStepsPerSnapshot();
  }

  /** After a snapshot that took `costMs` was read back at `step`: update the measured rates. */
  snapshotTaken(step: number, training: boolean, costMs: number): void {
    this.snapshotCost = this.snapshotCost === 0 ? costMs : Math.min(this.snapshotCost * 1.05, costMs);
    this.meanCost = this.meanCost === 0 ? costMs : 0.7 * this.meanCost + 0.3 * costMs;
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
    return Math.max(1, Math.ceil((this.rate * this.interval() * 1.5) / 1000));
  }
}
