/**
 * The CIFAR Lab's saved runs (database "pag-lab-cifar", store "runs"): the lab-agnostic store of
 * src/common/page/persist/runStore.ts with this lab's record: its results (settings, curves, table, which
 * data) and the whole run's state (every model and RIGD teacher). The CIFAR images themselves are
 * not stored: a run is rebuilt from its settings on the same data (see autosave.ts).
 */
import { z } from 'zod';
import { createRunStore, runMetaBaseSchema, trainerStateSchema, type LoadedRunOf, type RunMetaBase, type SavedRunOf } from '../../../common/page/persist/runStore';
import { METHOD_IDS } from '../../../core/report/resultsSchema';
import { decodeRecord } from '../../../common/share/linkCodec';
import { CIFAR_LAB_DEFAULTS, type CifarRunSettings } from '../../contract/settings';
import { CIFAR_LINK, partsOf } from '../share/cifarLink';
import type { CifarRunState } from '../../contract/persistProtocol';
import { cifarResultsSchema, type CifarResults } from '../export/results';

export interface CifarRunMeta extends RunMetaBase {
  results: CifarResults;
  /** The small Table 1 as Markdown (the worker's), when it was run. */
  tableMarkdown: string | null;
}

export type CifarSavedRun = SavedRunOf<CifarRunMeta, CifarRunState>;
export type CifarLoadedRun = LoadedRunOf<CifarRunMeta, CifarRunState>;

const method = z.enum(METHOD_IDS);
const runStateSchema = z.object({
  round: z.number().int().nonnegative(),
  models: z.array(z.object({ method, trainMs: z.number().nonnegative(), state: trainerStateSchema.nullable() })),
  teachers: z.array(z.object({ method, done: z.number().int().nonnegative(), state: trainerStateSchema })),
});

/** The rows of the lab's link table that a run's settings hold. */
export const RUN_KEYS = [...new Set([...Object.keys(CIFAR_LAB_DEFAULTS), 'teacherLearningRate'])] as (keyof CifarRunSettings & string)[];

/**
 * Settings added after runs were first saved, with the value a record saved before them meant: a
 * run saved without `engine` trained on TF.js, and reopens so (same numbers, its optimiser state
 * kept); one saved before the recipe settings trained every class from the first step with one
 * lambda; one saved before `conv` used the backend's convolution form ('auto'). Any other missing setting still marks the record damaged.
 */
export const ADDED_SETTINGS: Partial<CifarRunSettings> = { engine: 'tfjs', targetsPerImage: 0, warmupEpochs: 0, lambdaByMethod: {}, conv: 'auto' };

/** A saved run's settings, each through its row of the lab's one table (cifarLink.ts), then the run checked. */
export function cifarSettingsFromRecord(record: Record<string, unknown>): { ok: true; value: CifarRunSettings } | { ok: false; error: string } {
  const r = decodeRecord(CIFAR_LINK, { ...ADDED_SETTINGS, ...record }, RUN_KEYS);
  return r.ok ? { ok: true, value: partsOf(r.values).settings } : r;
}

export const cifarRuns = createRunStore<CifarRunMeta, CifarRunState>({
  db: 'pag-lab-cifar',
  lastRunKey: 'pag-lab-cifar:last-run',
  // The settings too: reopening builds a run from them, so they pass the lab's schema.
  meta: runMetaBaseSchema.extend({
    results: cifarResultsSchema.superRefine((r, ctx) => {
      const s = cifarSettingsFromRecord(r.settings);
      if (!s.ok) ctx.addIssue({ code: 'custom', path: ['settings'], message: `settings: ${s.error}` });
    }),
    tableMarkdown: z.string().nullable(),
  }) as unknown as z.ZodType<CifarRunMeta>,
  states: runStateSchema as unknown as z.ZodType<CifarRunState>,
});
