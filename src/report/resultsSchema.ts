/**
 * The CLI's results.json for one seed (README, "results.json"; types in
 * src/core/experiment/results.ts) as a zod schema, so the labs' exports and tests can check
 * that what they write is that format.
 */
import { z } from 'zod';

export const METHOD_IDS = ['vanilla', 'nn', 'oi', 'cm', 'rigd-l2', 'rigd-linf'] as const;

const fraction = z.number().min(0).max(1);

export const robustResultSchema = z.object({
  norm: z.enum(['l2', 'linf']),
  eps: z.number().nonnegative(),
  steps: z.number().int().positive(),
  alpha: z.number().nonnegative(),
  targeted: z.boolean(),
  accuracy: fraction,
});

export const modelResultSchema = z.object({
  method: z.enum(METHOD_IDS),
  cleanAccuracy: fraction,
  trainSeconds: z.number().nonnegative(),
  robust: z.array(robustResultSchema),
  teacherTrainAccuracy: fraction.optional(),
});

export const runResultSchema = z.object({
  experiment: z.enum(['toy', 'cifar']),
  seed: z.number().int(),
  settings: z.record(z.string(), z.unknown()),
  models: z.array(modelResultSchema),
});
