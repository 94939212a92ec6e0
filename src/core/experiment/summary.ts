import type { MethodId } from './methods';
import type { Figure4SummaryRow, RunResult, SummaryRow } from './results';
import { quantile } from './stats';

function row(method: MethodId, norm: string, eps: number | null, values: number[]): SummaryRow {
  return {
    method,
    norm,
    eps,
    median: quantile(values, 0.5),
    min: Math.min(...values),
    max: Math.max(...values),
    q25: quantile(values, 0.25),
    q75: quantile(values, 0.75),
    n: values.length,
  };
}

/** Median and spread over seeds, per method: clean accuracy and each attack setting. */
export function summarise(runs: RunResult[]): SummaryRow[] {
  if (runs.length === 0) return [];
  const out: SummaryRow[] = [];
  for (const m of runs[0].models) {
    const per = runs.map((r) => r.models.find((x) => x.method === m.method)!);
    out.push(row(m.method, 'clean', null, per.map((p) => p.cleanAccuracy)));
    m.robust.forEach((attack, i) => {
      out.push(row(m.method, attack.norm, attack.eps, per.map((p) => p.robust[i].accuracy)));
    });
  }
  return out;
}

/** Figure 4's judged share over seeds, per method and eps (runs without the number are skipped). */
export function summariseFigure4(runs: RunResult[]): Figure4SummaryRow[] {
  const withNumber = runs.filter((r) => r.figure4);
  if (withNumber.length === 0) return [];
  const out: Figure4SummaryRow[] = [];
  for (const m of withNumber[0].figure4!.models) {
    m.rows.forEach((row, i) => {
      const values = withNumber.map((r) => r.figure4!.models.find((x) => x.method === m.method)!.rows[i].judgedAsTarget);
      out.push({ method: m.method, eps: row.eps, median: quantile(values, 0.5), min: Math.min(...values), max: Math.max(...values), n: values.length });
    });
  }
  return out;
}
