/**
 * What one CIFAR Lab run is, its defaults and its checks. Pure (type-only engine imports), so
 * the UI and the worker share it without the UI bundle pulling in TensorFlow.js.
 */
import { CIFAR_DEFAULTS, type CifarSettings } from '../../core/experiment/cifarSettings';
import type { MethodId } from '../../core/experiment/methods';
import type { ConvImpl } from '../../core/models/conv';

export type { MethodId };

// The backend names (src/core/spec/backends.ts: pure, the page may import it).
export { isBackendName as isBackend } from '../../core/spec/backends';

/** The methods in Table 1's order, as the UI offers them, then our control (not in the paper). */
export const CIFAR_LAB_METHODS: MethodId[] = ['vanilla', 'oi', 'cm', 'nn', 'rigd-l2', 'rigd-linf', 'shuffled'];

/** The methods' names in the panels (src/core/spec/methods.ts). */
export { METHOD_SHORT_LABELS as SHORT_LABELS } from '../../core/spec/methods';

export interface CifarRunSettings extends CifarSettings {
  /** Trained side by side, same initial weights and batch order; 'vanilla' is usually one. */
  methods: MethodId[];
  /** The trainers' own per-batch measurements (loss, alignment), every this many steps. */
  measureEvery: number;
  /**
   * Numerics: the TF.js convolution form ('native' tf.conv2d or the 'matmul' form,
   * core/models/conv.ts). 'auto' (and absent): the backend's, matmul on wasm and cpu.
   */
  conv?: 'auto' | ConvImpl;
}

/** The convolution form a run uses on `backend` (setting 'auto' or absent: the backend's). */
export function convOf(s: Pick<CifarRunSettings, 'conv'>, backendConv: ConvImpl): ConvImpl {
  return s.conv === 'native' || s.conv === 'matmul' ? s.conv : backendConv;
}

/**
 * Small enough for a laptop without a GPU (wasm: about 0.2 s per vanilla and 0.7 s per PAG step
 * at batch 32, in the browser): 2 classes, 200 training images per class, 2 epochs. The rest
 * follows the CLI's defaults (cifarSettings.ts), except two pinned here so that such a short run
 * is worth watching: airplane vs frog (distinct shapes and colours; with the global-pool
 * head, after 2 epochs about 85 % test accuracy for vanilla and 80 % for Nearest Neighbor, where
 * harder pairs stayed near chance; the flatten head, now the default, learns faster) and Adam's
 * learning rate 0.003.
 */
export const CIFAR_LAB_DEFAULTS: CifarRunSettings = {
  ...CIFAR_DEFAULTS,
  classes: [0, 6],
  learningRate: 0.003,
  trainPerClass: 200,
  testPerClass: 50,
  epochs: 2,
  // The live run's recipe as before the CLI's moved to 5 classes (cifarSettings.ts): one lambda,
  // all classes targeted, no warm-up (a 2-epoch run would otherwise spend it all warming up).
  lambda: 1.5,
  lambdaByMethod: {},
  targetsPerImage: 0,
  warmupEpochs: 0,
  methods: ['vanilla', 'nn'],
  measureEvery: 2,
  conv: 'auto',
};

/**
 * The bounds of a run's settings, [min, max]: the one source for the checks below and the link
 * table's rows (src/cifar/page/share/cifarLink.ts).
 */
export const CIFAR_LIMITS = {
  trainPerClass: [2, 5000],
  testPerClass: [1, 1000],
  seed: [0, 2 ** 31 - 1],
  channels: [1, 128],
  layers: [1, 4],
  batchSize: [1, 512],
  epochs: [1, 100],
  learningRate: [1e-6, 1],
  lambda: [0, 1000],
  warmupEpochs: [0, 100],
  nnPoolSize: [1, 100_000],
  teacherSteps: [1, 50],
  teacherEpsL2: [1e-6, 100],
  teacherEpsLinf: [1e-6, 1],
  measureEvery: [1, 10_000],
} as const satisfies Record<string, readonly [number, number]>;
const L = CIFAR_LIMITS;

const isInt = (v: unknown): v is number => Number.isInteger(v);
const inRange = (v: unknown, lo: number, hi: number) => typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;

/** Every problem with a run's settings, as phrases for the user (empty = fine). */
export function checkRunSettings(s: CifarRunSettings): string[] {
  const p: string[] = [];
  const classes = Array.isArray(s.classes) ? s.classes : [];
  if (classes.length < 2 || classes.length > 10) p.push('choose 2 to 10 classes');
  if (new Set(classes).size !== classes.length || !classes.every((c) => isInt(c) && c >= 0 && c <= 9)) p.push('classes must be distinct, 0 to 9');
  if (!isInt(s.trainPerClass) || !inRange(s.trainPerClass, ...L.trainPerClass)) p.push(`training images per class: a whole number from ${L.trainPerClass[0]} to ${L.trainPerClass[1]}`);
  if (!isInt(s.testPerClass) || !inRange(s.testPerClass, ...L.testPerClass)) p.push(`test images per class: a whole number from ${L.testPerClass[0]} to ${L.testPerClass[1]}`);
  const methods = Array.isArray(s.methods) ? s.methods : [];
  if (methods.length === 0) p.push('choose at least one method');
  if (new Set(methods).size !== methods.length || !methods.every((m) => CIFAR_LAB_METHODS.includes(m))) p.push('unknown or repeated method');
  const ch = Array.isArray(s.channels) ? s.channels : [];
  // 32 px halves after every convolution but the last: at most 4 layers keeps it a whole number.
  if (!inRange(ch.length, ...L.layers) || !ch.every((c) => isInt(c) && inRange(c, ...L.channels))) p.push(`channels: ${L.layers[0]} to ${L.layers[1]} layers of ${L.channels[0]} to ${L.channels[1]}`);
  if (!isInt(s.batchSize) || !inRange(s.batchSize, ...L.batchSize)) p.push(`batch size: a whole number from ${L.batchSize[0]} to ${L.batchSize[1]}`);
  if (!isInt(s.epochs) || !inRange(s.epochs, ...L.epochs)) p.push(`epochs: a whole number from ${L.epochs[0]} to ${L.epochs[1]}`);
  if (!inRange(s.learningRate, ...L.learningRate)) p.push('learning rate: between 0.000001 and 1');
  if (!inRange(s.lambda, ...L.lambda)) p.push(`lambda: between ${L.lambda[0]} and ${L.lambda[1]}`);
  const byMethod = s.lambdaByMethod && typeof s.lambdaByMethod === 'object' ? Object.entries(s.lambdaByMethod) : [['', NaN]];
  if (!byMethod.every(([m, l]) => CIFAR_LAB_METHODS.includes(m as MethodId) && inRange(l, ...L.lambda))) p.push(`lambda per method: method ids with a lambda between ${L.lambda[0]} and ${L.lambda[1]}`);
  if (!isInt(s.targetsPerImage) || !inRange(s.targetsPerImage, 0, classes.length)) p.push(`target classes per image (k): a whole number from 0 (all) to the number of classes`);
  if (!isInt(s.warmupEpochs) || !inRange(s.warmupEpochs, ...L.warmupEpochs)) p.push(`warm-up epochs: a whole number from ${L.warmupEpochs[0]} to ${L.warmupEpochs[1]}`);
  else if (isInt(s.epochs) && s.warmupEpochs >= s.epochs && methods.some((m) => m !== 'vanilla')) p.push('warm-up epochs: fewer than the epochs (the PAG term would never start)');
  if (s.nnPoolSize !== 'all' && (!isInt(s.nnPoolSize) || !inRange(s.nnPoolSize, ...L.nnPoolSize))) p.push('|D_t|: a positive whole number or "all"');
  if (!isInt(s.teacherSteps) || !inRange(s.teacherSteps, ...L.teacherSteps)) p.push(`teacher PGD steps: ${L.teacherSteps[0]} to ${L.teacherSteps[1]}`);
  if (!inRange(s.teacherEpsL2, ...L.teacherEpsL2) || !inRange(s.teacherEpsLinf, ...L.teacherEpsLinf)) p.push('teacher eps must be positive');
  if (!isInt(s.seed) || !inRange(s.seed, ...L.seed)) p.push('seed: a whole number from 0');
  if (!isInt(s.measureEvery) || !inRange(s.measureEvery, ...L.measureEvery)) p.push('measure every: a positive whole number');
  if (s.activation !== 'relu' && s.activation !== 'softplus') p.push('activation: relu or softplus');
  if (s.head !== 'gap' && s.head !== 'flatten') p.push('CNN head: gap or flatten');
  if (typeof s.centerInput !== 'boolean') p.push('centre pixels: true or false');
  if (s.optimizer !== 'adam' && s.optimizer !== 'sgd') p.push('optimizer: adam or sgd');
  if (s.output !== 'logSoftmax' && s.output !== 'logit') p.push('scores: logSoftmax or logit');
  if (s.engine !== 'fused' && s.engine !== 'tfjs') p.push('training engine: fused or tfjs');
  if (s.conv !== undefined && s.conv !== 'auto' && s.conv !== 'native' && s.conv !== 'matmul') p.push('convolution: auto, native or matmul');
  return p;
}

/** Table 1's attacks as the UI asks for them. */
export interface TableRequest {
  linfEps: number;
  l2Eps: number;
  steps: number;
  /** Also run the attack suite (worker/tableSuite.ts; about 8x the time): absent = no. */
  suite?: boolean;
}

export const TABLE_DEFAULTS: TableRequest = { linfEps: 8 / 255, l2Eps: 0.5, steps: 20 };

/**
 * Table 1 of the pretrained models, on the shipped sample: the paper's radii and PGD-20 (random
 * start, step 2 eps / 20; worker/tableJob.ts paperAttacks), fixed so it matches the manifest's
 * full-test figures beside it.
 */
export const PRETRAINED_TABLE: TableRequest = { linfEps: 8 / 255, l2Eps: 0.5, steps: 20 };

export function checkTableRequest(r: TableRequest): string[] {
  const p: string[] = [];
  if (!inRange(r.linfEps, 0, 1)) p.push('L∞ eps: between 0 and 1');
  if (!inRange(r.l2Eps, 0, 100)) p.push('L2 eps: between 0 and 100');
  if (!isInt(r.steps) || !inRange(r.steps, 1, 200)) p.push('PGD steps: 1 to 200');
  if (r.suite !== undefined && typeof r.suite !== 'boolean') p.push('attack suite: yes or no');
  return p;
}

/** Figure 4's attack: large-eps targeted L2 PGD, step size 2.5 eps / steps. */
export interface GalleryRequest {
  eps: number;
  steps: number;
}

/**
 * GALLERY_DEFAULTS of core/eval/gallery.ts (the CLI's Figure 4), restated here because that
 * module pulls in TensorFlow.js; test/unit/cifar/cifarUi.test.ts checks they agree.
 */
export const CIFAR_GALLERY_DEFAULTS: GalleryRequest = { eps: 6, steps: 30 };

export function checkGalleryRequest(r: GalleryRequest): string[] {
  const p: string[] = [];
  if (!inRange(r.eps, 1e-6, 100)) p.push('eps: between 0 and 100');
  if (!isInt(r.steps) || !inRange(r.steps, 1, 500)) p.push('steps: 1 to 500');
  return p;
}
