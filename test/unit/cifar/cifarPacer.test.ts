import { describe, expect, it } from 'vitest';
import { FULL_SNAPSHOT_MS, SNAPSHOT_MS, TrainingPacer } from '../../../src/cifar/worker/pacer';

/** The CIFAR worker's cadence on a fake clock. */
function clocked() {
  let t = 0;
  const p = new TrainingPacer(() => t);
  return { p, advance: (ms: number) => (t += ms) };
}

describe('TrainingPacer', () => {
  it('one unit before the first sync; then about SNAPSHOT_MS of measured work between syncs', () => {
    const { p, advance } = clocked();
    expect(p.allowance('round')).toBe(1);
    advance(100);
    p.ran('round', 1, 100);
    expect(p.snapshotDue()).toBe(true);
    expect(p.synced(20, null, true)).toBe(120);
    expect(p.msPer.round).toBe(120);
    expect(p.allowance('round')).toBe(Math.floor(SNAPSHOT_MS / 120));
    // Teacher steps have their own rate.
    expect(p.allowance('teacher')).toBe(1);
  });

  it('rates are smoothed, and single steps do not count', () => {
    const { p } = clocked();
    p.ran('round', 2, 200);
    p.synced(0, null, true);
    p.ran('round', 1, 400);
    p.synced(0, null, true);
    expect(p.msPer.round).toBeCloseTo(0.7 * 100 + 0.3 * 400);
    p.ran('round', 1, 5000);
    p.synced(0, null, false);
    expect(p.msPer.round).toBeCloseTo(0.7 * 100 + 0.3 * 400);
  });

  it('full snapshots: every FULL_SNAPSHOT_MS, and never more than a fifth of the time', () => {
    const { p, advance } = clocked();
    expect(p.fullDue()).toBe(true);
    p.synced(50, 30, false);
    advance(FULL_SNAPSHOT_MS - 1);
    expect(p.fullDue()).toBe(false);
    advance(1);
    expect(p.fullDue()).toBe(true);
    p.synced(3000, 3000, false); // a software GPU
    advance(FULL_SNAPSHOT_MS);
    expect(p.fullDue()).toBe(false);
    advance(5 * 3000 - FULL_SNAPSHOT_MS);
    expect(p.fullDue()).toBe(true);
  });
});
