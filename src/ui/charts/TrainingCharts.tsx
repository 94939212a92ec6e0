import { useEffect, useRef } from 'react';
import { MODEL_COLORS } from '../plot/colors';
import type { History } from '../state/history';
import { useLab } from '../state/store';
import { ChartCard } from './ChartCard';
import { drawLineChart, type Series } from './lineChart';

const W = 320;
const H = 150;
const pctFmt = (v: number) => `${Math.round(100 * v)}%`;

function useChart(draw: (svg: SVGSVGElement) => void, deps: unknown[]) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) draw(ref.current);
  }, deps);
  return ref;
}

/** CE and the PAG term (sum over classes of 1 - cos) per model. Vanilla's PAG term is measured only. */
export function LossChart() {
  const m = useLab((s) => s.history);
  const ref = useChart(
    (svg) => {
      const series: Series[] = [];
      for (const k of ['vanilla', 'pag'] as const) {
        series.push({ label: `${k} CE`, color: MODEL_COLORS[k], x: m[k].step, y: m[k].ce });
        series.push({ label: `${k} PAG`, color: MODEL_COLORS[k], dashed: true, x: m[k].step, y: m[k].pag });
      }
      drawLineChart(svg, series, { width: W, height: H, y: 'log', xLabel: 'training step', empty: 'train to see the loss' });
    },
    [m],
  );
  return (
    <ChartCard
      title="Loss on the test set"
      legend={[
        { label: 'CE', color: '#374151' },
        { label: 'PAG term Σt(1−cos)', color: '#374151', dashed: true },
        { label: 'vanilla', color: MODEL_COLORS.vanilla },
        { label: 'PAG', color: MODEL_COLORS.pag },
      ]}
      note="Vanilla's PAG term is measured, not trained on."
    >
      <svg ref={ref} />
    </ChartCard>
  );
}

export function AccuracyChart() {
  const h = useLab((s) => s.history);
  const ref = useChart(
    (svg) =>
      drawLineChart(
        svg,
        (['vanilla', 'pag'] as const).map((k) => ({ label: k, color: MODEL_COLORS[k], x: h[k].step, y: h[k].accuracy })),
        { width: W, height: H, y: 'linear', yDomain: [0, 1], yFormat: pctFmt, xLabel: 'training step', empty: 'train to see the accuracy' },
      ),
    [h],
  );
  return (
    <ChartCard
      title="Clean test accuracy"
      legend={[
        { label: 'vanilla', color: MODEL_COLORS.vanilla },
        { label: 'PAG', color: MODEL_COLORS.pag },
      ]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}

function alignmentSeries(m: History): Series[] {
  const out: Series[] = [];
  for (const k of ['vanilla', 'pag'] as const) {
    m[k].alignment.forEach((ys, c) => out.push({ label: `${k} class ${c}`, color: MODEL_COLORS[k], dashed: c === 1, x: m[k].step, y: ys }));
  }
  return out;
}

/** Mean cosine between each class's input-gradient and g(x, t), per model: what PAG optimises. */
export function AlignmentChart() {
  const m = useLab((s) => s.history);
  const ref = useChart(
    (svg) =>
      drawLineChart(svg, alignmentSeries(m), {
        width: W,
        height: H,
        y: 'linear',
        yDomain: [-1, 1],
        xLabel: 'training step',
        hmarks: [{ y: 0, label: '0' }],
        empty: 'train to see the alignment',
      }),
    [m],
  );
  return (
    <ChartCard
      title="Gradient alignment cos(∇x f(x)t, g(x, t))"
      testId="alignment-chart"
      legend={[
        { label: 'class 0', color: '#374151' },
        { label: 'class 1', color: '#374151', dashed: true },
        { label: 'vanilla', color: MODEL_COLORS.vanilla },
        { label: 'PAG', color: MODEL_COLORS.pag },
      ]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
