import { METHOD_LABELS } from '../core/experiment/methods';
import type { RunResult, SummaryRow } from '../core/experiment/results';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function attackLabel(norm: string, eps: number): string {
  return `${norm === 'linf' ? 'L∞' : 'L2'} ${eps}`;
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
