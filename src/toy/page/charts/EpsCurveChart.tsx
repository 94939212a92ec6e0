import { useEffect, useRef } from 'react';
import { num } from '../format';
import { MODEL_COLORS, MODEL_LEGEND } from '../plot/colors';
import { useToyLab } from '../state/store';
import { ChartCard } from '../../../common/page/charts/ChartCard';
import { drawLineChart } from '../../../common/page/charts/lineChart';

const W = 320;
const H = 170;

/**
 * Robust accuracy of both models against the attack radius (same attack, eps from ε/8 to 2ε),
 * with the attack suite's worst case at ε and 2ε.
 */
export function EpsCurveChart() {
  const sweep = useToyLab((s) => s.attack.sweep);
  const request = useToyLab((s) => s.attack.result?.request ?? null);
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const eps = sweep ? [0, ...sweep.epsList] : [];
    const series = (['vanilla', 'pag'] as const).map((k) => ({
      label: k,
      color: MODEL_COLORS[k],
      x: eps,
      // eps 0 is the clean accuracy: every point the model gets right before any attack.
      y: sweep ? [Array.from(sweep.models[k].distances).filter((d) => d > 0).length / sweep.models[k].distances.length, ...sweep.models[k].accuracy] : [],
      dots: true,
    }));
    // The attack suite's per-point worst case at eps and the sweep's largest: dashed, below the
    // PGD curve wherever plain PGD overstated the robustness.
    const suite = sweep?.suite;
    const worst = suite
      ? (['vanilla', 'pag'] as const).map((k) => ({
          label: `${k} worst case`,
          color: MODEL_COLORS[k],
          dashed: true,
          dots: true,
          x: suite.epsList,
          y: suite.epsList.map((e) => suite.models[k].find((r) => r.eps === e && r.attack === 'worst')?.accuracy ?? NaN),
        }))
      : [];
    drawLineChart(ref.current, [...series, ...worst], {
      width: W,
      height: H,
      y: 'linear',
      yDomain: [0, 1],
      yFormat: (v) => `${Math.round(100 * v)}%`,
      xLabel: `ε (${request?.norm === 'linf' ? 'L∞' : 'L2'})`,
      marks: request ? [{ x: request.eps, label: `ε = ${num(request.eps)}` }] : [],
      empty: 'run an attack to see the curve',
    });
  }, [sweep, request]);
  return (
    <ChartCard
      title="Robust accuracy vs ε"
      legend={[
        ...MODEL_LEGEND,
        { label: 'dashed: worst case over the attack suite', color: '#64748b' },
      ]}
    >
      <svg ref={ref} />
    </ChartCard>
  );
}
