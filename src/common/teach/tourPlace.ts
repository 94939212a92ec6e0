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

/** The first place beside the target (right, left, below, above) that covers neither it nor an avoided box. */
function besideClear(target: Box, card: Size, view: Size, avoid: readonly Box[]): Pos | undefined {
  return besides(target, card, view).find((p) => !overlaps(p, card, target) && avoid.every((b) => !overlaps(p, card, b)));
}

const shifted = (b: Box, dy: number): Box => ({ ...b, top: b.top - dy });

/**
 * How far to scroll the page (down > 0, within `range`) as a step begins, so that its target is on
 * screen with a free place for the card beside it. 0 when it has one already; else the smallest
 * scroll that gives one (room for the card to the side, below or above the target); else the
 * scroll that just brings the target into view (its top at the edge when it is taller than the window).
 */
export function scrollToFit(target: Box, card: Size, view: Size, avoid: readonly Box[], range: { up: number; down: number }): number {
  const clampScroll = (dy: number) => Math.max(-range.up, Math.min(dy, range.down));
  // The scroll that brings the band [top, bottom] into view, as little as possible (2 px to spare
  // for the browser's rounding of scroll positions).
  const room = EDGE + 2;
  const bring = (top: number, bottom: number) => (top < EDGE || bottom - top > view.height - 2 * room ? top - room : bottom > view.height - EDGE ? bottom - (view.height - room) : 0);
  const bottom = target.top + target.height;
  const into = clampScroll(bring(target.top, bottom));
  const tries = [0, into, bring(target.top, bottom + GAP + card.height), bring(target.top - GAP - card.height, bottom)].map(clampScroll);
  const onScreen = (dy: number) => target.top - dy >= 0 && bottom - dy <= view.height;
  const fits = tries.filter((dy) => onScreen(dy) && besideClear(shifted(target, dy), card, view, avoid.map((b) => shifted(b, dy))));
  return fits.length ? fits.reduce((a, b) => (Math.abs(b) < Math.abs(a) ? b : a)) : into;
}

/** Whether the target is off the window: any part of it, or, when it is taller than the window, all of it (1 px spared for rounding). */
export function offScreen(target: Box, view: Size): boolean {
  const bottom = target.top + target.height;
  return target.height > view.height ? target.top > view.height || bottom < 0 : target.top < -1 || bottom > view.height + 1;
}

/** Where the card waits while its step's target is not on the page yet: centred under the top bar (`barBottom`). */
export function placeWaiting(card: Size, view: Size, barBottom: number): Pos {
  return { left: Math.round(clamp((view.width - card.width) / 2, EDGE, view.width - card.width - EDGE)), top: Math.round(clamp(Math.max(0, barBottom) + EDGE, EDGE, view.height - card.height - EDGE)) };
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
