import type { WorkUnit } from './session';

/**
 * When the CIFAR worker stops a time slice, reads back, and how fast training really goes.
 *
 * - Slices: units of work (a teacher step, or a round = one step of every model) run for at
 *   most SLICE_MS, then the worker yields to its message loop, so Pause, a gallery request or a
 *   new run are handled within one unit. A CNN unit usually takes longer than a slice: then a
 *   slice is one unit.
 * - Sync: on WebGL/WebGPU dispatching a step returns long before it has run, and nothing in
 *   training reads back. The snapshot's read-back is the only synchronisation, so no more units
 *   are dispatched between two snapshots than about SNAPSHOT_MS of measured work: the GPU queue
 *   never holds more than that, and Pause takes effect promptly.
 * - Rates: busy time (slices plus snapshots) between two syncs over the units done, per kind of
 *   unit, smoothed; these give the time remaining.
 */
export const SLICE_MS = 30;
export const SNAPSHOT_MS = 500;
/**
 * Test accuracy and saliency maps (a pass over the test subset per model) at most this often, and
 * at most a fifth of the time: on a software GPU one such snapshot costs as much as a step.
 */
export const FULL_SNAPSHOT_MS = 4000;
export const FULL_SHARE = 0.2;

export class TrainingPacer {
  readonly msPer: Record<WorkUnit, number | null> = { teacher: null, round: null };
  private units = 0;
  private kind: WorkUnit | null = null;
  private busyMs = 0;
  private lastSyncAt: number;
  private lastFullAt = -Infinity;
  private fullCostMs = 0;

  constructor(private readonly now: () => number) {
    this.lastSyncAt = now();
  }

  /** Units of `kind` this slice may dispatch before the next sync. */
  allowance(kind: WorkUnit): number {
    const ms = this.msPer[kind];
    const max = ms === null ? 1 : Math.max(1, Math.floor(SNAPSHOT_MS / Math.max(ms, 1)));
    return Math.max(0, max - this.units);
  }

  ran(kind: WorkUnit, units: number, busyMs: number): void {
    if (units > 0) this.kind = kind;
    this.units += units;
    this.busyMs += busyMs;
  }

  snapshotDue(): boolean {
    if (this.units === 0) return false;
    return this.allowance(this.kind!) === 0 || this.now() - this.lastSyncAt >= SNAPSHOT_MS;
  }

  fullDue(): boolean {
    return this.now() - this.lastFullAt >= Math.max(FULL_SNAPSHOT_MS, this.fullCostMs / FULL_SHARE);
  }

  /**
   * A read-back that took `snapshotMs` has synchronised everything dispatched; `fullMs` is the
   * cost of a full snapshot's own part (null for a light one). Returns the busy time since the
   * previous sync (to share out among the models). `measure` is false for work that was not
   * continuous training (single steps), which would distort the rate.
   */
  synced(snapshotMs: number, fullMs: number | null, measure: boolean): number {
    const busy = this.busyMs + snapshotMs;
    if (measure && this.kind && this.units > 0) {
      const ms = busy / this.units;
      const prev = this.msPer[this.kind];
      this.msPer[this.kind] = prev === null ? ms : 0.7 * prev + 0.3 * ms;
    }
    this.units = 0;
    this.busyMs = 0;
    this.kind = null;
    this.lastSyncAt = this.now();
    if (fullMs !== null) {
      this.lastFullAt = this.lastSyncAt;
      this.fullCostMs = fullMs;
    }
    return busy;
  }

  /** A new run: rates of the old one say little about the new settings. */
  reset(): void {
    this.msPer.teacher = null;
    this.msPer.round = null;
    this.units = 0;
    this.busyMs = 0;
    this.kind = null;
    this.lastSyncAt = this.now();
    this.lastFullAt = -Infinity;
    this.fullCostMs = 0;
  }
}
