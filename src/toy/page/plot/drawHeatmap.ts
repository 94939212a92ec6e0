import type { GridSpec, PlotBounds, PointSet } from '../../contract/protocol';
import { CLASS_COLORS, HEAT_LUT } from './colors';
import { CANVAS_PX } from './geometry';

let cells: HTMLCanvasElement | null = null;

/**
 * 2-D contexts kept on the CPU (willReadFrequently): for canvases this small, software drawing is
 * cheap, whereas a GPU-backed canvas makes the main thread wait on the GPU process at every
 * upload. On a CPU-emulated GPU (SwiftShader) those waits were long tasks of 0.1-2 s.
 */
export function context2d(c: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return c.getContext('2d', { willReadFrequently: true });
}

/** A canvas holding the grid at one pixel per cell, reused between frames. */
function cellCanvas(probs: Float32Array, n: number): HTMLCanvasElement {
  cells ??= document.createElement('canvas');
  if (cells.width !== n) {
    cells.width = n;
    cells.height = n;
  }
  const ctx = context2d(cells)!;
  const img = ctx.createImageData(n, n);
  for (let i = 0; i < n * n; i++) {
    const j = 4 * Math.max(0, Math.min(255, Math.round(probs[i] * 255)));
    img.data[4 * i] = HEAT_LUT[j];
    img.data[4 * i + 1] = HEAT_LUT[j + 1];
    img.data[4 * i + 2] = HEAT_LUT[j + 2];
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return cells;
}

/** The training points, drawn once per data set (6,000 circles are too many to redraw per frame). */
const pointLayers = new WeakMap<PointSet, HTMLCanvasElement>();

function pointsCanvas(train: PointSet, b: PlotBounds): HTMLCanvasElement {
  const cached = pointLayers.get(train);
  if (cached) return cached;
  const c = document.createElement('canvas');
  c.width = CANVAS_PX;
  c.height = CANVAS_PX;
  const ctx = context2d(c)!;
  const sx = CANVAS_PX / (b.xMax - b.xMin);
  const sy = CANVAS_PX / (b.yMax - b.yMin);
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  for (let i = 0; i < train.y.length; i++) {
    ctx.beginPath();
    ctx.arc((train.x[2 * i] - b.xMin) * sx, (b.yMax - train.x[2 * i + 1]) * sy, 1.9, 0, 2 * Math.PI);
    ctx.fillStyle = CLASS_COLORS[train.y[i]] ?? '#000';
    ctx.fill();
    ctx.stroke();
  }
  pointLayers.set(train, c);
  return c;
}

/**
 * The decision heatmap (P(class 1) per cell, rows from the top, smoothed when scaled up, as in
 * TensorFlow Playground) with the training points on top. `faded` lightens the heatmap so that
 * arrows drawn over it stay readable.
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  probs: Float32Array | null,
  grid: GridSpec | null,
  train: PointSet | null,
  bounds: PlotBounds | null,
  faded: boolean,
): void {
  const ctx = context2d(canvas);
  if (!ctx) return;
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, CANVAS_PX, CANVAS_PX);
  if (probs && grid) {
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'medium';
    ctx.globalAlpha = faded ? 0.45 : 1;
    ctx.drawImage(cellCanvas(probs, grid.size), 0, 0, CANVAS_PX, CANVAS_PX);
    ctx.globalAlpha = 1;
  }
  if (train && bounds) ctx.drawImage(pointsCanvas(train, bounds), 0, 0);
}
