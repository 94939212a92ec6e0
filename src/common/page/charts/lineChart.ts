import { axisBottom, axisLeft, line, max, min, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';

/**
 * A small D3 line chart for both labs, redrawn from scratch on each call (a few series of a few
 * hundred points: cheaper than diffing). Chart components pick series and options; this draws them.
 */
export interface Series {
  label?: string;
  color: string;
  dashed?: boolean;
  x: number[];
  y: number[];
  /** Draw the raw values faintly under an exponential moving average (noisy per-batch metrics). */
  smooth?: boolean;
  /** Thin and translucent (raw per-batch values, per-class lines under a mean). */
  faint?: boolean;
  /** Dots at the data points (short series such as the eps sweep). */
  dots?: boolean;
}

export interface ChartOptions {
  width: number;
  height: number;
  y: 'linear' | 'log';
  yDomain?: [number, number];
  xDomain?: [number, number];
  xLabel: string;
  yFormat?: (v: number) => string;
  /** Vertical reference lines. */
  marks?: { x: number; label: string }[];
  /** Horizontal reference lines. */
  hmarks?: { y: number; label: string }[];
  /** Shown when there is nothing to draw yet. */
  empty?: string;
}

export const CHART_MARGIN = { left: 42, right: 10, top: 8, bottom: 30 };

export function ema(y: number[], alpha = 0.25): number[] {
  const out: number[] = [];
  let m = NaN;
  for (const v of y) {
    m = Number.isNaN(m) ? v : alpha * v + (1 - alpha) * m;
    out.push(m);
  }
  return out;
}

export function drawLineChart(svgEl: SVGSVGElement, series: Series[], o: ChartOptions): void {
  const M = CHART_MARGIN;
  const iw = o.width - M.left - M.right;
  const ih = o.height - M.top - M.bottom;
  const svg = select(svgEl).attr('viewBox', `0 0 ${o.width} ${o.height}`);
  svg.selectAll('*').remove();
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const xs = series.flatMap((s) => s.x);
  const isLog = o.y === 'log';
  const ok = (v: number) => Number.isFinite(v) && (!isLog || v > 0);
  const ys = series.flatMap((s) => s.y).filter(ok);
  if (xs.length === 0 || ys.length === 0) {
    g.append('text').attr('x', iw / 2).attr('y', ih / 2).attr('text-anchor', 'middle').attr('fill', '#9ca3af').attr('font-size', 12).text(o.empty ?? 'no data yet');
    return;
  }
  const x = scaleLinear()
    .domain(o.xDomain ?? [min(xs)!, Math.max(max(xs)!, min(xs)! + 1)])
    .range([0, iw]);
  let y: ScaleContinuousNumeric<number, number>;
  if (isLog) {
    const lo = Math.max(min(ys)!, 1e-5);
    const hi = Math.max(max(ys)!, lo * 10);
    y = scaleLog().domain(o.yDomain ?? [lo, hi]).range([ih, 0]).nice().clamp(true);
  } else {
    y = scaleLinear().domain(o.yDomain ?? [min(ys)!, max(ys)!]).range([ih, 0]).nice();
  }
  g.append('g').attr('transform', `translate(0,${ih})`).call(axisBottom(x).ticks(5, '~s').tickSizeOuter(0));
  const yAxis = axisLeft(y).ticks(4).tickSizeOuter(0);
  if (o.yFormat) yAxis.tickFormat((v) => o.yFormat!(Number(v)));
  else if (isLog) yAxis.ticks(4, '~g');
  g.append('g').call(yAxis);
  g.append('text').attr('x', iw).attr('y', ih + 27).attr('text-anchor', 'end').attr('fill', '#6b7280').attr('font-size', 10).text(o.xLabel);
  for (const h of o.hmarks ?? []) {
    g.append('line').attr('x1', 0).attr('x2', iw).attr('y1', y(h.y)).attr('y2', y(h.y)).attr('stroke', '#d1d5db').attr('stroke-dasharray', '2 3');
  }
  for (const m of o.marks ?? []) {
    const px = x(m.x);
    g.append('line').attr('x1', px).attr('x2', px).attr('y1', 0).attr('y2', ih).attr('stroke', '#9ca3af').attr('stroke-dasharray', '4 3');
    g.append('text').attr('x', px + 3).attr('y', 10).attr('fill', '#6b7280').attr('font-size', 10).text(m.label);
  }
  const path = line<[number, number]>()
    .defined(([, v]) => ok(v))
    .x(([u]) => x(u))
    .y(([, v]) => y(v));
  for (const s of series) {
    const pts = s.x.map((u, i) => [u, s.y[i]] as [number, number]);
    const draw = (p: [number, number][], opacity: number, width: number) =>
      g
        .append('path')
        .attr('d', path(p) ?? '')
        .attr('fill', 'none')
        .attr('stroke', s.color)
        .attr('stroke-width', width)
        .attr('stroke-opacity', opacity)
        .attr('stroke-dasharray', s.dashed ? '5 3' : null);
    if (s.smooth && pts.length > 3) {
      draw(pts, 0.22, 1);
      const sm = ema(s.y);
      draw(s.x.map((u, i) => [u, sm[i]] as [number, number]), 1, 2);
    } else {
      draw(pts, s.faint ? 0.3 : 1, s.faint ? 1 : 2);
    }
    if (s.dots) {
      g.selectAll(null)
        .data(pts.filter(([, v]) => ok(v)))
        .join('circle')
        .attr('cx', ([u]) => x(u))
        .attr('cy', ([, v]) => y(v))
        .attr('r', 2.5)
        .attr('fill', s.color);
    }
  }
}
