/**
 * The whole CIFAR Lab state in the address bar: one typed table (CIFAR_LINK) of every setting of
 * a run (subset, seed, every hyperparameter, methods, NN pool, teacher), the Table 1 and
 * Figure 4 attack settings, the gallery view, and the presentation view, for the lab-independent
 * codec (src/common/share/linkCodec.ts). Pure, unit-tested in Node (test/unit/cifar/cifarLink.test.ts).
 *
 * URL keys are short and stable: never rename one, only add. Each value is checked with the
 * shared schema blocks (fieldSchema.ts), then the run as a whole with checkRunSettings.
 */
import { z } from 'zod';
import { boolText, enumText, firstIssue, fractionText, numberText, orEmpty } from '../../../common/share/fieldSchema';
import type { LinkField, LinkSpec } from '../../../common/share/linkCodec';
import { checkRunSettings, CIFAR_GALLERY_DEFAULTS, CIFAR_LIMITS as L, CIFAR_LAB_DEFAULTS, CIFAR_LAB_METHODS, TABLE_DEFAULTS, type CifarRunSettings, type GalleryRequest, type MethodId, type TableRequest } from '../../contract/settings';

/** Bumped when the meaning of a key changes; links carry it as `v`. */
export const CIFAR_LINK_VERSION = 1;

/** Panels presentation mode can show full screen (`show=`), in page order. */
export const CIFAR_PANELS = ['gallery', 'saliency', 'charts', 'table'] as const;
/** Controls presentation mode can hide (`hide=`). */
export const CIFAR_CONTROLS = ['data', 'settings', 'transport', 'backend', 'source', 'attack', 'evaluate'] as const;

/** Views of Figure 4 (0: the attacked images; k: the perturbation times k). */
export const GALLERY_GAINS = [0, 5, 20] as const;

/** Everything the link holds besides the view, flat: a run's settings and the attack settings. */
export interface CifarLinkValues extends CifarRunSettings {
  tableLinfEps: number;
  tableL2Eps: number;
  tableSteps: number;
  galleryEps: number;
  gallerySteps: number;
  perturbationGain: number;
}

const int = (min: number, max: number) => numberText({ min, max, int: true });
// Radii and rates may be typed as fractions ("8/255"), as the page's fields show them.
const positive = (max: number) => fractionText({ min: 0, minExclusive: true, max });

/** A comma-separated list of items (`sep` also splits), each through `item`; `count` items. */
function listOf<T>(item: z.ZodType<T, string>, sep: RegExp, count: [number, number]): z.ZodType<T[], string> {
  return z.string().transform((t, ctx) => {
    const parts = t.split(sep).map((s) => s.trim()).filter(Boolean);
    if (parts.length < count[0] || parts.length > count[1]) {
      ctx.addIssue({ code: 'custom', message: `needs ${count[0]} to ${count[1]} items` });
      return z.NEVER;
    }
    const out: T[] = [];
    for (const p of parts) {
      const r = item.safeParse(p);
      if (!r.success) {
        ctx.addIssue({ code: 'custom', message: `has an item that ${firstIssue(r.error)}` });
        return z.NEVER;
      }
      out.push(r.data);
    }
    if (new Set(out).size !== out.length) {
      ctx.addIssue({ code: 'custom', message: 'repeats an item' });
      return z.NEVER;
    }
    return out;
  });
}

/** "oi:0.5,nn:0.4" to { oi: 0.5, nn: 0.4 }; empty text is no per-method lambda. */
const lambdaByMethodText: z.ZodType<Partial<Record<MethodId, number>>, string> = z.string().transform((t, ctx) => {
  const out: Partial<Record<MethodId, number>> = {};
  for (const part of t.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [m, l, ...rest] = part.split(':').map((p) => p.trim());
    const lambda = fractionText({ min: 0, max: 1000 }).safeParse(l ?? '');
    if (!CIFAR_LAB_METHODS.includes(m as MethodId) || rest.length > 0 || !lambda.success || m in out) {
      ctx.addIssue({ code: 'custom', message: `has "${part}": expected method:lambda with a method of ${CIFAR_LAB_METHODS.join(', ')}, each once, and lambda from 0 to 1000` });
      return z.NEVER;
    }
    out[m as MethodId] = lambda.data;
  }
  return out;
});

/** The word "all", or `inner`. */
function allOr<T>(inner: z.ZodType<T, string>): z.ZodType<T | 'all', string> {
  return z.string().transform((t, ctx) => {
    if (t.trim() === 'all') return 'all' as const;
    const r = inner.safeParse(t);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: `is not "all" and ${firstIssue(r.error)}` });
    return z.NEVER;
  });
}

const row = (url: string, label: string, schema: z.ZodType<unknown, string>, format?: (v: never) => string): LinkField => ({
  url,
  label,
  schema,
  format: format as ((v: unknown) => string) | undefined,
});

const FIELDS: Record<keyof CifarLinkValues, LinkField> = {
  classes: row('classes', 'Classes', listOf(int(0, 9), /,/, [2, 10]), (v: number[]) => v.join(',')),
  trainPerClass: row('train', 'Training images / class', int(...L.trainPerClass)),
  testPerClass: row('test', 'Test images / class', int(...L.testPerClass)),
  seed: row('seed', 'Seed', int(...L.seed)),
  methods: row('methods', 'Methods', listOf(enumText(CIFAR_LAB_METHODS) as z.ZodType<MethodId, string>, /,/, [1, CIFAR_LAB_METHODS.length]), (v: MethodId[]) => v.join(',')),
  nnPoolSize: row('pool', 'NN pool |Dt|', allOr(int(...L.nnPoolSize))),
  channels: row('ch', 'CNN channels', z.string().transform((t) => t.split(/[-,\s]+/).filter(Boolean)).pipe(z.array(int(...L.channels)).min(L.layers[0], `needs ${L.layers[0]} to ${L.layers[1]} widths`).max(L.layers[1], `needs ${L.layers[0]} to ${L.layers[1]} widths`)), (v: number[]) => v.join('-')),
  activation: row('act', 'Activation', enumText(['relu', 'softplus'])),
  head: row('head', 'CNN head', enumText(['gap', 'flatten'])),
  centerInput: row('center', 'Centre pixels', boolText),
  optimizer: row('opt', 'Optimizer', enumText(['adam', 'sgd'])),
  learningRate: row('lr', 'Learning rate', fractionText({ min: L.learningRate[0], max: L.learningRate[1] })),
  momentum: row('mom', 'SGD momentum', numberText({ min: 0, max: 1 })),
  weightDecay: row('wd', 'Weight decay', numberText({ min: 0, max: 1 })),
  batchSize: row('batch', 'Batch size', int(...L.batchSize)),
  epochs: row('epochs', 'Epochs', int(...L.epochs)),
  lambda: row('lambda', 'λ (PAG weight)', fractionText({ min: L.lambda[0], max: L.lambda[1] })),
  lambdaByMethod: row('lambdas', 'λ per method', lambdaByMethodText, (v: Partial<Record<MethodId, number>>) => Object.entries(v).map(([m, l]) => `${m}:${l}`).join(',')),
  targetsPerImage: row('k', 'Target classes per image (0: all)', int(0, 10)),
  warmupEpochs: row('warmup', 'Warm-up epochs (CE only)', int(...L.warmupEpochs)),
  output: row('out', 'Scores', enumText(['logSoftmax', 'logit'])),
  cosEps: row('coseps', 'Cosine ε', positive(1)),
  classMeanMatchNorm: row('cmnorm', 'Class Mean: match norms', boolText),
  teacherEpsL2: row('tl2', 'Teacher L2 ε', numberText({ min: L.teacherEpsL2[0], max: L.teacherEpsL2[1] })),
  teacherEpsLinf: row('tlinf', 'Teacher L∞ ε', numberText({ min: L.teacherEpsLinf[0], max: L.teacherEpsLinf[1] })),
  teacherSteps: row('tsteps', 'Teacher PGD steps', int(...L.teacherSteps)),
  // Empty: the teachers train at the students' learning rate.
  teacherLearningRate: row('tlr', 'Teacher learning rate', orEmpty(numberText({ min: 1e-6, max: 1 })).transform((v) => v ?? undefined)),
  measureEvery: row('measure', 'Measure every (steps)', int(...L.measureEvery)),
  engine: row('engine', 'Training engine', enumText(['fused', 'tfjs'])),
  conv: row('conv', 'Convolution form', enumText(['auto', 'native', 'matmul'])),
  tableLinfEps: row('linf', 'Table L∞ ε', positive(1)),
  tableL2Eps: row('l2', 'Table L2 ε', positive(100)),
  tableSteps: row('pgd', 'Table PGD steps', int(1, 200)),
  galleryEps: row('geps', 'Figure 4 L2 ε', positive(100)),
  gallerySteps: row('gsteps', 'Figure 4 steps', int(1, 500)),
  perturbationGain: row('gview', 'Figure 4 view', enumText(GALLERY_GAINS.map(String)).transform(Number)),
};

const RUN_KEYS = Object.keys(CIFAR_LAB_DEFAULTS) as (keyof CifarRunSettings)[];

/** The link's values from the page's parts. */
export function linkValuesOf(settings: CifarRunSettings, table: TableRequest, gallery: GalleryRequest, perturbationGain: number): CifarLinkValues {
  return {
    ...settings,
    tableLinfEps: table.linfEps,
    tableL2Eps: table.l2Eps,
    tableSteps: table.steps,
    galleryEps: gallery.eps,
    gallerySteps: gallery.steps,
    perturbationGain,
  };
}

/** The page's parts from the link's values. */
export function partsOf(v: CifarLinkValues): { settings: CifarRunSettings; tableRequest: TableRequest; galleryRequest: GalleryRequest; perturbationGain: number } {
  const { tableLinfEps, tableL2Eps, tableSteps, galleryEps, gallerySteps, perturbationGain, ...settings } = v;
  return { settings, tableRequest: { linfEps: tableLinfEps, l2Eps: tableL2Eps, steps: tableSteps }, galleryRequest: { eps: galleryEps, steps: gallerySteps }, perturbationGain };
}

export const CIFAR_LINK: LinkSpec<CifarLinkValues> = {
  version: CIFAR_LINK_VERSION,
  fields: FIELDS,
  defaults: linkValuesOf(CIFAR_LAB_DEFAULTS, TABLE_DEFAULTS, CIFAR_GALLERY_DEFAULTS, 0),
  panels: CIFAR_PANELS,
  controls: CIFAR_CONTROLS,
  passThrough: ['backend', 'faults'],
  check: (v) => ({ problems: checkRunSettings(partsOf(v).settings), reset: RUN_KEYS }),
};
