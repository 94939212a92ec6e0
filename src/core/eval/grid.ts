import * as tf from '@tensorflow/tfjs';
import type { ScoreFn } from '../pag/inputGradients';

export interface GridSpec {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  /** Cells per side. */
  size: number;
}

/** Cell centres of the grid, row-major from the top row (yMax) down: [size*size, 2]. */
export function gridPoints(g: GridSpec): Float32Array {
  const pts = new Float32Array(g.size * g.size * 2);
  for (let r = 0; r < g.size; r++) {
    const y = g.yMax - ((r + 0.5) / g.size) * (g.yMax - g.yMin);
    for (let c = 0; c < g.size; c++) {
      const x = g.xMin + ((c + 0.5) / g.size) * (g.xMax - g.xMin);
      pts[2 * (r * g.size + c)] = x;
      pts[2 * (r * g.size + c) + 1] = y;
    }
  }
  return pts;
}

/** Softmax probability of class 1 at every grid cell (two-class toy models), same order as gridPoints. */
export async function boundaryGrid(logitsOf: ScoreFn, g: GridSpec): Promise<Float32Array> {
  const p = tf.tidy(() => {
    const logits = logitsOf(tf.tensor2d(gridPoints(g), [g.size * g.size, 2]));
    return tf.softmax(logits).slice([0, 1], [-1, 1]).reshape([-1]);
  });
  const out = (await p.data()) as Float32Array;
  p.dispose();
  return Float32Array.from(out);
}
