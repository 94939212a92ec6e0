import { csvText } from '../../common/page/export/csv';
import { isPlainPgd } from '../../core/eval/sanity';
import { PAPER_TABLE1 } from '../../core/report/paperTable1';
import type { RunResult } from '../contract/protocol';

/**
 * The small Table 1's downloads: CSV and JSON built here, Markdown from the worker (the CLI's
 * table1Markdown). Saved through src/common/page/export/download.ts: nothing leaves the page.
 */
/** One row per model: ours in percent next to the paper's (ResNet-18, all of CIFAR-10). */
export function tableCsv(run: RunResult, labels: Record<string, string>): string {
  // Plain PGD's columns; the attack suite's entries are in the JSON download.
  const attacks = (run.models[0]?.robust ?? []).filter(isPlainPgd);
  const header = [
    'method',
    'label',
    'clean_pct',
    ...attacks.flatMap((a) => [`${a.norm}_eps`, `${a.norm}_pct`]),
    'pgd_steps',
    'train_seconds',
    'paper_clean_pct',
    'paper_linf_8_255_pct',
    'paper_l2_0.5_pct',
  ];
  const p2 = (v: number) => (100 * v).toFixed(2);
  const rows = run.models.map((m) => {
    const paper = PAPER_TABLE1[m.method];
    return [
      m.method,
      labels[m.method] ?? m.method,
      p2(m.cleanAccuracy),
      ...m.robust.filter(isPlainPgd).flatMap((r) => [r.eps, p2(r.accuracy)]),
      m.robust[0]?.steps ?? '',
      m.trainSeconds.toFixed(1),
      paper?.clean ?? '',
      paper?.linf ?? '',
      paper?.l2 ?? '',
    ];
  });
  return csvText([header, ...rows]);
}

/** The CLI's results.json schema, with the paper's numbers alongside for reference. */
export function tableJson(run: RunResult): string {
  const paperTable1 = Object.fromEntries(run.models.map((m) => [m.method, PAPER_TABLE1[m.method] ?? null]));
  return JSON.stringify({ ...run, paperTable1 }, null, 2) + '\n';
}
