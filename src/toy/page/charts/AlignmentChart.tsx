import { FORMULAS } from '../../../common/teach/MathTex';
import { MODEL_COLORS, MODEL_LEGEND } from '../plot/colors';
import type { History } from '../state/history';
import { useToyLab } from '../state/store';
import { ChartCard } from '../../../common/page/charts/ChartCard';
import { drawLineChart, type Series } from '../../../common/page/charts/lineChart';
import { CHART_H, CHART_W, useChart } from '../../../common/page/charts/useChart';

function alignmentSeries(m: History): Series[] {
  const out: Series[] = [];
  for (const k of ['vanilla', 'pag'] as const) {
    m[k].alignment.forEach((ys, c) => out.push({ label: `${k} class ${c}`, color: MODEL_COLORS[k], dashed: c === 1, x: m[k].step, y: ys }));
  }
  return out;
}

/** Mean cosine between each class's input-gradient and g(x, t), per model: what PAG optimises. */
export function AlignmentChart() {
  const m = useToyLab((s) => s.history);
  const ref = useChart(
    (svg) =>
      drawLineChart(svg, alignmentSeries(m), {
        width: CHART_W,
        height: CHART_H,
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
      title="Gradient alignment"
      formula={FORMULAS.alignment}
      label="Gradient alignment cos(∇ₓ f(x)ₜ, g(x, t))"
      testId="alignment-chart"
      legend={[
        { label: 'class 0', color: '#374151' },
        { label: 'class 1', color: '#374151', dashed: true },
        ...MODEL_LEGEND,
      ]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
