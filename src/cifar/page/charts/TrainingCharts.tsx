import { FORMULAS } from '../../../common/teach/MathTex';
import { ChartCard, type LegendItem } from '../../../common/page/charts/ChartCard';
import { drawLineChart, type ChartOptions, type Series } from '../../../common/page/charts/lineChart';
import { CHART_W, pctTick, useChart as useSvgChart } from '../../../common/page/charts/useChart';
import { SHORT_LABELS } from '../../contract/settings';
import type { ModelInfo } from '../../contract/protocol';
import { METHOD_COLORS } from '../methodColors';
import type { ModelSeries } from '../state/history';
import { useCifarLab } from '../state/store';

const W = CHART_W;
const H = 140;

/** Redraws the chart, with `lines` of each model that has a history, whenever the history or the run changes. */
function useChart(lines: (s: ModelSeries, color: string) => Series[], opts: ChartOptions) {
  const history = useCifarLab((s) => s.history);
  const models = useCifarLab((s) => s.session?.models);
  const series = () => (models ?? []).flatMap((m) => (history[m.method] ? lines(history[m.method]!, METHOD_COLORS[m.method]) : []));
  const ref = useSvgChart((svg) => drawLineChart(svg, series(), opts), [history, models]);
  return { ref, models: models ?? [] };
}

const modelLegend = (models: ModelInfo[]): LegendItem[] => models.map((m) => ({ label: SHORT_LABELS[m.method], color: METHOD_COLORS[m.method] }));

/** CE and the PAG term per model, on training batches. Vanilla's PAG term is measured only. */
export function LossChart() {
  const { ref, models } = useChart(
    (s, color) => [
      { color, x: s.step, y: s.ce },
      { color, x: s.step, y: s.pag, dashed: true },
    ],
    { width: W, height: H, y: 'log', xLabel: 'training step', empty: 'train to see the losses' },
  );
  return (
    <ChartCard
      heading="h2"
      title="Loss on training batches"
      testId="chart-loss"
      legend={[{ label: 'CE', color: '#374151' }, { label: 'PAG term Σt(1−cos)', color: '#374151', dashed: true }, ...modelLegend(models)]}
      note="Vanilla's PAG term is measured against the Nearest-Neighbor (or first data-only) targets, not trained on."
    >
      <svg ref={ref} />
    </ChartCard>
  );
}

/** Test accuracy (dots, measured every few seconds) over faint per-batch accuracy. */
export function AccuracyChart() {
  const { ref, models } = useChart(
    (s, color) => [
      { color, x: s.step, y: s.batchAccuracy, faint: true },
      { color, x: s.testRound, y: s.testAccuracy, dots: true },
    ],
    { width: W, height: H, y: 'linear', yDomain: [0, 1], yFormat: pctTick, xLabel: 'training step', empty: 'train to see the accuracy' },
  );
  return (
    <ChartCard heading="h2" title="Accuracy" testId="chart-accuracy" legend={[{ label: 'test subset', color: '#374151' }, { label: 'training batch', color: '#374151', faint: true }, ...modelLegend(models)]}>
      <svg ref={ref} />
    </ChartCard>
  );
}

/** Mean cosine between each class's input-gradient and g(x, t): what PAG optimises. */
export function AlignmentChart() {
  const classCount = useCifarLab((s) => s.session?.classNames.length ?? 0);
  const { ref, models } = useChart(
    (s, color) => {
      if (s.alignment.length === 0) return [];
      const mean = s.step.map((_, i) => s.alignment.reduce((a, c) => a + c[i], 0) / s.alignment.length);
      return [...s.alignment.map((y) => ({ color, x: s.step, y, faint: true })), { color, x: s.step, y: mean }];
    },
    { width: W, height: H, y: 'linear', yDomain: [-0.2, 1], xLabel: 'training step', hmarks: [{ y: 0, label: '0' }], empty: 'train to see the alignment' },
  );
  return (
    <ChartCard
      heading="h2"
      title="Gradient alignment"
      formula={FORMULAS.alignment}
      label="Gradient alignment cos(∇ₓ f(x)ₜ, g(x, t))"
      testId="chart-alignment"
      legend={[{ label: 'mean over classes', color: '#374151' }, { label: `each class (${classCount})`, color: '#374151', faint: true }, ...modelLegend(models)]}
      note="RIGD models are aligned with their teacher's gradients; the others with their own targets."
    >
      <svg ref={ref} />
    </ChartCard>
  );
}

/** The three training curves, one card each, in the page's chart column. */
export function TrainingCharts() {
  return (
    <div className="charts">
      <LossChart />
      <AccuracyChart />
      <AlignmentChart />
    </div>
  );
}
