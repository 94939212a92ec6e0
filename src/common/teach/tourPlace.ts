/** A rectangle in viewport pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

type Size = { width: number; height: number };
type Pos = { left: number; top: number };

const GAP = 12;
const EDGE = 8;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));

const overlaps = (p: Pos, card: Size, b: Box) =>
  p.left < b.left + b.width && p.left + card.width > b.left && p.top < b.top + b.height && p.top + card.height > b.top;

/** The four places beside `b` (right, left, below, above), lined up with it and kept inside the window. */
function besides(b: Box, card: Size, view: Size): Pos[] {
  const vTop = clamp(b.top, EDGE, view.height - card.height - EDGE);
  const hLeft = clamp(b.left, EDGE, view.width - card.width - EDGE);
  const out: Pos[] = [];
  if (view.width - (b.left + b.width) - GAP - EDGE >= card.width) out.push({ left: b.left + b.width + GAP, top: vTop });
  if (b.left - GAP - EDGE >= card.width) out.push({ left: b.left - GAP - card.width, top: vTop });
  if (view.height - (b.top + b.height) - GAP - EDGE >= card.height) out.push({ left: hLeft, top: b.top + b.height + GAP });
  if (b.top - GAP - EDGE >= card.height) out.push({ left: hLeft, top: b.top - GAP - card.height });
  return out;
}

/**
 * Where the tour card goes: beside its target, never over it, and over none of the `avoid` boxes
 * either (what the step's text talks about). Tried in order: right of the target, left, below,
 * above; then beside each avoided box; then the window's corners. When nothing is free of them all,
 * the first place that keeps the target itself clear, else the bottom-right corner.
 */
export function placeBeside(target: Box, card: Size, view: Size, avoid: readonly Box[] = []): Pos {
  const corners: Pos[] = [
    { left: view.width - card.width - EDGE, top: view.height - card.height - EDGE },
    { left: EDGE, top: view.height - card.height - EDGE },
    { left: view.width - card.width - EDGE, top: EDGE },
    { left: EDGE, top: EDGE },
  ];
  const candidates = [...besides(target, card, view), ...avoid.flatMap((b) => besides(b, card, view)), ...corners];
  const clear = candidates.find((p) => !overlaps(p, card, target) && avoid.every((b) => !overlaps(p, card, b)));
  if (clear) return clear;
  return candidates.find((p) => !overlaps(p, card, target)) ?? corners[0];
}
