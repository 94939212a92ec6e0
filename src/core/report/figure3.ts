import { contours } from 'd3-contour';
import { geoPath } from 'd3-geo';
import type { GridSpec } from '../eval/grid';

/**
 * Figure 3 as a standalone SVG string: one panel per model, the decision regions of P(class 1)
 * as filled contours, the 0.5 boundary as a line, and the test points. Pure string building
 * (no DOM), so the Node CLI and the browser export share it. Labels come from our own code,
 * never from user input, and are escaped anyway.
 */
export interface Figure3Panel {
  title: string;
  subtitle: string;
  /** P(class 1) on the grid, row-major from the top row. */
  probs: Float32Array;
}

export interface Figure3Input {
  grid: GridSpec;
  panels: Figure3Panel[];
  points: { x: Float32Array; y: Int32Array };
  title?: string;
}

const CLASS_COLORS = ['#e66101', '#5e3c99'];
const LEVELS = [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Fill colour for the band above `level`: orange for class 0, purple for class 1. */
function bandColor(level: number): string {
  const t = Math.abs(level - 0.5) * 2; // 0 at the boundary, 1 at certainty
  const [r, g, b] = level < 0.5 ? [230, 97, 1] : [94, 60, 153];
  const mix = (v: number) => Math.round(255 - (255 - v) * (0.15 + 0.35 * t));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

function panelSvg(p: Figure3Panel, input: Figure3Input, ox: number, size: number): string {
  const { grid, points } = input;
  const n = grid.size;
  const k = size / n;
  // d3.contours works in grid units with y down; our grid rows also start at the top.
  const values = Array.from(p.probs);
  const path = geoPath();
  const bands = contours().size([n, n]).thresholds([0, ...LEVELS])(values);
  const fills = bands
    .map((c) => `<path d="${path(c) ?? ''}" fill="${c.value === 0 ? bandColor(0) : bandColor(c.value)}"/>`)
    .join('');
  const boundary = contours().size([n, n]).thresholds([0.5])(values)[0];
  const sx = (x: number) => ((x - grid.xMin) / (grid.xMax - grid.xMin)) * size;
  const sy = (y: number) => ((grid.yMax - y) / (grid.yMax - grid.yMin)) * size;
  const dots: string[] = [];
  for (let i = 0; i < points.y.length; i++) {
    const cx = sx(points.x[2 * i]);
    const cy = sy(points.x[2 * i + 1]);
    if (cx < 0 || cy < 0 || cx > size || cy > size) continue;
    dots.push(`<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="2" fill="${CLASS_COLORS[points.y[i]] ?? '#000'}" stroke="#fff" stroke-width="0.4"/>`);
  }
  return [
    `<g transform="translate(${ox},90)">`,
    `<text x="${size / 2}" y="-30" text-anchor="middle" font-size="18" font-weight="bold">${escapeXml(p.title)}</text>`,
    `<text x="${size / 2}" y="-10" text-anchor="middle" font-size="13">${escapeXml(p.subtitle)}</text>`,
    `<g transform="scale(${k})">${fills}<path d="${path(boundary) ?? ''}" fill="none" stroke="#111" stroke-width="${1.5 / k}"/></g>`,
    dots.join(''),
    `<rect width="${size}" height="${size}" fill="none" stroke="#444"/>`,
    `<text x="${size / 2}" y="${size + 20}" text-anchor="middle" font-size="12">x1 [${grid.xMin}, ${grid.xMax}]</text>`,
    `<text transform="translate(-10,${size / 2}) rotate(-90)" text-anchor="middle" font-size="12">x2 [${grid.yMin}, ${grid.yMax}]</text>`,
    `</g>`,
  ].join('');
}

export function figure3Svg(input: Figure3Input): string {
  const size = 420;
  const gap = 60;
  const width = gap + input.panels.length * (size + gap);
  const height = size + 140;
  const panels = input.panels.map((p, i) => panelSvg(p, input, gap + i * (size + gap), size)).join('');
  const title = input.title ? `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15">${escapeXml(input.title)}</text>` : '';
  const legend =
    `<g transform="translate(${gap},${height - 12})" font-size="12">` +
    `<circle r="4" fill="${CLASS_COLORS[0]}"/><text x="8" y="4">class 0</text>` +
    `<circle cx="80" r="4" fill="${CLASS_COLORS[1]}"/><text x="88" y="4">class 1</text>` +
    `<line x1="160" x2="190" stroke="#111" stroke-width="1.5"/><text x="196" y="4">decision boundary P = 0.5</text></g>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif"><rect width="100%" height="100%" fill="#fff"/>${title}${panels}${legend}</svg>`;
}
