import { pairedBootstrap } from './bootstrap';
import type { MethodId } from './methods';
import type { Figure4SummaryRow, ModelResult, RunResult, SummaryRow } from './results';
import { quantile } from './stats';

function row(method: MethodId, norm: string, eps: number | null, attack: string | undefined, values: number[], vanilla: number[] | null): SummaryRow {
  const base: SummaryRow = {
    method,
    norm,
    eps,
    ...(attack !== undefined && { attack }),
    median: quantile(values, 0.5),
    min: Math.min(...values),
    max: Math.max(...values),
    q25: quantile(values, 0.25),
    q75: quantile(values, 0.75),
    n: values.length,
  };
  if (!vanilla) return base;
  // Paired over seeds: the same seed gives both models the same data, weights and batches.
  const d = pairedBootstrap(values, vanilla);
  return { ...base, ci95: d.ci95, diffMean: d.mean, wins: d.wins, losses: d.losses };
}

/**
 * Median and spread over seeds, per method: clean accuracy and each attack setting (each attack
 * of the suite its own row). Every method but vanilla also gets the paired bootstrap 95 %
 * interval of its difference from vanilla (`ci95`, mean difference `diffMean`) and the seeds it
 * wins and loses, when the runs have a vanilla model.
 */
export function summarise(runs: RunResult[]): SummaryRow[] {
  if (runs.length === 0) return [];
  const out: SummaryRow[] = [];
  const find = (r: RunResult, m: MethodId): ModelResult | undefined => r.models.find((x) => x.method === m);
  const hasVanilla = runs.every((r) => find(r, 'vanilla'));
  for (const m of runs[0].models) {
    const per = runs.map((r) => find(r, m.method)!);
    const van = m.method !== 'vanilla' && hasVanilla ? runs.map((r) => find(r, 'vanilla')!) : null;
    out.push(row(m.method, 'clean', null, undefined, per.map((p) => p.cleanAccuracy), van && van.map((v) => v.cleanAccuracy)));
    m.robust.forEach((attack, i) => {
      // Vanilla's entry of the same setting and attack (its list has no transfer entries).
      const same = (v: ModelResult) => v.robust.find((x) => x.norm === attack.norm && x.eps === attack.eps && (x.attack ?? 'pgd') === (attack.attack ?? 'pgd') && x.steps === attack.steps);
      const vanillaValues = van && van.every(same) ? van.map((v) => same(v)!.accuracy) : null;
      out.push(row(m.method, attack.norm, attack.eps, attack.attack, per.map((p) => p.robust[i].accuracy), vanillaValues));
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
