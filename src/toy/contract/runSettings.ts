/**
 * Checks on a whole RunSettings object, shared by the UI (before sending) and the worker (on
 * receipt: a message is outside data until checked). No TensorFlow.js here: the UI imports it.
 */
import { checkFlatPoints } from '../../core/data/drawn';
import type { BackendName, PagMethodId, RunSettings } from './protocol';

/** The backend names the address bar may ask for (core/backend.ts's list; that module loads tfjs). */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];
export const isBackend = (s: string): s is BackendName => (BACKEND_NAMES as readonly string[]).includes(s);

/** The PAG methods of the paper, as the UI offers them ('vanilla' is always the other panel). */
export const PAG_METHODS: readonly { id: PagMethodId; label: string; short: string }[] = [
  { id: 'nn', label: 'Nearest Neighbor', short: 'NN' },
  { id: 'oi', label: 'One Image', short: 'OI' },
  { id: 'cm', label: 'Class Mean', short: 'CM' },
  { id: 'rigd-l2', label: 'RIGD (L2 robust teacher)', short: 'RIGD L2' },
  { id: 'rigd-linf', label: 'RIGD (L∞ robust teacher)', short: 'RIGD L∞' },
  // The control (not in the paper): Nearest Neighbor targets of the swapped class (methods.ts SHUFFLED_EXPLAINED).
  { id: 'shuffled', label: 'Shuffled classes (control)', short: 'Shuffled' },
];

export const TOY_KIND_IDS = ['paper', 'moons', 'circles', 'sines', 'spirals', 'draw'] as const;

/** Upper bounds that keep one session within what a browser tab can hold and draw. */
export const LIMITS = {
  pointsPerClass: 20_000,
  hiddenWidth: 512,
  hiddenLayers: 4,
  epochs: 10_000,
  batchSize: 20_000,
  attackSteps: 500,
} as const;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown, min: number, max: number): boolean => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Every problem with `s`, in words for a person; empty when the settings can run. */
export function checkRunSettings(s: RunSettings): string[] {
  const errs: string[] = [];
  if (!s || typeof s !== 'object') return ['settings missing'];
  if (!(TOY_KIND_IDS as readonly string[]).includes(s.dataset)) errs.push(`unknown dataset "${String(s.dataset)}"`);
  if (s.dataset === 'draw') errs.push(...checkFlatPoints(s.points ?? []));
  if (!PAG_METHODS.some((m) => m.id === s.pagMethod)) errs.push(`unknown PAG method "${String(s.pagMethod)}"`);
  if (!isNum(s.noise) || s.noise < 0) errs.push('noise must be a number >= 0');
  if (!isInt(s.seed, 0, 2 ** 31 - 1)) errs.push('seed must be a whole number from 0 to 2147483647');
  if (!isInt(s.trainPerClass, 1, LIMITS.pointsPerClass)) errs.push(`training points per class must be 1 to ${LIMITS.pointsPerClass}`);
  if (!isInt(s.testPerClass, 1, LIMITS.pointsPerClass)) errs.push(`test points per class must be 1 to ${LIMITS.pointsPerClass}`);
  if (!Array.isArray(s.hidden) || s.hidden.length < 1 || s.hidden.length > LIMITS.hiddenLayers || !s.hidden.every((h) => isInt(h, 1, LIMITS.hiddenWidth))) {
    errs.push(`hidden layers must be 1 to ${LIMITS.hiddenLayers} layers of 1 to ${LIMITS.hiddenWidth} units`);
  }
  if (s.activation !== 'relu' && s.activation !== 'softplus') errs.push('activation must be relu or softplus');
  if (s.optimizer !== 'adam' && s.optimizer !== 'sgd') errs.push('optimizer must be adam or sgd');
  if (!isNum(s.learningRate) || s.learningRate <= 0) errs.push('learning rate must be a number > 0');
  if (!isNum(s.momentum) || s.momentum < 0 || s.momentum >= 1) errs.push('momentum must be in [0, 1)');
  if (!isInt(s.batchSize, 1, LIMITS.batchSize)) errs.push(`batch size must be a whole number from 1 to ${LIMITS.batchSize}`);
  if (!isInt(s.epochs, 1, LIMITS.epochs)) errs.push(`epochs must be a whole number from 1 to ${LIMITS.epochs}`);
  if (!isNum(s.lambda) || s.lambda < 0) errs.push('lambda must be a number >= 0');
  if (s.output !== 'logSoftmax' && s.output !== 'logit') errs.push('output must be logSoftmax or logit');
  if (!isNum(s.cosEps) || s.cosEps <= 0) errs.push('cosine epsilon must be > 0');
  if (s.cosine !== undefined && s.cosine !== 'paper' && s.cosine !== 'torch') errs.push('cosine convention must be paper or torch');
  if (s.nnPoolSize !== 'all' && !isInt(s.nnPoolSize, 1, LIMITS.pointsPerClass)) errs.push('NN pool size must be "all" or a positive whole number');
  if (!isNum(s.teacherEpsL2) || s.teacherEpsL2 <= 0 || !isNum(s.teacherEpsLinf) || s.teacherEpsLinf <= 0) errs.push('teacher radii must be > 0');
  if (!isInt(s.teacherSteps, 1, LIMITS.attackSteps)) errs.push('teacher PGD steps must be 1 to 500');
  if (!isInt(s.measureEvery, 1, 2 ** 31)) errs.push('measureEvery must be a positive whole number');
  return errs;
}

/** Problems with an attack request (same idea as checkRunSettings). */
export function checkAttack(r: { norm: string; eps: number; steps: number; alpha: number; targeted: boolean }): string[] {
  const errs: string[] = [];
  if (r.norm !== 'l2' && r.norm !== 'linf') errs.push('norm must be L2 or L∞');
  if (!isNum(r.eps) || r.eps <= 0) errs.push('eps must be a number > 0');
  if (!isInt(r.steps, 1, LIMITS.attackSteps)) errs.push(`PGD steps must be a whole number from 1 to ${LIMITS.attackSteps}`);
  if (!isNum(r.alpha) || r.alpha <= 0) errs.push('step size must be a number > 0');
  if (typeof r.targeted !== 'boolean') errs.push('targeted must be true or false');
  return errs;
}
