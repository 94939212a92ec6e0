/**
 * Every user setting of the Toy Lab as one typed table: its label, group, control, limits, how it
 * parses from text and prints back, whether changing it needs a restart, and a short key for the
 * address bar. Controls are generated from the table, and a URL round-trip only needs
 * parseField/formatField over URL_KEYS. Defaults are the paper's setting (PAPER_TOY).
 */
import type { z } from 'zod';
import type { Norm } from '../../../core/attack/pgd';
import { TOY_KINDS, type ToyKind } from '../../../core/data/toy';
import { PAPER_TOY } from '../../../core/experiment/toySettings';
import type { Activation } from '../../../core/models/model';
import type { OptimizerKind } from '../../../core/train/optimizer';
import type { LogSoftmaxGradient } from '../../../core/pag/logSoftmax';
import type { PagMethodId, RunSettings } from '../../contract/protocol';
import { LIMITS, PAG_METHODS } from '../../contract/runSettings';
import { fieldSchema, firstIssue } from '../../../common/share/fieldSchema';
import { formatPoints, pointsText } from '../../../core/data/drawn';

export const SPEEDS = ['1', '3', '10', '30', '100', 'max'] as const;
export type Speed = (typeof SPEEDS)[number];
export type ArrowMode = 'off' | 'model' | 'truth' | 'both';
export type ArrowClass = 'both' | '0' | '1';

export interface ToyLabSettings {
  // Data, model and training: define the run (a change needs a restart).
  /** A generated manifold, or 'draw': the points in `points` (issue 15). */
  dataset: ToyKind | 'draw';
  /** Drawn points as text, "x,y,class;x,y,class" (canonical: formatPoints); used with dataset 'draw'. */
  points: string;
  noise: number;
  seed: number;
  trainPerClass: number;
  hiddenWidth: number;
  hiddenLayers: number;
  activation: Activation;
  pagMethod: PagMethodId;
  lambda: number;
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Numerics: the log-softmax gradient form (a run setting; in links and saved runs, not in the panel). */
  gradient: LogSoftmaxGradient;
  // Live: apply at once.
  speed: Speed;
  arrows: ArrowMode;
  arrowClass: ArrowClass;
  showTrain: boolean;
  showTest: boolean;
  // Attack: apply to the next attack. attackAlpha null = automatic, 2.5 * eps / steps.
  attackNorm: Norm;
  attackEps: number;
  attackSteps: number;
  attackAlpha: number | null;
  attackTargeted: boolean;
}

export type SettingKey = keyof ToyLabSettings;
export type Group = 'data' | 'model' | 'training' | 'view' | 'attack';

interface FieldBase {
  label: string;
  group: Group;
  /** Changing it rebuilds the models (a new run). */
  restart: boolean;
  /** Short key for the address bar. */
  url: string;
  help?: string;
}

export interface NumberField extends FieldBase {
  kind: 'number' | 'int';
  min: number;
  /** min itself is not allowed (learning rate > 0). */
  minExclusive?: boolean;
  max: number;
  /** Empty text means null ("automatic"). */
  optional?: boolean;
  unit?: string;
}

export interface EnumField extends FieldBase {
  kind: 'enum';
  options: readonly { value: string; label: string }[];
}

export interface BoolField extends FieldBase {
  kind: 'bool';
}

/** Drawn points (core/data/drawn.ts): set by drawing on the plot, not typed. */
export interface PointsField extends FieldBase {
  kind: 'points';
}

export type FieldSpec = NumberField | EnumField | BoolField | PointsField;

const opts = <T extends string>(pairs: readonly (readonly [T, string])[]) => pairs.map(([value, label]) => ({ value, label }));

export const SETTINGS_TABLE: Record<SettingKey, FieldSpec> = {
  dataset: { kind: 'enum', label: 'Dataset', group: 'data', restart: true, url: 'data', options: [...TOY_KINDS.map((k) => ({ value: k.kind, label: k.label })), { value: 'draw', label: 'Draw your own' }] },
  points: { kind: 'points', label: 'Drawn points', group: 'data', restart: true, url: 'pts', help: 'Points placed on the plot with dataset "Draw your own": x,y,class;…' },
  noise: { kind: 'number', label: 'Noise', group: 'data', restart: true, url: 'noise', min: 0, max: 20, unit: 'data units', help: 'Standard deviation of Gaussian noise added to the points' },
  seed: { kind: 'int', label: 'Seed', group: 'data', restart: true, url: 'seed', min: 0, max: 2 ** 31 - 1, help: 'Seeds the data, the initial weights, the batch order and the attack' },
  trainPerClass: { kind: 'int', label: 'Train points / class', group: 'data', restart: true, url: 'n', min: 10, max: LIMITS.pointsPerClass },
  hiddenWidth: { kind: 'int', label: 'Hidden width', group: 'model', restart: true, url: 'width', min: 1, max: LIMITS.hiddenWidth },
  hiddenLayers: { kind: 'int', label: 'Hidden layers', group: 'model', restart: true, url: 'layers', min: 1, max: LIMITS.hiddenLayers },
  activation: { kind: 'enum', label: 'Activation', group: 'model', restart: true, url: 'act', options: opts([['relu', 'ReLU'], ['softplus', 'Softplus']] as const) },
  pagMethod: { kind: 'enum', label: 'PAG source', group: 'training', restart: true, url: 'pag', options: PAG_METHODS.map((m) => ({ value: m.id, label: m.label })), help: 'Where the "ground truth" gradients g(x, t) come from' },
  lambda: { kind: 'number', label: 'λ (PAG weight)', group: 'training', restart: true, url: 'lambda', min: 0, max: 1000 },
  optimizer: { kind: 'enum', label: 'Optimizer', group: 'training', restart: true, url: 'opt', options: opts([['adam', 'Adam'], ['sgd', 'SGD (momentum 0.9)']] as const) },
  learningRate: { kind: 'number', label: 'Learning rate', group: 'training', restart: true, url: 'lr', min: 0, minExclusive: true, max: 10 },
  batchSize: { kind: 'int', label: 'Batch size', group: 'training', restart: true, url: 'batch', min: 1, max: LIMITS.batchSize },
  epochs: { kind: 'int', label: 'Epochs', group: 'training', restart: true, url: 'epochs', min: 1, max: LIMITS.epochs },
  gradient: { kind: 'enum', label: 'Log-softmax gradient', group: 'training', restart: true, url: 'grad', options: opts([['textbook', 'textbook (float32, as PyTorch)'], ['exact', 'exact (rearranged)']] as const), help: 'How the log-softmax gradient is rounded (docs/numerics.md)' },
  speed: { kind: 'enum', label: 'Speed', group: 'view', restart: false, url: 'speed', options: SPEEDS.map((s) => ({ value: s, label: s === 'max' ? 'Max' : `${s} steps/s` })) },
  arrows: { kind: 'enum', label: 'Gradient field', group: 'view', restart: false, url: 'arrows', options: opts([['off', 'off'], ['model', 'model ∇f'], ['truth', 'target g'], ['both', 'both']] as const), help: 'Arrows: the direction of each class score’s input-gradient (coloured by class), and/or the “ground-truth” direction g(x, t) it is trained to align with (black)' },
  arrowClass: { kind: 'enum', label: 'class', group: 'view', restart: false, url: 'aclass', options: opts([['both', 'both'], ['0', 'class 0'], ['1', 'class 1']] as const), help: 'Which class scores the arrows are drawn for' },
  showTrain: { kind: 'bool', label: 'train', group: 'view', restart: false, url: 'train' },
  showTest: { kind: 'bool', label: 'test', group: 'view', restart: false, url: 'test' },
  attackNorm: { kind: 'enum', label: 'norm', group: 'attack', restart: false, url: 'norm', options: opts([['l2', 'L2'], ['linf', 'L∞']] as const) },
  attackEps: { kind: 'number', label: 'ε', group: 'attack', restart: false, url: 'eps', min: 0, minExclusive: true, max: 1000, help: 'Attack radius, in data units' },
  attackSteps: { kind: 'int', label: 'steps', group: 'attack', restart: false, url: 'steps', min: 1, max: LIMITS.attackSteps },
  attackAlpha: { kind: 'number', label: 'step', group: 'attack', restart: false, url: 'alpha', min: 0, minExclusive: true, max: 1000, optional: true, help: 'Empty = automatic, 2.5·ε / steps' },
  attackTargeted: { kind: 'bool', label: 'targeted', group: 'attack', restart: false, url: 'targeted', help: 'Targeted: push each point towards the other class. Untargeted: push it away from its own class' },
};

export const DEFAULT_SETTINGS: ToyLabSettings = {
  dataset: PAPER_TOY.dataset,
  points: '',
  noise: PAPER_TOY.noise,
  seed: PAPER_TOY.seed,
  trainPerClass: PAPER_TOY.trainPerClass,
  hiddenWidth: PAPER_TOY.hidden[0],
  hiddenLayers: PAPER_TOY.hidden.length,
  activation: PAPER_TOY.activation,
  pagMethod: 'nn',
  lambda: PAPER_TOY.lambda,
  optimizer: PAPER_TOY.optimizer,
  learningRate: PAPER_TOY.learningRate,
  batchSize: PAPER_TOY.batchSize,
  epochs: PAPER_TOY.epochs,
  // The float32 frameworks' form, like the CLI's default: the paper's numbers come from a float32
  // PyTorch run, and the toy's robustness depends on it (docs/numerics.md).
  gradient: 'textbook',
  speed: 'max',
  arrows: 'off',
  arrowClass: 'both',
  showTrain: true,
  showTest: true,
  attackNorm: 'l2',
  attackEps: 15,
  attackSteps: 20,
  attackAlpha: null,
  attackTargeted: true,
};

export const SETTING_KEYS = Object.keys(SETTINGS_TABLE) as SettingKey[];
export const RESTART_KEYS = SETTING_KEYS.filter((k) => SETTINGS_TABLE[k].restart);

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const schemas = new Map<SettingKey, z.ZodType<unknown, string>>();

/** The zod schema of one setting (fieldSchema.ts, from its row of the table): text to its value. */
export function settingSchema(key: SettingKey): z.ZodType<unknown, string> {
  let s = schemas.get(key);
  const spec = SETTINGS_TABLE[key];
  if (!s) schemas.set(key, (s = spec.kind === 'points' ? pointsText.transform(formatPoints) : fieldSchema(spec)));
  return s;
}

/** Text (from an input, the address bar or a saved run) to a value of `key`, or a sentence saying why not. */
export function parseField<K extends SettingKey>(key: K, text: string): Parsed<ToyLabSettings[K]> {
  const r = settingSchema(key).safeParse(text);
  if (r.success) return { ok: true, value: r.data as ToyLabSettings[K] };
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return { ok: false, error: `${SETTINGS_TABLE[key].label}: "${shown}" ${firstIssue(r.error)}` };
}

/** A value of `key` as text, the inverse of parseField. */
export function formatField<K extends SettingKey>(_key: K, value: ToyLabSettings[K]): string {
  if (value === null) return '';
  return String(value);
}

/** The engine's settings for a run. */
export function runSettingsOf(s: ToyLabSettings): RunSettings {
  return {
    ...PAPER_TOY,
    dataset: s.dataset,
    ...(s.dataset === 'draw' ? { points: drawnPointsOf(s.points) } : {}),
    noise: s.noise,
    seed: s.seed,
    trainPerClass: s.trainPerClass,
    hidden: Array.from({ length: s.hiddenLayers }, () => s.hiddenWidth),
    activation: s.activation,
    pagMethod: s.pagMethod,
    lambda: s.lambda,
    optimizer: s.optimizer,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    epochs: s.epochs,
    logSoftmaxGradient: s.gradient,
    // The worker measures everything on the test set at each snapshot; the trainers' own
    // per-batch measurement (an extra input-gradient pass for the vanilla model) is not needed.
    measureEvery: 1_000_000,
  };
}

/** Restart-needing settings whose value differs from the run's. */
export function pendingRestart(edited: ToyLabSettings, applied: ToyLabSettings | null): SettingKey[] {
  if (!applied) return [];
  return RESTART_KEYS.filter((k) => edited[k] !== applied[k]);
}

/** The step size an attack uses: the user's, or 2.5 eps / steps (the CLI's convention). */
export function attackAlphaOf(s: Pick<ToyLabSettings, 'attackAlpha' | 'attackEps' | 'attackSteps'>): number {
  return s.attackAlpha ?? (2.5 * s.attackEps) / s.attackSteps;
}

/** Steps per second for the worker; null = as fast as possible. */
export function speedOf(s: Speed): number | null {
  return s === 'max' ? null : Number(s);
}

/** The drawn points of the settings as flat x, y, class triples (empty if the text is bad). */
export function drawnPointsOf(text: string): number[] {
  const r = pointsText.safeParse(text);
  return r.success ? r.data : [];
}
