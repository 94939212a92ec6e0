import { describe, expect, it } from 'vitest';
import { MAX_SNAPSHOT_MS, MAX_SNAPSHOT_SHARE, Pacer, SNAPSHOT_MS } from '../../../src/toy/worker/pacer';

/** The Toy Lab's pacer (src/toy/worker/pacer.ts) on a fake clock. */
function pacerAt(limit: number | null, snapshotMs: number) {
  let t = 0;
  const p = new Pacer(() => t);
  p.setLimit(limit, 0);
  t += 100;
  p.snapshotTaken(10, true, snapshotMs);
  return p;
}

describe('Toy Lab pacer', () => {
  it('cheap snapshots come every SNAPSHOT_MS at any speed', () => {
    expect(pacerAt(null, 5).interval()).toBe(SNAPSHOT_MS);
    expect(pacerAt(500, 5).interval()).toBe(SNAPSHOT_MS);
  });
  it('at full speed, snapshots take at most MAX_SNAPSHOT_SHARE of the time; with a rate limit, 1.5x their cost apart', () => {
    const cost = 30;
    const full = pacerAt(null, cost).interval();
    expect(cost / (cost + full)).toBeCloseTo(MAX_SNAPSHOT_SHARE, 6);
    expect(pacerAt(500, cost).interval()).toBe(SNAPSHOT_MS);
    expect(pacerAt(500, 100).interval()).toBe(150);
    expect(pacerAt(null, 5000).interval()).toBe(MAX_SNAPSHOT_MS);
  });
});
