/**
 * The CIFAR Lab's results as one JSON document (zod schema below, version 1) and as CSV.
 *
 * JSON, `format: "pag-lab-cifar-results"`, `version: 1`:
 * - `app`, `exportedAt` (ISO time), `settings` (the run's settings, src/cifar/contract/settings.ts), `data`
 *   (which CIFAR-10 files the subset was drawn from)
 * - `progress`: teacher steps and rounds done of the total (a round: one step of every model)
 * - `models[]`: per method its label, whether it exists yet (RIGD students wait for their teacher),
 *   latest test accuracy, training time and latest batch measurement
 * - `history[method]`: columns over training: `step[]`, `ce[]`, `pag[]`, `batchAccuracy[]`,
 *   `alignment[c][]`, and `testRound[]` / `testAccuracy[]` (test subset)
 * - `table`: null, or the small Table 1 (`request`, `round` it ran at, and `results`: exactly the
 *   CLI's results.json for one seed, README "results.json")
 *
 * CSV: one table with a `section` column (history / test / table), so it opens in a spreadsheet.
 */
import { z } from 'zod';
import { csvText, type CsvValue } from '../../../common/page/export/csv';
import { METHOD_IDS, runResultSchema } from '../../../core/report/resultsSchema';
import type { CifarLabData } from '../state/types';

export const CIFAR_RESULTS_FORMAT = 'pag-lab-cifar-results';
export const CIFAR_RESULTS_VERSION = 1;

const method = z.enum(METHOD_IDS);
const seriesSchema = z.object({
  step: z.array(z.number().int().nonnegative()),
  ce: z.array(z.number()),
  pag: z.array(z.number()),
  batchAccuracy: z.array(z.number()),
  alignment: z.array(z.array(z.number())),
  testRound: z.array(z.number().int().nonnegative()),
  testAccuracy: z.array(z.number().min(0).max(1)),
});

export const cifarResultsSchema = z.object({
  format: z.literal(CIFAR_RESULTS_FORMAT),
  version: z.literal(CIFAR_RESULTS_VERSION),
  app: z.string(),
  exportedAt: z.string(),
  settings: z.record(z.string(), z.unknown()),
  data: z.object({ source: z.enum(['served', 'files']), name: z.string() }).nullable(),
  progress: z
    .object({
      round: z.number().int().nonnegative(),
      totalRounds: z.number().int().nonnegative(),
      teacherStep: z.number().int().nonnegative(),
      teacherTotal: z.number().int().nonnegative(),
      finished: z.boolean(),
    })
    .nullable(),
  models: z.array(
    z.object({
      method,
      label: z.string(),
      exists: z.boolean(),
      testAccuracy: z.number().min(0).max(1).nullable(),
      trainSeconds: z.number().nonnegative(),
      latest: z.object({ step: z.number().int(), ce: z.number(), pag: z.number(), accuracy: z.number(), alignment: z.array(z.number()) }).nullable(),
    }),
  ),
  history: z.partialRecord(method, seriesSchema),
  table: z
    .object({
      request: z.object({ linfEps: z.number(), l2Eps: z.number(), steps: z.number().int() }),
      round: z.number().int().nonnegative(),
      totalRounds: z.number().int().nonnegative(),
      results: runResultSchema,
    })
    .nullable(),
});

export type CifarResults = z.infer<typeof cifarResultsSchema>;

type Source = Pick<CifarLabData, 'settings' | 'session' | 'data' | 'progress' | 'models' | 'history' | 'table' | 'tableRequest'>;

/** The latest test accuracy of each model: the last full snapshot's, kept in its history. */
function lastTest(s: Source, m: string): number | null {
  const h = s.history[m as keyof Source['history']];
  return h && h.testAccuracy.length ? h.testAccuracy[h.testAccuracy.length - 1] : null;
}

export function cifarResultsOf(s: Source, now = new Date()): CifarResults {
  const p = s.progress;
  const t = s.table.result;
  const frames = new Map(s.models.map((f) => [f.method, f]));
  return {
    format: CIFAR_RESULTS_FORMAT,
    version: CIFAR_RESULTS_VERSION,
    app: 'PAG Lab CIFAR Lab',
    exportedAt: now.toISOString(),
    settings: { ...(s.session?.settings ?? s.settings) },
    data: s.data.loaded ? { source: s.data.loaded.source, name: s.data.loaded.name } : null,
    progress: p ? { round: p.round, totalRounds: p.totalRounds, teacherStep: p.teacherStep, teacherTotal: p.teacherTotal, finished: p.finished } : null,
    models: (s.session?.models ?? []).map((m) => {
      const f = frames.get(m.method);
      const metrics = f?.metrics ?? null;
      return {
        method: m.method,
        label: m.label,
        exists: f?.exists ?? false,
        testAccuracy: lastTest(s, m.method),
        trainSeconds: f?.trainSeconds ?? 0,
        latest: metrics && { step: metrics.step, ce: metrics.ce, pag: metrics.pag, accuracy: metrics.accuracy, alignment: [...metrics.alignment] },
      };
    }),
    history: s.history,
    table: t && s.session && t.session === s.session.id ? { request: { ...s.tableRequest }, round: t.round, totalRounds: t.totalRounds, results: t.run } : null,
  };
}

/** The CSV's columns; alignment has one column per class of the run. */
export function cifarCsvHeader(classes: number): string[] {
  const base = ['section', 'method', 'step', 'ce', 'pag', 'batch_accuracy', 'test_accuracy', 'norm', 'eps', 'robust_accuracy'];
  return [...base, ...Array.from({ length: classes }, (_, c) => `alignment_c${c}`)];
}

export function cifarResultsCsv(r: CifarResults): string {
  const classes = Array.isArray(r.settings.classes) ? r.settings.classes.length : 2;
  const header = cifarCsvHeader(classes);
  const pad = (row: CsvValue[]) => [...row, ...new Array<CsvValue>(header.length - row.length).fill(null)];
  const rows: CsvValue[][] = [header];
  for (const [m, h] of Object.entries(r.history)) {
    if (!h) continue;
    h.step.forEach((step, i) => rows.push(['history', m, step, h.ce[i], h.pag[i], h.batchAccuracy[i], null, null, null, null, ...Array.from({ length: classes }, (_, c) => h.alignment[c]?.[i] ?? null)]));
    h.testRound.forEach((round, i) => rows.push(pad(['test', m, round, null, null, null, h.testAccuracy[i]])));
  }
  for (const m of r.table?.results.models ?? []) {
    rows.push(pad(['table', m.method, r.table!.round, null, null, null, m.cleanAccuracy, 'clean', 0, m.cleanAccuracy]));
    for (const a of m.robust) rows.push(pad(['table', m.method, r.table!.round, null, null, null, m.cleanAccuracy, a.norm, a.eps, a.accuracy]));
  }
  return csvText(rows);
}
