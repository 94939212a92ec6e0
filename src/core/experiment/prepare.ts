import type { Dataset } from '../data/dataset';
import { accuracy } from '../eval/evaluate';
import { initParamValues, type ModelSpec } from '../models';
import { Rng, streamSeed } from '../random';
import type { LossSettings, Objective } from '../train/objective';
import type { OptimizerConfig } from '../train/optimizer';
import { Trainer } from '../train/trainer';
import type { TrainerLike } from '../train/trainerLike';
import type { References } from '../pag/targets';
import { canTrainFused, FusedMlpTrainer, fusedReferenceProvider } from '../fast/fusedTrainer';
import { canTrainFusedCnn, FusedCnnTrainer } from '../fast/cnnTrainer';
import {
  buildMethodReferences,
  lambdaOf,
  objectiveOf,
  referenceProvider,
  rigdNorm,
  teacherAttack,
  teacherProvider,
  type MethodId,
} from './methods';

/** What every method of one comparison shares: the data order, initial weights, optimiser. */
export interface CommonSettings {
  spec: ModelSpec;
  seed: number;
  optimizer: OptimizerConfig;
  batchSize: number;
  epochs: number;
  lambda: number;
  /** Per-method lambda (Table 3), over `lambda`. */
  lambdaByMethod?: Partial<Record<MethodId, number>>;
  /** k target classes per image (0 or absent: all). */
  targetsPerImage?: number;
  /** Epochs of cross-entropy only before the PAG term. */
  warmupEpochs?: number;
  loss: LossSettings;
  nnPoolSize: number | 'all';
  classMeanMatchNorm?: boolean;
  teacherEps: { l2: number; linf: number };
  teacherSteps: number;
  /** The RIGD teacher's optimiser, when it needs a gentler one than the students (default: the same). */
  teacherOptimizer?: OptimizerConfig;
  clipTo01: boolean;
  measureEvery?: number;
  /** For a vanilla model: the targets its (untrained) gradient alignment is measured against. */
  alignWith?: MethodId;
  /**
   * 'auto' trains one-hidden-layer MLPs and the CNNs (vanilla, OI, CM, NN) with the hand-fused
   * float64 steps (src/core/fast: the toy's about 10x faster than TF.js, the CNN's several times
   * faster than TF.js wasm; exact where float32 TF.js rounds); 'tfjs' (the default) always uses
   * TF.js on the active backend. RIGD and adversarial training always use TF.js.
   */
  engine?: EngineRequest;
}

/** What a run asks for ('auto': the fused step where it applies); TrainingEngine says what then trains ('fused' | 'tfjs'). */
export type EngineRequest = 'auto' | 'tfjs';

export type Progress = (done: number, total: number, phase: string) => void;

/** The objective `method` trains with under these settings (with its own lambda). */
export function methodObjective(method: MethodId, s: CommonSettings): Objective {
  return objectiveOf(method, lambdaOf(method, s), s.nnPoolSize);
}

/** What every trainer of a run shares: model, loss, optimiser, data order, k and warm-up. */
export function trainerBase(s: CommonSettings) {
  return {
    spec: s.spec,
    loss: s.loss,
    optimizer: s.optimizer,
    batchSize: s.batchSize,
    seed: streamSeed(s.seed, 'batches'),
    measureEvery: s.measureEvery,
    ...(s.targetsPerImage !== undefined && { targetsPerImage: s.targetsPerImage }),
    ...(s.warmupEpochs !== undefined && { warmupEpochs: s.warmupEpochs }),
  };
}

/** Identical initial weights for every method of a run (same seed, same stream). */
export function initialWeights(spec: ModelSpec, seed: number): Record<string, Float32Array> {
  return initParamValues(spec, new Rng(streamSeed(seed, 'init')));
}

export async function trainFor(trainer: TrainerLike, epochs: number, progress?: Progress, phase = 'train'): Promise<void> {
  const total = trainer.stepsPerEpoch * epochs;
  const every = Math.max(1, Math.floor(total / 200));
  for (let i = 0; i < total; i++) {
    trainer.trainStep();
    if (progress && (i % every === 0 || i === total - 1)) {
      progress(i + 1, total, phase);
      await new Promise((r) => setTimeout(r, 0)); // let the event loop breathe (UI, Ctrl-C)
    }
  }
}

export interface PreparedTrainer {
  trainer: TrainerLike;
  dispose: () => void;
  teacherTrainAccuracy?: number;
  /** The initial weights it starts from (those of every method of the run). */
  init: Record<string, Float32Array>;
  /** Its data-only PAG targets (OI, CM, NN), for traces; null for vanilla and RIGD. */
  refs: References | null;
}

/**
 * A trainer for `method`, ready to step. RIGD methods first train their robust teacher by PGD
 * adversarial training (its own progress phase); the teacher is disposed with the trainer.
 */
export async function prepareTrainer(
  method: MethodId,
  s: CommonSettings,
  train: Dataset,
  progress?: Progress,
): Promise<PreparedTrainer> {
  const init = initialWeights(s.spec, s.seed);
  const objective = methodObjective(method, s);
  const base = trainerBase(s);
  if (rigdNorm(method)) {
    const { trainer: teacher, phase } = rigdTeacher(method, s, train);
    await trainFor(teacher, s.epochs, progress, phase);
    // Reported so a teacher that collapsed to chance (and hands out zero gradients) is not silent.
    const teacherTrainAccuracy = await accuracy(teacher.logitsOf, train, 250);
    const trainer = rigdStudent(method, s, train, teacher, init);
    return { trainer, dispose: () => (trainer.dispose(), teacher.dispose()), teacherTrainAccuracy, init, refs: null };
  }
  const measured = method === 'vanilla' && s.alignWith && !rigdNorm(s.alignWith) ? objectiveOf(s.alignWith, 1, s.nnPoolSize) : objective;
  const source = measured.kind === 'pag' ? measured.source : null;
  const refs = source ? buildMethodReferences(source, train, streamSeed(s.seed, 'targets'), s.classMeanMatchNorm) : null;
  const opts = { ...base, objective };
  const fusedTargets = refs ? fusedReferenceProvider(refs, train) : null;
  const trainer: TrainerLike =
    s.engine === 'auto' && canTrainFused(opts)
      ? new FusedMlpTrainer(opts, train, init, fusedTargets)
      : s.engine === 'auto' && canTrainFusedCnn(opts)
        ? new FusedCnnTrainer(opts, train, init, fusedTargets)
        : new Trainer(opts, train, init, refs ? referenceProvider(refs, train) : null);
  return { trainer, dispose: () => trainer.dispose(), init, refs: objective.kind === 'pag' ? refs : null };
}

/**
 * The RIGD assembly, the one place it is built: prepareTrainer above, the Toy Lab's pair
 * (src/toy/worker/toyPair.ts) and the CIFAR Lab's session, which trains the teacher step by step
 * (time-sliced, pausable, cancellable by disposing it) instead of inside one awaited call:
 * 1. rigdTeacher: the adversarially trained teacher, not yet trained;
 * 2. rigdStudent: once the teacher has trained `totalSteps` steps, the student that distils its
 *    input-gradients. Same objective, seed streams and initial weights everywhere, so the student
 *    trains to bit-identical weights (test/unit/core/cifarRigd.test.ts, test/unit/toy/toyPair.test.ts).
 */
export interface StagedTeacher {
  trainer: Trainer;
  /** Steps prepareTrainer trains it for. */
  totalSteps: number;
  /** Its progress phase name. */
  phase: string;
}

export function rigdTeacher(method: MethodId, s: CommonSettings, train: Dataset): StagedTeacher {
  const norm = rigdNorm(method);
  if (!norm) throw new Error(`${method} has no teacher`);
  const eps = s.teacherEps[norm];
  const trainer = new Trainer(
    { ...trainerBase(s), optimizer: s.teacherOptimizer ?? s.optimizer, objective: { kind: 'adversarial', attack: teacherAttack(norm, eps, s.teacherSteps, s.clipTo01) } },
    train,
    initParamValues(s.spec, new Rng(streamSeed(s.seed + 1000, 'init'))),
    null,
  );
  return { trainer, totalSteps: trainer.stepsPerEpoch * s.epochs, phase: `teacher (${norm} adversarial training, eps ${eps})` };
}

/** The student; it reads the teacher's variables, so dispose the teacher only after it. */
export function rigdStudent(method: MethodId, s: CommonSettings, train: Dataset, teacher: Trainer, init = initialWeights(s.spec, s.seed)): Trainer {
  return new Trainer({ ...trainerBase(s), objective: methodObjective(method, s) }, train, init, teacherProvider(s.spec, teacher.vars, s.loss.output));
}
