/**
 * The lab's results as one JSON document (schema below, version 1) and as CSV.
 *
 * JSON, `format: "pag-lab-results"`, `version: 1`:
 * - `app`, `exportedAt` (ISO time), `settings` (the run's settings table, as in the settings panel)
 * - `step`, `epoch`, `totalSteps`
 * - `history.{vanilla,pag}`: columns over training, one entry per measurement on the test set:
 *   `step[]`, `accuracy[]` (clean), `ce[]` (cross-entropy), `pag[]` (PAG term), `alignment[c][]`
 *   (mean cosine per class)
 * - `latest.{vanilla,pag}`: the latest measurement (or null)
 * - `attack`: null, or `request` (norm, eps, steps, alpha, targeted), `step` it ran at,
 *   and per model `cleanAccuracy` / `robustAccuracy`
 * - `sweep`: null, or `eps[]` with per model `accuracy[]` (robust accuracy at each eps)
 *
 * CSV: one table with a `section` column (history / attack / sweep), so it opens in a spreadsheet.
 */
import { z } from 'zod';
import { csvText } from '../../../common/page/export/csv';
import type { ToyLabData } from '../state/types';

const series = z
  .object({
    step: z.array(z.number().int().nonnegative()),
    accuracy: z.array(z.number()),
    ce: z.array(z.number()),
    pag: z.array(z.number()),
    alignment: z.array(z.array(z.number())),
  })
  // One entry per measurement in every column: a chart reads them side by side.
  .refine((h) => [h.accuracy, h.ce, h.pag, ...h.alignment].every((c) => c.length === h.step.length), 'its history columns have different lengths');
const metrics = z.object({ testAccuracy: z.number(), ce: z.number(), pag: z.number(), alignment: z.array(z.number()) });
const perModel = <T extends z.ZodType>(t: T) => z.object({ vanilla: t, pag: t });

export const RESULTS_FORMAT = 'pag-lab-results';
export const RESULTS_VERSION = 1;

export const resultsSchema = z.object({
  format: z.literal(RESULTS_FORMAT),
  version: z.literal(RESULTS_VERSION),
  app: z.string(),
  exportedAt: z.string(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  step: z.number().int().nonnegative(),
  epoch: z.number().nonnegative(),
  totalSteps: z.number().int().nonnegative(),
  history: perModel(series),
  latest: perModel(metrics.nullable()),
  attack: z
    .object({
      request: z.object({ norm: z.string(), eps: z.number(), steps: z.number().int(), alpha: z.number(), targeted: z.boolean() }),
      step: z.number().int().nonnegative(),
      models: perModel(z.object({ cleanAccuracy: z.number().min(0).max(1), robustAccuracy: z.number().min(0).max(1) })),
    })
    .nullable(),
  sweep: z.object({ eps: z.array(z.number()), models: perModel(z.object({ accuracy: z.array(z.number()) })) }).nullable(),
});

export type Results = z.infer<typeof resultsSchema>;

export function resultsOf(s: Pick<ToyLabData, 'applied' | 'settings' | 'step' | 'epoch' | 'session' | 'history' | 'metrics' | 'attack'>, now = new Date()): Results {
  const r = s.attack.result;
  const sw = s.attack.sweep;
  return {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    app: 'PAG Lab Toy Lab',
    exportedAt: now.toISOString(),
    settings: { ...(s.applied ?? s.settings) },
    step: s.step,
    epoch: s.epoch,
    totalSteps: s.session?.totalSteps ?? 0,
    history: s.history,
    latest: s.metrics,
    attack: r
      ? {
          request: { norm: r.request.norm, eps: r.request.eps, steps: r.request.steps, alpha: r.request.alpha, targeted: r.request.targeted },
          step: r.step,
          models: {
            vanilla: { cleanAccuracy: r.models.vanilla.cleanAccuracy, robustAccuracy: r.models.vanilla.robustAccuracy },
            pag: { cleanAccuracy: r.models.pag.cleanAccuracy, robustAccuracy: r.models.pag.robustAccuracy },
          },
        }
      : null,
    sweep: sw ? { eps: [...sw.epsList], models: { vanilla: { accuracy: [...sw.models.vanilla.accuracy] }, pag: { accuracy: [...sw.models.pag.accuracy] } } } : null,
  };
}

/** A CSV cell: numbers as they are, text quoted when needed (no formulas: a leading =+-@ is quoted). */
export const CSV_HEADER = ['section', 'model', 'step', 'eps', 'accuracy', 'robust_accuracy', 'ce', 'pag', 'alignment_c0', 'alignment_c1'] as const;

export function resultsCsv(r: Results): string {
  const rows: (string | number | boolean | null)[][] = [[...CSV_HEADER]];
  for (const m of ['vanilla', 'pag'] as const) {
    const h = r.history[m];
    h.step.forEach((step, i) => rows.push(['history', m, step, null, h.accuracy[i], null, h.ce[i], h.pag[i], h.alignment[0]?.[i] ?? null, h.alignment[1]?.[i] ?? null]));
  }
  if (r.attack) {
    for (const m of ['vanilla', 'pag'] as const) {
      const a = r.attack.models[m];
      rows.push(['attack', m, r.attack.step, r.attack.request.eps, a.cleanAccuracy, a.robustAccuracy, null, null, null, null]);
    }
  }
  if (r.sweep) {
    for (const m of ['vanilla', 'pag'] as const) {
      r.sweep.eps.forEach((eps, i) => rows.push(['sweep', m, r.step, eps, null, r.sweep!.models[m].accuracy[i], null, null, null, null]));
    }
  }
  return csvText(rows);
}
