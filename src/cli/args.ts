import { parseArgs } from 'node:util';
import { isMethodId, METHOD_IDS, type MethodId } from '../core/experiment/methods';
import type { TrainingEngine } from '../core/spec/backends';

/** A bad command line: the CLI prints the message on one line and exits non-zero. */
export class UsageError extends Error {}

export interface ToyArgs {
  experiment: 'toy';
  seeds: number[];
  epochs: number;
  methods: MethodId[];
  out: string;
  eps?: number[];
  engine: 'auto' | 'tfjs';
  gradient: 'textbook' | 'exact';
  /** 'suite': every setting under the attack suite (src/core/eval/suite.ts), worst case reported. */
  attacks: 'pgd' | 'suite';
  /** 'paper': the paper appendix's attack (toy: L2 PGD-10, step 2 at eps 15) instead of the notebook's. */
  attackPreset: 'default' | 'paper';
  /** Write the run's step-by-step trace (toyTrace.ts) to this file: one seed, fused engine, vanilla/nn. */
  trace?: string;
  /** The cosine's eps convention (src/core/fast/fusedCosine.ts). */
  cosine: 'paper' | 'torch';
}

function int(name: string, v: string, min: number): number {
  if (!/^-?\d+$/.test(v.trim())) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min) throw new UsageError(`--${name} must be >= ${min}, got ${n}`);
  return n;
}

/** "3" -> [3]; "1-10" -> [1..10]; "1,4,7" -> [1,4,7]. */
export function parseSeeds(v: string): number[] {
  const out: number[] = [];
  for (const part of v.split(',')) {
    const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(part);
    if (m) {
      const [a, b] = [Number(m[1]), Number(m[2])];
      if (b < a) throw new UsageError(`--seeds range "${part}" is empty`);
      if (b - a > 999) throw new UsageError(`--seeds range "${part}" is too long (at most 1000 seeds)`);
      for (let s = a; s <= b; s++) out.push(s);
    } else out.push(int('seeds', part, 0));
  }
  return out;
}

export function parseMethods(v: string): MethodId[] {
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('--methods needs at least one method');
  for (const m of list) if (!isMethodId(m)) throw new UsageError(`unknown method "${m}" (choose from ${METHOD_IDS.join(', ')})`);
  return [...new Set(list)] as MethodId[];
}

export function parseEpsList(v: string): number[] {
  return v.split(',').map((s) => {
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--eps values must be numbers, got "${s}"`);
    if (n <= 0) throw new UsageError(`--eps values must be positive, got ${n}`);
    return n;
  });
}

function parseGradient(v: string | undefined): 'textbook' | 'exact' {
  if (v === undefined) return 'textbook';
  if (v !== 'textbook' && v !== 'exact') throw new UsageError(`--gradient must be textbook or exact, got "${v}"`);
  return v;
}

/** --attacks and --attack-preset, shared by both experiments. */
function parseAttackFlags(v: { attacks?: string; 'attack-preset'?: string }): { attacks: 'pgd' | 'suite'; attackPreset: 'default' | 'paper' } {
  return {
    attacks: v.attacks === undefined ? 'pgd' : oneOf('attacks', v.attacks, ['pgd', 'suite'] as const),
    attackPreset: v['attack-preset'] === undefined ? 'default' : oneOf('attack-preset', v['attack-preset'], ['default', 'paper'] as const),
  };
}

const ATTACK_OPTIONS = { attacks: { type: 'string' }, 'attack-preset': { type: 'string' } } as const;

function parseCosine(v: string | undefined): 'paper' | 'torch' {
  if (v === undefined) return 'paper';
  if (v !== 'paper' && v !== 'torch') throw new UsageError(`--cosine must be paper or torch, got "${v}"`);
  return v;
}

function parseEngine(v: string | undefined): 'auto' | 'tfjs' {
  if (v === undefined) return 'auto';
  if (v !== 'auto' && v !== 'tfjs') throw new UsageError(`--engine must be auto or tfjs, got "${v}"`);
  return v;
}

export function parseToyArgs(argv: string[]): ToyArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        seed: { type: 'string' },
        seeds: { type: 'string' },
        epochs: { type: 'string' },
        methods: { type: 'string' },
        out: { type: 'string' },
        eps: { type: 'string' },
        engine: { type: 'string' },
        gradient: { type: 'string' },
        ...ATTACK_OPTIONS,
        trace: { type: 'string' },
        cosine: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (v.seed !== undefined && v.seeds !== undefined) throw new UsageError('give --seed or --seeds, not both');
  const args: ToyArgs = {
    experiment: 'toy',
    seeds: v.seeds !== undefined ? parseSeeds(v.seeds) : [v.seed !== undefined ? int('seed', v.seed, 0) : 2],
    epochs: v.epochs !== undefined ? int('epochs', v.epochs, 1) : 100,
    methods: v.methods !== undefined ? parseMethods(v.methods) : ['vanilla', 'nn'],
    out: v.out ?? 'out/toy',
    eps: v.eps !== undefined ? parseEpsList(v.eps) : undefined,
    engine: parseEngine(v.engine),
    gradient: parseGradient(v.gradient),
    ...parseAttackFlags(v),
    trace: v.trace,
    cosine: parseCosine(v.cosine),
  };
  if (args.trace !== undefined) {
    if (args.trace.trim() === '') throw new UsageError('--trace needs a file name');
    if (args.seeds.length !== 1) throw new UsageError('--trace records one seed: use --seed N');
    if (args.engine !== 'auto') throw new UsageError('--trace records the fused engine: leave --engine auto');
    const other = args.methods.find((m) => m !== 'vanilla' && m !== 'nn');
    if (other) throw new UsageError(`--trace records vanilla and nn models, not ${other}`);
  }
  return args;
}

export interface CifarArgs {
  experiment: 'cifar';
  data: string;
  classes: number[];
  perClass: number;
  testPerClass: number;
  methods: MethodId[];
  epochs: number;
  /** One seed, or several for the spread (--seeds). */
  seeds: number[];
  out: string;
  // Optional overrides of the recipe (CIFAR_DEFAULTS otherwise).
  /** One lambda for every method (over the per-method Table 3 values). */
  lambda?: number;
  /** k target classes per image (0 = all). */
  k?: number;
  /** Epochs of cross-entropy only before the PAG term. */
  warmup?: number;
  learningRate?: number;
  teacherLearningRate?: number;
  head?: 'gap' | 'flatten';
  centerInput?: boolean;
  /** L2 radii of the robust-accuracy columns (default: Table 1's 0.5). */
  l2Eps?: number[];
  attacks: 'pgd' | 'suite';
  /** 'paper': PGD-20 with a random start and step 2 eps / 20 (the appendix) instead of 2.5 eps / 20 from the clean point. */
  attackPreset: 'default' | 'paper';
  /** What trains the CNNs (RIGD aside): the fused CPU step (default) or TF.js on wasm. */
  engine: TrainingEngine;
  /** Figure 4's number: the L2 radii, and the independent model that judges the images. */
  fig4Eps?: number[];
  judge: 'vanilla' | 'at';
}

function positive(name: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got "${v}"`);
  return n;
}

function oneOf<T extends string>(name: string, v: string, options: readonly T[]): T {
  if (!(options as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${options.join(', ')}, got "${v}"`);
  return v as T;
}

export function parseClasses(v: string): number[] {
  const list = v.split(',').map((s) => s.trim());
  const nums = list.map((s) => {
    if (!/^\d+$/.test(s) || Number(s) > 9) throw new UsageError(`--classes takes CIFAR-10 class ids 0-9, got "${s}"`);
    return Number(s);
  });
  if (nums.length < 2 || nums.length > 10) throw new UsageError('--classes needs 2 to 10 classes');
  if (new Set(nums).size !== nums.length) throw new UsageError('--classes has a class twice');
  return nums;
}

export function parseCifarArgs(
  argv: string[],
  defaults: { classes: number[]; perClass: number; testPerClass: number; epochs: number; seed: number; targetsPerImage: number; warmupEpochs: number },
): CifarArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: {
        data: { type: 'string' },
        classes: { type: 'string' },
        'per-class': { type: 'string' },
        'test-per-class': { type: 'string' },
        methods: { type: 'string' },
        epochs: { type: 'string' },
        seed: { type: 'string' },
        seeds: { type: 'string' },
        out: { type: 'string' },
        lambda: { type: 'string' },
        k: { type: 'string' },
        warmup: { type: 'string' },
        'fig4-eps': { type: 'string' },
        judge: { type: 'string' },
        lr: { type: 'string' },
        'teacher-lr': { type: 'string' },
        head: { type: 'string' },
        center: { type: 'string' },
        'l2-eps': { type: 'string' },
        ...ATTACK_OPTIONS,
        engine: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (!v.data) throw new UsageError('--data DIR is required (a folder with CIFAR-10 .bin files; see npm run data:cifar)');
  if (v.seed !== undefined && v.seeds !== undefined) throw new UsageError('give --seed or --seeds, not both');
  const classes = v.classes !== undefined ? parseClasses(v.classes) : defaults.classes;
  const epochs = v.epochs !== undefined ? int('epochs', v.epochs, 1) : defaults.epochs;
  const k = v.k !== undefined ? int('k', v.k, 0) : undefined;
  if (k !== undefined && k > classes.length) throw new UsageError(`--k must be at most the number of classes (${classes.length}), got ${k}`);
  const warmup = v.warmup !== undefined ? int('warmup', v.warmup, 0) : undefined;
  if ((warmup ?? defaults.warmupEpochs) >= epochs) {
    throw new UsageError(`--warmup (${warmup ?? defaults.warmupEpochs}) must be fewer than --epochs (${epochs}): the PAG term would never start`);
  }
  return {
    experiment: 'cifar',
    data: v.data,
    classes,
    perClass: v['per-class'] !== undefined ? int('per-class', v['per-class'], 1) : defaults.perClass,
    testPerClass: v['test-per-class'] !== undefined ? int('test-per-class', v['test-per-class'], 1) : defaults.testPerClass,
    // RIGD (an upper bound that leaks the teacher's robustness, Sec. 4.1) only when asked for.
    methods: v.methods !== undefined ? parseMethods(v.methods) : ['vanilla', 'oi', 'cm', 'nn'],
    epochs,
    seeds: v.seeds !== undefined ? parseSeeds(v.seeds) : [v.seed !== undefined ? int('seed', v.seed, 0) : defaults.seed],
    out: v.out ?? 'out/cifar',
    lambda: v.lambda !== undefined ? positive('lambda', v.lambda) : undefined,
    k,
    warmup,
    learningRate: v.lr !== undefined ? positive('lr', v.lr) : undefined,
    teacherLearningRate: v['teacher-lr'] !== undefined ? positive('teacher-lr', v['teacher-lr']) : undefined,
    head: v.head !== undefined ? oneOf('head', v.head, ['gap', 'flatten'] as const) : undefined,
    centerInput: v.center !== undefined ? oneOf('center', v.center, ['yes', 'no'] as const) === 'yes' : undefined,
    l2Eps: v['l2-eps'] !== undefined ? parseEpsList(v['l2-eps']) : undefined,
    ...parseAttackFlags(v),
    engine: v.engine !== undefined ? oneOf('engine', v.engine, ['fused', 'tfjs'] as const) : 'fused',
    fig4Eps: v['fig4-eps'] !== undefined ? parseEpsList(v['fig4-eps']) : undefined,
    judge: v.judge !== undefined ? oneOf('judge', v.judge, ['vanilla', 'at'] as const) : 'vanilla',
  };
}

export interface PretrainedArgs {
  data: string;
  out: string;
  seed: number;
  methods: MethodId[];
  /** A throwaway set for development: few images, 1 epoch (never to be committed). */
  quick: boolean;
}

/** `npm run pretrained -- --data DIR [--seed N] [--methods ...] [--out DIR] [--quick]`. */
export function parsePretrainedArgs(argv: string[]): PretrainedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      options: { data: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, methods: { type: 'string' }, quick: { type: 'boolean' } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
  const v = parsed.values;
  if (!v.data) throw new UsageError('--data DIR is required (CIFAR-10 training and test batches; see npm run data:cifar)');
  return {
    data: v.data,
    out: v.out ?? 'public/pretrained',
    seed: v.seed !== undefined ? int('seed', v.seed, 0) : 1,
    methods: v.methods !== undefined ? parseMethods(v.methods) : ['vanilla', 'oi', 'cm', 'nn'],
    quick: v.quick ?? false,
  };
}
