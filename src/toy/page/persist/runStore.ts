/**
 * The Toy Lab's saved runs (database "pag-lab", store "runs"): the lab-agnostic store of
 * src/common/page/persist/runStore.ts with this lab's record: its results and both trainers' states.
 */
import { z } from 'zod';
import type { TrainerState } from '../../../core/train/trainerLike';
import { createRunStore, runMetaBaseSchema, trainerStateSchema, type LoadedRunOf, type RunMetaBase, type SavedRunOf } from '../../../common/page/persist/runStore';
import type { PerModel } from '../../contract/protocol';
import { resultsSchema, type Results } from '../export/results';
import { settingsFromRecord } from '../state/settingsRecord';

export const LAST_RUN_KEY = 'pag-lab:last-run';

export interface RunMeta extends RunMetaBase {
  /** The full results (settings, history, latest metrics, attack, sweep). */
  results: Results;
}

export type SavedRun = SavedRunOf<RunMeta, PerModel<TrainerState>>;
export type LoadedRun = LoadedRunOf<RunMeta, PerModel<TrainerState>>;

const runs = createRunStore<RunMeta, PerModel<TrainerState>>({
  db: 'pag-lab',
  lastRunKey: LAST_RUN_KEY,
  // The settings too: reopening feeds them to the engine, so they pass the settings' own schema.
  meta: runMetaBaseSchema.extend({
    results: resultsSchema.superRefine((r, ctx) => {
      const s = settingsFromRecord(r.settings);
      if (!s.ok) ctx.addIssue({ code: 'custom', path: ['settings'], message: `settings: ${s.error}` });
    }),
  }) as unknown as z.ZodType<RunMeta>,
  states: z.object({ vanilla: trainerStateSchema, pag: trainerStateSchema }),
});

/** The store itself (for src/common/page/persist/runsPanel.ts). */
export const toyRuns = runs;
/** Checks a stored record: the run, or a sentence saying what is wrong. */
export const parseStoredRun = runs.parse;
export const putRun = runs.put;
export const lastRunId = runs.lastRunId;
export const setLastRunId = runs.setLastRunId;
