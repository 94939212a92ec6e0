import { describe, expect, it } from 'vitest';
import { placeBeside, type Box } from '../../../src/common/teach/tourPlace';

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
