import type { Dataset } from '../data/dataset';
import { initParamValues } from '../models';
import { Rng, streamSeed } from '../random';
import { Trainer } from '../train/trainer';
import { rigdNorm, teacherAttack, teacherProvider, type MethodId } from './methods';
import { initialWeights, methodObjective, trainerBase, type CommonSettings } from './prepare';

/**
 * prepareTrainer's RIGD path cut in two, for an app that trains the robust teacher step by step
 * (time-sliced, pausable, cancellable by simply disposing it) instead of inside one awaited call:
 * 1. rigdTeacher: the adversarially trained teacher, not yet trained;
 * 2. rigdStudent: once the caller has stepped the teacher `stepsPerEpoch * epochs` times, the
 *    student that distils its input-gradients.
 * Same objective, seed streams and initial weights as prepareTrainer, so the student trains to
 * bit-identical weights (test/unit/core/cifarRigd.test.ts).
 */
export interface StagedTeacher {
  trainer: Trainer;
  /** Steps prepareTrainer would train it for. */
  totalSteps: number;
  /** prepareTrainer's progress phase name for it. */
  phase: string;
}


export function rigdTeacher(method: MethodId, s: CommonSettings, train: Dataset): StagedTeacher {
  const norm = rigdNorm(method);
  if (!norm) throw new Error(`${method} has no teacher`);
  const eps = s.teacherEps[norm];
  const trainer = new Trainer(
    { ...trainerBase(s), objective: { kind: 'adversarial', attack: teacherAttack(norm, eps, s.teacherSteps, s.clipTo01) } },
    train,
    initParamValues(s.spec, new Rng(streamSeed(s.seed + 1000, 'init'))),
    null,
  );
  return { trainer, totalSteps: trainer.stepsPerEpoch * s.epochs, phase: `teacher (${norm} adversarial training, eps ${eps})` };
}

/** The student; it reads the teacher's variables, so dispose the teacher only after it. */
export function rigdStudent(method: MethodId, s: CommonSettings, train: Dataset, teacher: Trainer): Trainer {
  return new Trainer(
    { ...trainerBase(s), objective: methodObjective(method, s) },
    train,
    initialWeights(s.spec, s.seed),
    teacherProvider(s.spec, teacher.vars, s.loss.output),
  );
}
