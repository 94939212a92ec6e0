import { axisBottom, axisLeft, line, max, min, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';

/**
 * A small D3 line chart, redrawn from scratch on each call (a few series of a few hundred
 * points: cheaper than diffing). Chart components choose series; this draws them.
 */
export interface Series {
  color: string;
  x: number[];
  y: number[];
  dashed?: boolean;
  /** Thin and translucent (raw per-batch values, per-class lines under a mean). */
  faint?: boolean;
  /** Dots at the points (sparse series such as test accuracy). */
  dots?: boolean;
}

export interface ChartOptions {
  width: number;
  height: number;
  y: 'linear' | 'log';
  yDomain?: [number, number];
  xLabel: string;
  yFormat?: (v: number) => string;
  /** Horizontal reference lines. */
  hmarks?: number[];
  empty: string;
}

const M = { left: 40, right: 8, top: 8, bottom: 28 };

export function drawLineChart(el: SVGSVGElement, series: Series[], o: ChartOptions): void {
  const iw = o.width - M.left - M.right;
  const ih = o.height - M.top - M.bottom;
  const svg = select(el).attr('viewBox', `0 0 ${o.width} ${o.height}`);
  svg.selectAll('*').remove();
  const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
  const isLog = o.y === 'log';
  const ok = (v: number) => Number.isFinite(v) && (!isLog || v > 0);
  const xs = series.flatMap((s) => s.x);
  const ys = series.flatMap((s) => s.y).filter(ok);
  if (xs.length === 0 || ys.length === 0) {
    g.append('text').attr('x', iw / 2).attr('y', ih / 2).attr('text-anchor', 'middle').attr('fill', '#9ca3af').attr('font-size', 12).text(o.empty);
    return;
  }
  const x = scaleLinear()
    .domain([min(xs)!, Math.max(max(xs)!, min(xs)! + 1)])
    .range([0, iw]);
  let y: ScaleContinuousNumeric<number, number>;
  if (isLog) {
    const lo = Math.max(min(ys)!, 1e-4);
    y = scaleLog().domain([lo, Math.max(max(ys)!, lo * 10)]).range([ih, 0]).nice().clamp(true);
  } else {
    y = scaleLinear().domain(o.yDomain ?? [min(ys)!, max(ys)!]).range([ih, 0]).nice();
  }
  g.append('g').attr('transform', `translate(0,${ih})`).call(axisBottom(x).ticks(5, '~s').tickSizeOuter(0));
  const yAxis = axisLeft(y).ticks(4).tickSizeOuter(0);
  if (o.yFormat) yAxis.tickFormat((v) => o.yFormat!(Number(v)));
  else if (isLog) yAxis.ticks(4, '~g');
  g.append('g').call(yAxis);
  g.append('text').attr('x', iw).attr('y', ih + 25).attr('text-anchor', 'end').attr('fill', '#6b7280').attr('font-size', 10).text(o.xLabel);
  for (const h of o.hmarks ?? []) {
    g.append('line').attr('x1', 0).attr('x2', iw).attr('y1', y(h)).attr('y2', y(h)).attr('stroke', '#d1d5db').attr('stroke-dasharray', '2 3');
  }
  const path = line<[number, number]>()
    .defined(([, v]) => ok(v))
    .x(([u]) => x(u))
    .y(([, v]) => y(v));
  for (const s of series) {
    const pts = s.x.map((u, i) => [u, s.y[i]] as [number, number]);
    g.append('path')
      .attr('d', path(pts) ?? '')
      .attr('fill', 'none')
      .attr('stroke', s.color)
      .attr('stroke-width', s.faint ? 1 : 2)
      .attr('stroke-opacity', s.faint ? 0.3 : 1)
      .attr('stroke-dasharray', s.dashed ? '5 3' : null);
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
