/**
 * Checks on a whole RunSettings object, shared by the UI (before sending) and the worker (on
 * receipt: a message is outside data until checked). No TensorFlow.js here: the UI imports it.
 */
import { checkFlatPoints } from '../../core/data/drawn';
import { TOY_PAG_METHODS } from '../../core/spec/methods';
import type { RunSettings } from './protocol';

// The backend names the address bar may ask for, and the PAG methods as the UI offers them
// ('vanilla' is always the other panel): src/core/spec.
export { BACKEND_NAMES, isBackendName as isBackend } from '../../core/spec/backends';
export const PAG_METHODS = TOY_PAG_METHODS;

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
  if (s.logSoftmaxGradient !== undefined && s.logSoftmaxGradient !== 'exact' && s.logSoftmaxGradient !== 'textbook') errs.push('log-softmax gradient must be exact or textbook');
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
