import { METHOD_LABELS } from '../experiment/methods';
import type { RobustResult } from '../eval/evaluate';
import type { Figure4Result, Figure4SummaryRow, RunResult, SummaryRow } from '../experiment/results';
import { paperCells } from './paperTable1';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** eps as people write it: 8/255 for image L_inf radii, plain numbers otherwise. */
function epsLabel(eps: number): string {
  const k = eps * 255;
  return eps < 1 && Math.abs(k - Math.round(k)) < 1e-6 && Math.round(k) > 0 ? `${Math.round(k)}/255` : `${eps}`;
}

function attackLabel(norm: string, eps: number): string {
  return `${norm === 'linf' ? 'L∞' : 'L2'} ${epsLabel(eps)}`;
}

/** One seed: a row per method, clean accuracy then robust accuracy per attack. */
export function runTable(run: RunResult): string {
  const attacks = run.models[0]?.robust ?? [];
  const header = ['method', 'clean', ...attacks.map((a) => attackLabel(a.norm, a.eps)), 'train s'];
  const rows = run.models.map((m) => [
    METHOD_LABELS[m.method],
    pct(m.cleanAccuracy),
    ...m.robust.map((r) => pct(r.accuracy)),
    m.trainSeconds.toFixed(1),
  ]);
  return table(header, rows);
}

/** Several seeds: median [min, max] per method and attack. */
export function summaryTable(summary: SummaryRow[]): string {
  const methods = [...new Set(summary.map((r) => r.method))];
  const cols = summary.filter((r) => r.method === methods[0]);
  const header = ['method', ...cols.map((c) => (c.eps === null ? 'clean' : attackLabel(c.norm, c.eps)))];
  const rows = methods.map((m) => [
    METHOD_LABELS[m],
    ...summary.filter((r) => r.method === m).map((r) => `${pct(r.median)} [${pct(r.min)}, ${pct(r.max)}]`),
  ]);
  return table(header, rows);
}

/**
 * Our small Table 1 beside the paper's (ResNet-18 on all of CIFAR-10). With the attack suite,
 * plain PGD's columns are followed by the per-point worst case over the suite's attacks.
 */
export function table1Markdown(run: RunResult): string {
  const kind = (a: { attack?: string }) => a.attack ?? 'pgd';
  const pick = (robust: RobustResult[]) => [...robust.filter((a) => kind(a) === 'pgd'), ...robust.filter((a) => kind(a) === 'worst')];
  const attacks = pick(run.models[0]?.robust ?? []);
  const header = ['method', 'clean', ...attacks.map((a) => `${kind(a) === 'worst' ? 'worst case ' : ''}${attackLabel(a.norm, a.eps)}`), 'paper clean', 'paper L∞ 8/255', 'paper L2 0.5'];
  const rows = run.models.map((m) => {
    const p = paperCells(m.method);
    return [METHOD_LABELS[m.method], pct(m.cleanAccuracy), ...pick(m.robust).map((r) => pct(r.accuracy)), p.clean, p.linf, p.l2];
  });
  return table(header, rows);
}

/** Figure 4's number of one seed: per model and eps, the share judged as the target (own success beside). */
export function figure4Table(f: Figure4Result): string {
  const eps = f.models[0]?.rows.map((r) => r.eps) ?? [];
  const header = ['method', ...eps.map((e) => `judged as target, L2 ${e}`), ...eps.map((e) => `own success, L2 ${e}`)];
  const rows = f.models.map((m) => [METHOD_LABELS[m.method], ...m.rows.map((r) => pct(r.judgedAsTarget)), ...m.rows.map((r) => pct(r.ownSuccess))]);
  return table(header, rows);
}

/** Figure 4's number over seeds: median [min, max] of the share judged as the target. */
export function figure4SummaryTable(rows: Figure4SummaryRow[]): string {
  const methods = [...new Set(rows.map((r) => r.method))];
  const eps = [...new Set(rows.map((r) => r.eps))];
  const header = ['method', ...eps.map((e) => `judged as target, L2 ${e}`)];
  const body = methods.map((m) => [
    METHOD_LABELS[m],
    ...eps.map((e) => {
      const r = rows.find((x) => x.method === m && x.eps === e)!;
      return `${pct(r.median)} [${pct(r.min)}, ${pct(r.max)}]`;
    }),
  ]);
  return table(header, body);
}
