import { describe, expect, it } from 'vitest';
import { offScreen, placeBeside, placeWaiting, scrollToFit, type Box } from '../../../src/common/teach/tourPlace';

const view = { width: 1280, height: 720 };
const card = { width: 350, height: 200 };

const covers = (p: { left: number; top: number }, b: Box) =>
  p.left < b.left + b.width && p.left + card.width > b.left && p.top < b.top + b.height && p.top + card.height > b.top;
const inside = (p: { left: number; top: number }) => p.left >= 0 && p.top >= 0 && p.left + card.width <= view.width && p.top + card.height <= view.height;

describe('placeBeside (the tour card next to its target)', () => {
  it('goes right of a small target, lined up with it', () => {
    const target = { left: 200, top: 10, width: 46, height: 46 };
    expect(placeBeside(target, card, view)).toEqual({ left: 258, top: 10 });
  });

  it('goes left of a target at the right edge, below a full-width one', () => {
    const right = { left: 1100, top: 300, width: 160, height: 40 };
    const p = placeBeside(right, card, view);
    expect(p.left + card.width).toBeLessThanOrEqual(right.left);
    const wide = { left: 14, top: 100, width: 1252, height: 200 };
    const q = placeBeside(wide, card, view);
    expect(q.top).toBeGreaterThanOrEqual(wide.top + wide.height);
  });

  it('never covers the target nor what it is asked to keep clear, and stays in the window', () => {
    for (let i = 0; i < 200; i++) {
      const target = { left: (i * 37) % 1200, top: (i * 53) % 680, width: 20 + ((i * 7) % 300), height: 20 + ((i * 11) % 200) };
      const avoid = [{ left: (i * 91) % 900, top: (i * 29) % 500, width: 300, height: 150 }];
      const p = placeBeside(target, card, view, avoid);
      expect(inside(p)).toBe(true);
      if (target.width + card.width + 40 < view.width || target.height + card.height + 40 < view.height) expect(covers(p, target)).toBe(false);
    }
  });

  it('keeps clear of the boxes the step talks about where there is room', () => {
    const play = { left: 156, top: 8, width: 46, height: 46 };
    const vanilla = { left: 268, top: 120, width: 330, height: 400 };
    const p = placeBeside(play, card, view, [vanilla]);
    expect(covers(p, play)).toBe(false);
    expect(covers(p, vanilla)).toBe(false);
  });
});

describe('scrollToFit (a target off screen comes into view, with room for the card beside it)', () => {
  const far = { up: 0, down: 5000 };
  const shift = (b: Box, dy: number): Box => ({ ...b, top: b.top - dy });

  it('does not scroll when the card already has a free place beside the target', () => {
    expect(scrollToFit({ left: 200, top: 100, width: 46, height: 46 }, card, view, [], far)).toBe(0);
  });

  it('brings a target below the window into view, the card beside it, clear of what it talks about', () => {
    // A chart in the left half below the fold, its neighbour on the right kept clear: the card goes above or below it.
    const chart = { left: 14, top: 1200, width: 600, height: 320 };
    const histogram = { left: 624, top: 1200, width: 600, height: 320 };
    const dy = scrollToFit(chart, card, view, [histogram], far);
    expect(dy).toBeGreaterThan(0);
    const seen = shift(chart, dy);
    expect(seen.top).toBeGreaterThanOrEqual(0);
    expect(seen.top + seen.height).toBeLessThanOrEqual(view.height);
    const p = placeBeside(seen, card, view, [shift(histogram, dy)]);
    expect(covers(p, seen)).toBe(false);
    expect(covers(p, shift(histogram, dy))).toBe(false);
    // Beside: within a gap's reach of the chart, above or below it.
    expect(Math.min(Math.abs(p.top + card.height - seen.top), Math.abs(p.top - (seen.top + seen.height)))).toBeLessThanOrEqual(24);
  });

  it('scrolls a little to make room below a control whose sides are taken', () => {
    const select = { left: 349, top: 571, width: 82, height: 21 };
    const panel = { left: 252, top: 121, width: 374, height: 439 };
    const small = { width: 1024, height: 768 };
    const dy = scrollToFit(select, { width: 350, height: 228 }, small, [panel], far);
    expect(dy).toBeGreaterThan(0);
    expect(dy).toBeLessThan(150);
  });

  it('scrolls up to a target above the window; never past the page', () => {
    const up = scrollToFit({ left: 200, top: -400, width: 46, height: 46 }, card, view, [], { up: 1000, down: 0 });
    expect(up).toBeLessThan(-390);
    expect(scrollToFit({ left: 200, top: 1500, width: 46, height: 46 }, card, view, [], { up: 0, down: 300 })).toBe(300);
  });

  it('puts a target taller than the window at its top', () => {
    expect(scrollToFit({ left: 0, top: 900, width: 1280, height: 2000 }, card, view, [], far)).toBeCloseTo(890, 0);
  });
});

describe('placeWaiting (no target on the page yet)', () => {
  it('centres the card under the top bar', () => {
    expect(placeWaiting(card, view, 60)).toEqual({ left: 465, top: 68 });
    // The bar scrolled away: under the window's top edge.
    expect(placeWaiting(card, view, -100).top).toBe(8);
  });
});

describe('offScreen', () => {
  const view = { width: 1000, height: 700 };
  it('a target within the window is on screen; one a pixel past the rounding slack is not', () => {
    expect(offScreen({ left: 0, top: 100, width: 50, height: 600 }, view)).toBe(false);
    expect(offScreen({ left: 0, top: 102, width: 50, height: 600 }, view)).toBe(true);
    expect(offScreen({ left: 0, top: -2, width: 50, height: 100 }, view)).toBe(true);
  });
  it('a target taller than the window counts as on screen while any of it shows', () => {
    expect(offScreen({ left: 0, top: -300, width: 50, height: 900 }, view)).toBe(false);
    expect(offScreen({ left: 0, top: 701, width: 50, height: 900 }, view)).toBe(true);
    expect(offScreen({ left: 0, top: -1000, width: 50, height: 900 }, view)).toBe(true);
  });
});
