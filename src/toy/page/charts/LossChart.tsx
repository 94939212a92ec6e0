import { MODEL_COLORS, MODEL_LEGEND } from '../plot/colors';
import { useToyLab } from '../state/store';
import { ChartCard } from '../../../common/page/charts/ChartCard';
import { drawLineChart, type Series } from '../../../common/page/charts/lineChart';
import { CHART_H, CHART_W, useChart } from '../../../common/page/charts/useChart';

/** CE and the PAG term (sum over classes of 1 - cos) per model. Vanilla's PAG term is measured only. */
export function LossChart() {
  const m = useToyLab((s) => s.history);
  const ref = useChart(
    (svg) => {
      const series: Series[] = [];
      for (const k of ['vanilla', 'pag'] as const) {
        series.push({ label: `${k} CE`, color: MODEL_COLORS[k], x: m[k].step, y: m[k].ce });
        series.push({ label: `${k} PAG`, color: MODEL_COLORS[k], dashed: true, x: m[k].step, y: m[k].pag });
      }
      drawLineChart(svg, series, { width: CHART_W, height: CHART_H, y: 'log', xLabel: 'training step', empty: 'train to see the loss' });
    },
    [m],
  );
  return (
    <ChartCard
      title="Loss on the test set"
      legend={[
        { label: 'CE', color: '#374151' },
        { label: 'PAG term Σt(1−cos)', color: '#374151', dashed: true },
        ...MODEL_LEGEND,
      ]}
      note="Vanilla's PAG term is measured, not trained on."
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
