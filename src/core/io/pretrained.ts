import { z } from 'zod';
import { CIFAR_RECORD, parseCifarBinary, type CifarRaw } from '../data/cifar';
import { METHOD_IDS } from '../experiment/methods';

/**
 * The pretrained CIFAR models shipped in public/pretrained/ (format agreed in the helpers' notes):
 * manifest.json (this schema), <method>/model.json + weights.bin (src/core/io/weights.ts), and
 * sample.bin (at most 500 official CIFAR-10 test records). Written by `npm run pretrained`
 * (scripts/pretrained.ts), read by the CIFAR Lab. A manifest is outside data to the page (a stale
 * deployment, a hand edit), so it is checked whole before any of it is used, and a refusal names
 * the field and what was expected.
 */
export const PRETRAINED_FORMAT = 1;
export const PRETRAINED_MAX_SAMPLE = 500;

/** A manifest or sample that cannot be used; the message is for the user. */
export class PretrainedFormatError extends Error {}

const fraction = z.number().min(0, 'must be a fraction in [0, 1]').max(1, 'must be a fraction in [0, 1]');
const positive = z.number().positive('must be positive');
const count = z.number().int('must be a whole number').nonnegative('must not be negative');

/**
 * A file beside manifest.json: a relative path with no way out of the folder. The page fetches
 * it relative to the manifest, so '..', an absolute path or a URL would load something else.
 */
const relativePath = z
  .string()
  .min(1, 'must not be empty')
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9_./-]*$/, 'must be a relative path of letters, digits, _ . - and /')
  .refine((p) => !p.split('/').includes('..'), 'must not leave the pretrained folder (..)');

const robustRow = z.object({
  norm: z.enum(['l2', 'linf'], 'must be l2 or linf'),
  eps: positive,
  steps: count.min(1, 'must be at least 1'),
  alpha: positive,
  accuracy: fraction,
});

const modelEntry = z.object({
  method: z.enum(METHOD_IDS, `must be one of ${METHOD_IDS.join(', ')}`),
  label: z.string().min(1, 'must not be empty'),
  lambda: z.number().nonnegative('must not be negative'),
  path: relativePath.refine((p) => p.endsWith('model.json'), 'must name a model.json'),
  trainSeconds: z.number().nonnegative('must not be negative'),
  fullTest: z.object({ n: count.min(1, 'must be at least 1'), clean: fraction, robust: z.array(robustRow) }),
});

/** The run settings (CifarSettings); only what the page relies on is checked, the rest is kept. */
const recipe = z.looseObject({
  classes: z
    .array(count.max(9, 'must be CIFAR-10 class ids 0-9'))
    .min(2, 'must hold at least 2 classes')
    .max(10, 'must hold at most 10 classes')
    .refine((c) => new Set(c).size === c.length, 'must not hold a class twice'),
  channels: z.array(count.min(1, 'must be at least 1')).min(1, 'must hold at least one layer'),
  head: z.enum(['gap', 'flatten'], 'must be gap or flatten'),
  centerInput: z.boolean('must be true or false'),
  activation: z.string(),
  targetsPerImage: count,
  warmupEpochs: count,
  lambdaByMethod: z.record(z.string(), z.number().nonnegative('must not be negative')),
  engine: z.enum(['fused', 'tfjs'], 'must be fused or tfjs'),
});

export const pretrainedManifestSchema = z
  .object({
    format: z.literal(PRETRAINED_FORMAT, `must be ${PRETRAINED_FORMAT} (this page reads format ${PRETRAINED_FORMAT})`),
    createdAt: z.iso.datetime('must be an ISO date-time'),
    command: z.string(),
    seed: count,
    recipe,
    classNames: z.array(z.string().min(1, 'must not be empty')),
    models: z.array(modelEntry).min(1, 'must hold at least one model'),
    sample: z.object({
      path: relativePath,
      count: count.min(1, 'must be at least 1').max(PRETRAINED_MAX_SAMPLE, `must be at most ${PRETRAINED_MAX_SAMPLE}`),
      perClass: count.min(1, 'must be at least 1'),
      labels: z.literal('original CIFAR class ids', 'must be "original CIFAR class ids"'),
      source: z.string(),
    }),
  })
  .superRefine((m, ctx) => {
    if (m.classNames.length !== m.recipe.classes.length) {
      ctx.addIssue({ code: 'custom', path: ['classNames'], message: `must name the recipe's ${m.recipe.classes.length} classes, has ${m.classNames.length}` });
    }
    const methods = m.models.map((x) => x.method);
    const twice = methods.find((x, i) => methods.indexOf(x) !== i);
    if (twice) ctx.addIssue({ code: 'custom', path: ['models'], message: `holds method "${twice}" twice` });
    if (m.sample.count > m.sample.perClass * m.recipe.classes.length) {
      ctx.addIssue({ code: 'custom', path: ['sample', 'count'], message: `is more than perClass x classes (${m.sample.perClass} x ${m.recipe.classes.length})` });
    }
  });

export type PretrainedManifest = z.infer<typeof pretrainedManifestSchema>;
export type PretrainedModelEntry = PretrainedManifest['models'][number];

/** The manifest from its text, or a PretrainedFormatError naming the first bad field. */
export function parsePretrainedManifest(text: string): PretrainedManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PretrainedFormatError('manifest.json is not valid JSON');
  }
  const parsed = pretrainedManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'its content';
    throw new PretrainedFormatError(`manifest.json is damaged: ${where} ${issue?.message ?? 'is not valid'}`);
  }
  return parsed.data;
}

/**
 * sample.bin checked against its manifest: official records, as many as announced, every label
 * one of the recipe's classes (the models have no output for any other).
 */
export function parsePretrainedSample(bytes: Uint8Array, m: PretrainedManifest): CifarRaw {
  let raw: CifarRaw;
  try {
    raw = parseCifarBinary(bytes, 'sample.bin');
  } catch (e) {
    throw new PretrainedFormatError((e as Error).message);
  }
  if (raw.n !== m.sample.count) {
    throw new PretrainedFormatError(`sample.bin holds ${raw.n} images (${bytes.length / CIFAR_RECORD} records), the manifest says ${m.sample.count}`);
  }
  const bad = raw.labels.findIndex((l) => !m.recipe.classes.includes(l));
  if (bad >= 0) {
    throw new PretrainedFormatError(`sample.bin image ${bad} has CIFAR class ${raw.labels[bad]}, not one of the models' classes (${m.recipe.classes.join(', ')})`);
  }
  return raw;
}
