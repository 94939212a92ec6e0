/**
 * The CLI's results.json for one seed (README, "results.json"; types in
 * src/core/experiment/results.ts) as a zod schema, so the labs' exports and tests can check
 * that what they write is that format.
 */
import { z } from 'zod';

// core/experiment/methods.ts's list, restated: that module loads TensorFlow.js, the labs' pages must not.
export const METHOD_IDS = ['vanilla', 'nn', 'oi', 'cm', 'rigd-l2', 'rigd-linf', 'shuffled'] as const;

const fraction = z.number().min(0).max(1);

export const SUITE_ATTACKS = ['pgd', 'pgd-restarts', 'margin', 'transfer', 'worst'] as const;

export const robustResultSchema = z.object({
  norm: z.enum(['l2', 'linf']),
  eps: z.number().nonnegative(),
  steps: z.number().int().positive(),
  alpha: z.number().nonnegative(),
  targeted: z.boolean(),
  accuracy: fraction,
  // The attack suite (src/core/eval/suite.ts); files from before it have none of these (= pgd).
  attack: z.enum(SUITE_ATTACKS).optional(),
  randomStart: z.boolean().optional(),
  loss: z.enum(['ce', 'margin']).optional(),
  restarts: z.number().int().nonnegative().optional(),
  source: z.string().optional(),
  of: z.array(z.enum(SUITE_ATTACKS)).optional(),
});

/** A failed sanity check of the attack (src/core/eval/sanity.ts). */
export const attackWarningSchema = z.object({
  model: z.string(),
  kind: z.enum(['not-near-zero', 'more-steps-raised']),
  norm: z.enum(['l2', 'linf']),
  eps: z.number().nonnegative(),
  accuracy: fraction,
  reference: fraction,
  message: z.string(),
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
  warnings: z.array(attackWarningSchema).optional(),
});
