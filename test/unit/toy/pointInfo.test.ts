import { describe, expect, it } from 'vitest';
import { distanceText, pointInfo, probAt } from '../../../src/toy/page/teach/pointInfo';
import type { ToyLabData } from '../../../src/toy/page/state/types';

const grid = { xMin: 0, xMax: 2, yMin: 0, yMax: 2, size: 2 };
// Row-major from the top row: top-left, top-right, bottom-left, bottom-right.
const probs = new Float32Array([0.1, 0.9, 0.3, 0.8]);

describe('hover card', () => {
  it('reads the heatmap cell holding a point', () => {
    expect(probAt(grid, probs, 0.5, 1.5)).toBeCloseTo(0.1);
    expect(probAt(grid, probs, 1.5, 1.5)).toBeCloseTo(0.9);
    expect(probAt(grid, probs, 0.5, 0.5)).toBeCloseTo(0.3);
    expect(probAt(grid, probs, 3, 0.5)).toBeNull();
  });

  it('gives class, predictions, confidences and distances per model', () => {
    const s = {
      session: { id: 4, test: { x: new Float32Array([0.5, 1.5, 1.5, 0.5]), y: new Int32Array([0, 1]) } },
      frame: { grid, models: { vanilla: { probs }, pag: { probs: new Float32Array([0.6, 0.6, 0.6, 0.6]) } } },
      attack: { result: { session: 4 }, sweep: { epsList: [1, 2], models: { vanilla: { distances: new Float32Array([1, 0]) }, pag: { distances: new Float32Array([Infinity, 2]) } } } },
    } as unknown as ToyLabData;
    const a = pointInfo(s, 0)!;
    expect(a.label).toBe(0);
    expect(a.models.vanilla).toEqual({ predicted: 0, confidence: expect.closeTo(0.9, 5), distance: 1 });
    expect(a.models.pag).toEqual({ predicted: 1, confidence: expect.closeTo(0.6, 5), distance: Infinity });
    expect(pointInfo(s, 1)!.models.vanilla).toMatchObject({ predicted: 1, distance: 0 });
    expect(pointInfo(s, 2)).toBeNull();
    // A sweep of another run is not used.
    const stale = { ...s, attack: { ...s.attack, result: { session: 3 } } } as unknown as ToyLabData;
    expect(pointInfo(stale, 0)!.models.vanilla.distance).toBeNull();
    expect(distanceText(null, null)).toBe('attack to measure');
    expect(distanceText(0, 2)).toBe('misclassified already');
    expect(distanceText(Infinity, 15)).toBe('more than ε 15');
    expect(distanceText(1.23456, 15)).toBe('ε ≤ 1.23');
  });
});
