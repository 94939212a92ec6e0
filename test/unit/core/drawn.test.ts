import { describe, expect, it } from 'vitest';
import { checkFlatPoints, classCounts, drawnDataset, formatPoints, pointsText, trainable } from '../../../src/core/data/drawn';

describe('drawn toy data (issue 15)', () => {
  it('reads and prints "x,y,c;..." text, canonically', () => {
    const r = pointsText.safeParse(' -20,5.25,0; 30,-7,1 ');
    expect(r.success && r.data).toEqual([-20, 5.25, 0, 30, -7, 1]);
    expect(formatPoints([-20, 5.25, 0, 30, -7, 1])).toBe('-20,5.3,0;30,-7,1');
    expect(pointsText.parse('')).toEqual([]);
  });

  it('refuses bad text with a sentence', () => {
    for (const bad of ['1,2', '1,2,3', '1,2,0;x,1,1', '99,0,0', '1e3,0,0', 'Infinity,0,0']) {
      const r = pointsText.safeParse(bad);
      expect(r.success, bad).toBe(false);
    }
    expect(checkFlatPoints([0, 0, 2])[0]).toMatch(/class/);
    expect(checkFlatPoints(Array.from({ length: 3 * 201 }, () => 0))[0]).toMatch(/at most/);
  });

  it('builds a dataset whose train and test sets are the points', () => {
    const flat = [-20, 5, 0, 30, -7, 1, 10, 10, 1];
    expect(classCounts(flat)).toEqual([1, 2]);
    expect(trainable(flat)).toBe(true);
    expect(trainable([1, 1, 0])).toBe(false);
    const d = drawnDataset(flat);
    expect(Array.from(d.train.x)).toEqual([-20, 5, 30, -7, 10, 10]);
    expect(Array.from(d.train.y)).toEqual([0, 1, 1]);
    expect(d.test.n).toBe(3);
    expect(d.train.sampleShape).toEqual([2]);
  });
});
