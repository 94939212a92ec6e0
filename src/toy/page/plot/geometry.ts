import { scaleLinear, type ScaleLinear } from 'd3';
import type { PlotBounds } from '../../contract/protocol';

/**
 * The boundary plot's coordinate system: a square plot area of S x S units inside an SVG of
 * W x H (the rest is axes). The canvas under the SVG covers exactly the plot area; CSS scales
 * both together, so drawing code never measures the screen.
 */
export const MARGIN = { left: 44, top: 8, right: 10, bottom: 34 };
export const S = 350;
export const W = MARGIN.left + S + MARGIN.right;
export const H = MARGIN.top + S + MARGIN.bottom;
/** Canvas pixels per side (about 1.5x the on-screen size on a 1280-wide screen: crisp, cheap). */
export const CANVAS_PX = 512;

export interface Scales {
  x: ScaleLinear<number, number>;
  y: ScaleLinear<number, number>;
  /** Data units to plot units (the bounds are square, so one factor serves both axes). */
  k: number;
}

/** Data -> plot-area coordinates (origin at the plot's top-left, y up in data, down on screen). */
export function scalesOf(b: PlotBounds): Scales {
  return {
    x: scaleLinear().domain([b.xMin, b.xMax]).range([0, S]),
    y: scaleLinear().domain([b.yMin, b.yMax]).range([S, 0]),
    k: S / (b.xMax - b.xMin),
  };
}
