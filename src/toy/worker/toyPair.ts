import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../core/data/dataset';
import { teacherTargets } from '../../core/pag/rigd';
import { targetsAtPoints } from '../../core/pag/targets';
import { streamSeed } from '../../core/random';
import { Trainer } from '../../core/train/trainer';
import type { TrainerLike } from '../../core/train/trainerLike';
import {
  buildMethodReferences,
  rigdNorm,
  targetSourceOf,
  teacherProvider,
  type PagMethodId,
} from '../../core/experiment/methods';
import { Cancelled } from '../../common/worker/cancelled';
import { initialWeights, prepareTrainer, rigdStudent, rigdTeacher, trainerBase, type CommonSettings, type Progress } from '../../core/experiment/prepare';

export type { PagMethodId };

/** The two models of a Toy Lab run, and the ground truth for the arrows. */
export interface ToyPair {
  vanilla: TrainerLike;
  pag: TrainerLike;
  /** g(x, t) at `points` (flat [n, 2]), layout [C, n, dim] like targetsAtPoints. */
  groundTruthAt(points: Float32Array): Promise<Float32Array>;
  dispose(): void;
}

export interface PairOptions {
  progress?: Progress;
  /** Polled while the RIGD teacher trains; returning true abandons the preparation (throws Cancelled). */
  cancelled?: () => boolean;
  /** Lets the caller's event loop run between chunks of teacher training. */
  yieldControl?: () => Promise<void>;
}

/**
 * The two models the Toy Lab trains side by side: vanilla and one PAG method, with identical
 * initial weights and batch order, plus the "ground truth" g(x, t) at arbitrary points for the
 * gradient-field arrows.
 *
 * OI / CM / NN go through prepareTrainer unchanged (the vanilla model aligned against the same
 * targets). RIGD is assembled here from the same parts as prepareTrainer, for three reasons the
 * app needs and the CLI does not: the robust teacher is trained once and shared (the vanilla
 * model's alignment is then measured against the teacher's gradients too, and the arrows can show
 * them), and teacher training can be cancelled (a Reset in the middle of it) without leaking its
 * tensors. test/unit/toy/toyPair.test.ts checks that the PAG model trains to bit-identical weights
 * either way.
 */
export async function prepareToyPair(
  method: PagMethodId,
  s: CommonSettings,
  train: Dataset,
  opts: PairOptions = {},
): Promise<ToyPair> {
  return rigdNorm(method) ? prepareRigdPair(method, s, train, opts) : prepareReferencePair(method, s, train);
}

async function prepareReferencePair(method: PagMethodId, s: CommonSettings, train: Dataset): Promise<ToyPair> {
  const vanilla = await prepareTrainer('vanilla', { ...s, alignWith: method }, train);
  const pag = await prepareTrainer(method, s, train);
  const source = targetSourceOf(method, s.nnPoolSize)!;
  // Built on first use only: the arrows are optional and NN references cost ~0.15 s.
  let refs: ReturnType<typeof buildMethodReferences> | undefined;
  return {
    vanilla: vanilla.trainer,
    pag: pag.trainer,
    async groundTruthAt(points) {
      refs ??= buildMethodReferences(source, train, streamSeed(s.seed, 'targets'), s.classMeanMatchNorm);
      return targetsAtPoints(refs!, train, points);
    },
    dispose() {
      vanilla.dispose();
      pag.dispose();
    },
  };
}

async function prepareRigdPair(method: PagMethodId, s: CommonSettings, train: Dataset, opts: PairOptions): Promise<ToyPair> {
  // prepareTrainer's teacher and student (prepare.ts, the one RIGD assembly), the teacher trained here.
  const { trainer: teacher, phase } = rigdTeacher(method, s, train);
  try {
    await trainTeacher(teacher, s.epochs, phase, opts);
  } catch (e) {
    teacher.dispose();
    throw e;
  }
  const init = initialWeights(s.spec, s.seed);
  const pag = rigdStudent(method, s, train, teacher, init);
  // Vanilla training ignores targets; with the teacher's provider its alignment is measured against the teacher.
  const vanilla = new Trainer({ ...trainerBase(s), objective: { kind: 'vanilla' } }, train, init, teacherProvider(s.spec, teacher.vars, s.loss.output));
  return {
    vanilla,
    pag,
    async groundTruthAt(points) {
      const t = tf.tidy(() => teacherTargets(s.spec, teacher.vars, tf.tensor2d(points, [points.length / 2, 2]), s.loss.output));
      const out = Float32Array.from(await t.data());
      t.dispose();
      return out;
    },
    dispose() {
      vanilla.dispose();
      pag.dispose();
      teacher.dispose();
    },
  };
}

/** trainFor's loop (same steps, same progress phase), with cancellation between chunks. */
async function trainTeacher(teacher: Trainer, epochs: number, phase: string, opts: PairOptions): Promise<void> {
  const total = teacher.stepsPerEpoch * epochs;
  const every = Math.max(1, Math.floor(total / 200));
  const pause = opts.yieldControl ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  for (let i = 0; i < total; i++) {
    teacher.trainStep();
    if (i % every === 0 || i === total - 1) {
      opts.progress?.(i + 1, total, phase);
      await pause();
      if (opts.cancelled?.()) throw new Cancelled();
    }
  }
}
