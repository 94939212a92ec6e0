import { axisBottom, axisLeft, max, scaleBand, scaleLinear, select } from 'd3';
import { useEffect, useRef } from 'react';
import { MODEL_COLORS, MODEL_LEGEND } from '../plot/colors';
import { useToyLab } from '../state/store';
import { ChartCard } from '../../../common/page/charts/ChartCard';
import { CHART_MARGIN } from '../../../common/page/charts/lineChart';

const W = 320;
const H = 170;

/**
 * Each test point's distance to the boundary as the attack sees it: the smallest swept ε at which
 * PGD flips it. "wrong" = misclassified before any attack, "> 2ε" = never flipped in the sweep.
 */
export function DistanceHistogram() {
  const sweep = useToyLab((s) => s.attack.sweep);
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const svg = select(ref.current).attr('viewBox', `0 0 ${W} ${H}`);
    svg.selectAll('*').remove();
    const M = CHART_MARGIN;
    const iw = W - M.left - M.right;
    const ih = H - M.top - M.bottom;
    const g = svg.append('g').attr('transform', `translate(${M.left},${M.top})`);
    if (!sweep) {
      g.append('text').attr('x', iw / 2).attr('y', ih / 2).attr('text-anchor', 'middle').attr('fill', '#9ca3af').attr('font-size', 12).text('run an attack to see the distances');
      return;
    }
    const short = (v: number) => String(Number(v.toPrecision(2)));
    // Bin 0: wrong before any attack; then each swept eps; last: never flipped in the sweep.
    const labels = ['0', ...sweep.epsList.map(short), `>${short(sweep.epsList[sweep.epsList.length - 1])}`];
    const binOf = (d: number) => (d === 0 ? 0 : Number.isFinite(d) ? 1 + sweep.epsList.indexOf(d) : labels.length - 1);
    const counts = (['vanilla', 'pag'] as const).map((k) => {
      const c = new Array<number>(labels.length).fill(0);
      for (const d of sweep.models[k].distances) c[binOf(d)]++;
      const n = sweep.models[k].distances.length;
      return c.map((v) => v / n);
    });
    const x = scaleBand<number>().domain(labels.map((_, i) => i)).range([0, iw]).padding(0.15);
    const y = scaleLinear().domain([0, Math.max(0.05, max(counts.flat())!)]).nice().range([ih, 0]);
    g.append('g')
      .attr('transform', `translate(0,${ih})`)
      .call(
        axisBottom(x)
          .tickValues(labels.map((_, i) => i).filter((i) => i % 2 === 0 || i === labels.length - 1))
          .tickFormat((i) => labels[i])
          .tickSizeOuter(0),
      )
      .selectAll('text')
      .attr('font-size', 9);
    g.append('g').call(axisLeft(y).ticks(4).tickFormat((v) => `${Math.round(100 * Number(v))}%`));
    const bw = x.bandwidth() / 2;
    (['vanilla', 'pag'] as const).forEach((k, m) => {
      g.selectAll(null)
        .data(counts[m])
        .join('rect')
        .attr('x', (_, i) => x(i)! + m * bw)
        .attr('y', (v) => y(v))
        .attr('width', bw)
        .attr('height', (v) => ih - y(v))
        .attr('fill', MODEL_COLORS[k]);
    });
  }, [sweep]);
  return (
    <ChartCard
      title="Distance to the boundary (the ε that flips each point)"
      note="Bar 0: wrong before any attack. Last bar: not flipped by any ε of the sweep (up to 2ε)."
      legend={[...MODEL_LEGEND]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
