/**
 * A toy dataset from points a person placed by hand (issue 15: "draw your own data"). The points
 * are both the training and the test set (there is nothing else to test on), on a fixed square
 * plane. Points travel as text, "x,y,c;x,y,c;..." (one decimal place), in links and saved runs.
 */
import { z } from 'zod';
import type { SplitDataset } from './dataset';
import type { PlotBounds } from './toy';

/** The drawing plane: the same scale as the generated toy data (tens of units). */
export const DRAW_BOUNDS: PlotBounds = { xMin: -50, xMax: 50, yMin: -50, yMax: 50 };
/** At most this many points (a link must stay short enough to share). */
export const MAX_DRAWN_POINTS = 200;

export interface DrawnPoint {
  x: number;
  y: number;
  /** The class, 0 or 1. */
  c: 0 | 1;
}

/** Points as flat triples, the form the engine's settings carry: [x0, y0, c0, x1, y1, c1, ...]. */
export type FlatPoints = readonly number[];

export const flatOf = (points: readonly DrawnPoint[]): number[] => points.flatMap((p) => [p.x, p.y, p.c]);
export const pointsOf = (flat: FlatPoints): DrawnPoint[] => {
  const out: DrawnPoint[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) out.push({ x: flat[i], y: flat[i + 1], c: flat[i + 2] === 1 ? 1 : 0 });
  return out;
};

/** How many points of each class. */
export function classCounts(flat: FlatPoints): [number, number] {
  const n: [number, number] = [0, 0];
  for (let i = 2; i < flat.length; i += 3) n[flat[i] === 1 ? 1 : 0]++;
  return n;
}

/** A model can train on the points: at least one of each class. */
export const trainable = (flat: FlatPoints): boolean => {
  const [a, b] = classCounts(flat);
  return a > 0 && b > 0;
};

const round1 = (v: number) => Math.round(v * 10) / 10;
/** A coordinate as drawn: rounded to 0.1 and kept on the plane. */
export const clampToPlane = (v: number) => round1(Math.min(DRAW_BOUNDS.xMax, Math.max(DRAW_BOUNDS.xMin, v)));

/** Every problem with flat points, in words; empty when they are fine. */
export function checkFlatPoints(flat: unknown): string[] {
  if (!Array.isArray(flat)) return ['drawn points must be a list'];
  if (flat.length % 3 !== 0) return ['drawn points must be x, y, class triples'];
  if (flat.length / 3 > MAX_DRAWN_POINTS) return [`at most ${MAX_DRAWN_POINTS} drawn points`];
  for (let i = 0; i < flat.length; i += 3) {
    const [x, y, c] = [flat[i], flat[i + 1], flat[i + 2]];
    const inPlane = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= DRAW_BOUNDS.xMin && v <= DRAW_BOUNDS.xMax;
    if (!inPlane(x) || !inPlane(y)) return [`drawn point ${i / 3 + 1} is off the plane (-50 to 50)`];
    if (c !== 0 && c !== 1) return [`drawn point ${i / 3 + 1} has class ${String(c)} (0 or 1)`];
  }
  return [];
}

/** Text "x,y,c;x,y,c" to flat points: the schema of the settings table's `points` row. */
export const pointsText: z.ZodType<number[], string> = z.string().transform((text, ctx) => {
  const t = text.trim();
  if (t === '') return [];
  const flat: number[] = [];
  for (const part of t.split(';')) {
    const bits = part.split(',');
    if (bits.length !== 3 || !bits.every((b) => /^[+-]?(\d+\.?\d*|\.\d+)$/.test(b.trim()))) {
      ctx.addIssue({ code: 'custom', message: 'is not a list of x,y,class points separated by ;' });
      return z.NEVER;
    }
    flat.push(...bits.map((b) => Number(b)));
  }
  const problems = checkFlatPoints(flat);
  if (problems.length) {
    ctx.addIssue({ code: 'custom', message: `has a problem: ${problems[0]}` });
    return z.NEVER;
  }
  return flat;
});

/** Flat points as the text pointsText reads. */
export const formatPoints = (flat: FlatPoints): string => pointsOf(flat).map((p) => `${round1(p.x)},${round1(p.y)},${p.c}`).join(';');

/** The dataset of the drawn points: train = test = the points, in the order drawn. */
export function drawnDataset(flat: FlatPoints): SplitDataset {
  const pts = pointsOf(flat);
  const x = new Float32Array(pts.length * 2);
  const y = new Int32Array(pts.length);
  pts.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    y[i] = p.c;
  });
  const d = { x, y, n: pts.length, sampleShape: [2], numClasses: 2, classNames: ['class 0', 'class 1'] };
  return { train: d, test: { ...d, x: x.slice(), y: y.slice() } };
}
