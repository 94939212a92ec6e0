import { axisBottom, axisLeft, contours, geoIdentity, geoPath, select } from 'd3';
import type { Norm, PointSet } from '../../contract/protocol';
import { CLASS_COLORS } from './colors';
import { S, type Scales } from './geometry';

/**
 * D3 drawing of the boundary plot's SVG layers. Each function owns one <g> (already translated
 * to the plot area) and redraws it from data with a keyed join; React decides when to call it.
 */
type G = SVGGElement;

export function drawAxes(g: G, sc: Scales): void {
  const root = select(g);
  root.selectAll('*').remove();
  root.append('g').attr('transform', `translate(0,${S})`).call(axisBottom(sc.x).ticks(5).tickSizeOuter(0));
  root.append('g').call(axisLeft(sc.y).ticks(5).tickSizeOuter(0));
  root.append('text').attr('x', S / 2).attr('y', S + 30).attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', '#374151').text('x₁');
  root.append('text').attr('transform', `translate(-34,${S / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('font-size', 12).attr('fill', '#374151').text('x₂');
  root.selectAll('.tick text').attr('font-size', 11);
}

/** The decision boundary P(class 1) = 0.5, by marching squares on the heatmap grid. */
export function drawBoundary(g: G, probs: Float32Array | null, n: number): void {
  const paths: string[] = [];
  if (probs && probs.length === n * n) {
    const [c] = contours().size([n, n]).thresholds([0.5])(Array.from(probs));
    // Grid units -> plot units; cell centres sit at half-integers in both.
    const d = geoPath(geoIdentity().scale(S / n))(c);
    if (d) paths.push(d);
  }
  select(g)
    .selectAll('path')
    .data(paths)
    .join('path')
    .attr('d', (d) => d)
    .attr('fill', 'none')
    .attr('stroke', '#111827')
    .attr('stroke-width', 2);
}

export function drawTestPoints(g: G, test: PointSet | null, sc: Scales, selected: number[], visible: boolean): void {
  const idx = test && visible ? Array.from({ length: test.y.length }, (_, i) => i) : [];
  select(g)
    .selectAll<SVGCircleElement, number>('circle')
    .data(idx)
    .join('circle')
    .attr('cx', (i) => sc.x(test!.x[2 * i]))
    .attr('cy', (i) => sc.y(test!.x[2 * i + 1]))
    .attr('r', 3.2)
    .attr('fill', (i) => CLASS_COLORS[test!.y[i]] ?? '#000')
    .attr('stroke', '#fff')
    .attr('stroke-width', 1);
  // Chosen points: a ring drawn even when the test points are hidden.
  const sel = test ? selected.filter((i) => i < test.y.length) : [];
  select(g)
    .selectAll<SVGCircleElement, number>('circle.sel')
    .data(sel, (i) => String(i))
    .join('circle')
    .attr('class', 'sel')
    .attr('cx', (i) => sc.x(test!.x[2 * i]))
    .attr('cy', (i) => sc.y(test!.x[2 * i + 1]))
    .attr('r', 7)
    .attr('fill', 'none')
    .attr('stroke', '#111827')
    .attr('stroke-width', 2);
}

export interface ArrowLayer {
  /** Anchors, flat [n, 2]. */
  points: Float32Array;
  /** [C, n, 2] vectors; drawn as unit directions (the cosine is what PAG aligns). */
  vectors: Float32Array;
  classes: number[];
  /** One colour per class, or one for all. */
  color: (c: number) => string;
  width: number;
  /** Length in plot units. */
  length: number;
  /** Arrowhead marker id per class. */
  marker: (c: number) => string;
}

export function drawArrows(g: G, layers: ArrowLayer[], sc: Scales): void {
  const lines: { x1: number; y1: number; x2: number; y2: number; color: string; width: number; marker: string }[] = [];
  for (const L of layers) {
    const n = L.points.length / 2;
    for (const c of L.classes) {
      for (let i = 0; i < n; i++) {
        const vx = L.vectors[(c * n + i) * 2];
        const vy = L.vectors[(c * n + i) * 2 + 1];
        const norm = Math.hypot(vx, vy);
        if (!(norm > 1e-12)) continue; // dead ReLUs: no direction to show
        const x = sc.x(L.points[2 * i]);
        const y = sc.y(L.points[2 * i + 1]);
        lines.push({ x1: x, y1: y, x2: x + (L.length * vx) / norm, y2: y - (L.length * vy) / norm, color: L.color(c), width: L.width, marker: L.marker(c) });
      }
    }
  }
  select(g)
    .selectAll('line')
    .data(lines)
    .join('line')
    .attr('x1', (d) => d.x1)
    .attr('y1', (d) => d.y1)
    .attr('x2', (d) => d.x2)
    .attr('y2', (d) => d.y2)
    .attr('stroke', (d) => d.color)
    .attr('stroke-width', (d) => d.width)
    .attr('marker-end', (d) => `url(#${d.marker})`);
}

export interface TrajectoryLayer {
  /** (steps + 1) blocks of flat [n, 2]. */
  trajectories: Float32Array;
  n: number;
  selected: number[];
  /** Draw iterates 0..upTo. */
  upTo: number;
  steps: number;
  predictions: Int32Array;
  labels: Int32Array;
  eps: number;
  norm: Norm;
}

/** PGD paths of the chosen test points, their eps-balls, and where each path has got to. */
export function drawTrajectories(g: G, t: TrajectoryLayer | null, sc: Scales): void {
  const sel = t ? t.selected.filter((i) => i < t.n) : [];
  const at = (i: number, k: number): [number, number] => [
    sc.x(t!.trajectories[(k * t!.n + i) * 2]),
    sc.y(t!.trajectories[(k * t!.n + i) * 2 + 1]),
  ];
  const root = select(g);
  const r = t ? t.eps * sc.k : 0;
  root
    .selectAll<SVGRectElement, number>('rect.ball')
    .data(sel, (i) => String(i))
    .join('rect')
    .attr('class', 'ball')
    .attr('x', (i) => at(i, 0)[0] - r)
    .attr('y', (i) => at(i, 0)[1] - r)
    .attr('width', 2 * r)
    .attr('height', 2 * r)
    // An L2 ball is a circle: a rect with full corner radius; L-inf is the square itself.
    .attr('rx', t?.norm === 'l2' ? r : 0)
    .attr('fill', 'rgba(17,24,39,0.04)')
    .attr('stroke', '#111827')
    .attr('stroke-dasharray', '3 3')
    .attr('stroke-width', 1);
  root
    .selectAll<SVGPolylineElement, number>('polyline')
    .data(sel, (i) => String(i))
    .join('polyline')
    .attr('points', (i) => Array.from({ length: t!.upTo + 1 }, (_, k) => at(i, k).join(',')).join(' '))
    .attr('fill', 'none')
    .attr('stroke', '#111827')
    .attr('stroke-width', 1.6);
  const done = t ? t.upTo >= t.steps : false;
  root
    .selectAll<SVGCircleElement, number>('circle.head')
    .data(sel, (i) => String(i))
    .join('circle')
    .attr('class', 'head')
    .attr('cx', (i) => at(i, t!.upTo)[0])
    .attr('cy', (i) => at(i, t!.upTo)[1])
    .attr('r', 4.5)
    // At the end: the class the model now predicts; a red ring marks a successful attack.
    .attr('fill', (i) => (done ? CLASS_COLORS[t!.predictions[i]] : '#fff'))
    .attr('stroke', (i) => (done && t!.predictions[i] !== t!.labels[i] ? '#dc2626' : '#111827'))
    .attr('stroke-width', (i) => (done && t!.predictions[i] !== t!.labels[i] ? 3 : 1.5));
}
