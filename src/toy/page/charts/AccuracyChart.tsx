import { MODEL_COLORS, MODEL_LEGEND } from '../plot/colors';
import { useToyLab } from '../state/store';
import { ChartCard } from '../../../common/page/charts/ChartCard';
import { drawLineChart } from '../../../common/page/charts/lineChart';
import { CHART_H, CHART_W, pctTick, useChart } from '../../../common/page/charts/useChart';

/** Clean test accuracy of both models over training. */
export function AccuracyChart() {
  const h = useToyLab((s) => s.history);
  const ref = useChart(
    (svg) =>
      drawLineChart(
        svg,
        (['vanilla', 'pag'] as const).map((k) => ({ label: k, color: MODEL_COLORS[k], x: h[k].step, y: h[k].accuracy })),
        { width: CHART_W, height: CHART_H, y: 'linear', yDomain: [0, 1], yFormat: pctTick, xLabel: 'training step', empty: 'train to see the accuracy' },
      ),
    [h],
  );
  return (
    <ChartCard
      title="Clean test accuracy"
      legend={[...MODEL_LEGEND]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
