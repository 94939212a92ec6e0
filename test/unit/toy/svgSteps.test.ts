import { describe, expect, it } from 'vitest';
import { lengthOf, paintOf, pointsOf } from '../../../src/toy/page/lecture/svgSteps';

// The attribute readers of the recorder's overlay drawing (the drawing itself is checked in
// Chromium by e2e/lecture/record.spec.ts, which decodes a recorded frame).
describe('svgOverlay attribute readers', () => {
  it('paints: none and transparent paint nothing, currentColor is the light theme text grey', () => {
    expect(paintOf('none')).toBeNull();
    expect(paintOf('transparent')).toBeNull();
    expect(paintOf('')).toBeNull();
    expect(paintOf('currentColor')).toBe('#374151');
    expect(paintOf('#e66101')).toBe('#e66101');
  });

  it('lengths: plain numbers, em relative to the font size (d3 tick labels), missing = 0', () => {
    expect(lengthOf('9', 11)).toBe(9);
    expect(lengthOf('0.71em', 10)).toBeCloseTo(7.1);
    expect(lengthOf(null, 11)).toBe(0);
    expect(lengthOf('junk', 11)).toBe(0);
  });

  it('points: comma or space separated, junk dropped', () => {
    expect(pointsOf('1,2 3,4')).toEqual([1, 2, 3, 4]);
    expect(pointsOf(' 1 2  3 4 ')).toEqual([1, 2, 3, 4]);
    expect(pointsOf('3 3')).toEqual([3, 3]);
    expect(pointsOf(null)).toEqual([]);
  });
});
