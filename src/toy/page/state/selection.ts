/**
 * The test points whose attack trajectories are shown before anyone clicks: spread over the data
 * by farthest-point sampling (deterministic), so every mode of the toy set gets one.
 */
export function spreadPoints(x: Float32Array, count: number): number[] {
  const n = x.length / 2;
  if (n === 0) return [];
  // Start from the point nearest the centroid-free corner (smallest x + y): stable across seeds.
  let first = 0;
  for (let i = 1; i < n; i++) if (x[2 * i] + x[2 * i + 1] < x[2 * first] + x[2 * first + 1]) first = i;
  const chosen = [first];
  const dist = new Float64Array(n).fill(Infinity);
  while (chosen.length < Math.min(count, n)) {
    const last = chosen[chosen.length - 1];
    let best = -1;
    for (let i = 0; i < n; i++) {
      const d = (x[2 * i] - x[2 * last]) ** 2 + (x[2 * i + 1] - x[2 * last + 1]) ** 2;
      if (d < dist[i]) dist[i] = d;
      if (best < 0 || dist[i] > dist[best]) best = i;
    }
    chosen.push(best);
  }
  return chosen;
}

/** The test point nearest (x, y) within `radius` data units, or -1. */
export function nearestPoint(points: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < points.length / 2; i++) {
    const d = (points[2 * i] - x) ** 2 + (points[2 * i + 1] - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
