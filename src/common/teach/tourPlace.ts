/** A rectangle in viewport pixels. */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const GAP = 12;
const EDGE = 8;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, Math.max(lo, hi)));

/**
 * Where the tour card goes: beside its target, never over it. Right of it if there is room, else
 * left, else below, else above (each lined up with the target and kept inside the window). When
 * the target leaves no room on any side (it fills the window), the card goes to the window's
 * bottom-right corner.
 */
export function placeBeside(target: Box, card: { width: number; height: number }, view: { width: number; height: number }): { left: number; top: number } {
  const right = target.left + target.width;
  const bottom = target.top + target.height;
  const vTop = clamp(target.top, EDGE, view.height - card.height - EDGE);
  const hLeft = clamp(target.left, EDGE, view.width - card.width - EDGE);
  if (view.width - right - GAP - EDGE >= card.width) return { left: right + GAP, top: vTop };
  if (target.left - GAP - EDGE >= card.width) return { left: target.left - GAP - card.width, top: vTop };
  if (view.height - bottom - GAP - EDGE >= card.height) return { left: hLeft, top: bottom + GAP };
  if (target.top - GAP - EDGE >= card.height) return { left: hLeft, top: target.top - GAP - card.height };
  return { left: view.width - card.width - EDGE, top: view.height - card.height - EDGE };
}
