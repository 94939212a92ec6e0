import { create } from 'zustand';
import { clampToPlane, flatOf, formatPoints, pointsOf, type DrawnPoint } from '../../../core/data/drawn';
import { drawnPointsOf } from '../state/settings';
import { toyLab, useToyLab } from '../state/store';

/** Drawing your own data (issue 15): the class the next click adds. */
export const useDrawClass = create<{ cls: 0 | 1 }>()(() => ({ cls: 0 }));

/** The drawn points of the settings on screen. */
export const drawnPoints = (): DrawnPoint[] => pointsOf(drawnPointsOf(useToyLab.getState().settings.points));

const commit = (points: DrawnPoint[]) => toyLab.setDrawPoints(formatPoints(flatOf(points)));

/** Adds a point of the chosen class at data coordinates (x, y). */
export function addPoint(x: number, y: number): void {
  commit([...drawnPoints(), { x: clampToPlane(x), y: clampToPlane(y), c: useDrawClass.getState().cls }]);
}

export function movePoint(i: number, x: number, y: number): void {
  commit(drawnPoints().map((p, j) => (j === i ? { ...p, x: clampToPlane(x), y: clampToPlane(y) } : p)));
}

export function removePoint(i: number): void {
  commit(drawnPoints().filter((_, j) => j !== i));
}

export function clearPoints(): void {
  commit([]);
}

/** The drawn point nearest to (x, y) within `radius` data units, or -1. */
export function nearestDrawn(points: readonly DrawnPoint[], x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  points.forEach((p, i) => {
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}
