import type { Dataset } from '../data/dataset';
import { accuracy, attackDataset, type RobustResult } from '../eval/evaluate';
import { Rng, streamSeed } from '../random';
import { defaultAlpha, type AttackSpec } from '../train/objective';
import type { MethodId } from './methods';
import { prepareTrainer, trainFor, type CommonSettings } from './prepare';
import type { RunResult, TrainedModel } from './results';
import { cifarModelSpec, type CifarSettings } from './cifarSettings';
import { CIFAR_SUITE } from '../eval/suite';
import { evaluateRobust, runWarnings, type AttackMode } from './robustEval';

/**
 * Table 1's attacks: untargeted PGD-20, L_inf eps 8/255 and L2 eps 0.5, inputs kept in [0, 1].
 * More L2 radii add columns (a 2-class subset has wider margins than 10-class CIFAR-10).
 */
export function table1Attacks(linfEps = 8 / 255, l2Eps: number | number[] = 0.5, steps = 20): AttackSpec[] {
  const l2 = Array.isArray(l2Eps) ? l2Eps : [l2Eps];
  return [
    { norm: 'linf', eps: linfEps, steps, alpha: defaultAlpha(linfEps, steps), targeted: false, clipTo01: true },
    ...l2.map((eps): AttackSpec => ({ norm: 'l2', eps, steps, alpha: defaultAlpha(eps, steps), targeted: false, clipTo01: true })),
  ];
}

export function cifarCommonSettings(s: CifarSettings): CommonSettings {
  return {
    spec: cifarModelSpec(s),
    seed: s.seed,
    optimizer: { kind: s.optimizer, learningRate: s.learningRate, momentum: s.momentum, weightDecay: s.weightDecay },
    batchSize: s.batchSize,
    epochs: s.epochs,
    lambda: s.lambda,
    loss: { output: s.output, cosEps: s.cosEps },
    nnPoolSize: s.nnPoolSize,
    classMeanMatchNorm: s.classMeanMatchNorm,
    teacherEps: { l2: s.teacherEpsL2, linf: s.teacherEpsLinf },
    teacherSteps: s.teacherSteps,
    teacherOptimizer: s.teacherLearningRate === undefined ? undefined : { kind: s.optimizer, learningRate: s.teacherLearningRate, momentum: s.momentum, weightDecay: s.weightDecay },
    clipTo01: true,
    measureEvery: 10,
    engine: s.engine === 'tfjs' ? 'tfjs' : 'auto',
  };
}

export async function evaluateModel(
  logitsOf: Parameters<typeof accuracy>[0],
  test: Dataset,
  attacks: AttackSpec[],
  seed: number,
): Promise<{ cleanAccuracy: number; robust: RobustResult[] }> {
  const cleanAccuracy = await accuracy(logitsOf, test, 200);
  const robust: RobustResult[] = [];
  for (const a of attacks) robust.push((await attackDataset(logitsOf, test, a, new Rng(streamSeed(seed, 'attack')), { chunk: 200 })).result);
  return { cleanAccuracy, robust };
}

/** Trains every method with identical data, initial weights and batch order; evaluates Table 1. */
export async function runCifar(
  s: CifarSettings,
  data: { train: Dataset; test: Dataset },
  methods: MethodId[],
  attacks: AttackSpec[] = table1Attacks(),
  progress?: (method: MethodId, done: number, total: number, phase: string) => void,
  attackMode: AttackMode = 'pgd',
): Promise<{ run: RunResult; models: TrainedModel[] }> {
  const common = cifarCommonSettings(s);
  const models: TrainedModel[] = [];
  for (const method of methods) {
    const t0 = performance.now();
    const p = progress ? (d: number, t: number, ph: string) => progress(method, d, t, ph) : undefined;
    const { trainer, dispose, teacherTrainAccuracy } = await prepareTrainer(method, common, data.train, p);
    await trainFor(trainer, s.epochs, p, 'train');
    const trainSeconds = (performance.now() - t0) / 1000;
    const cleanAccuracy = await accuracy(trainer.logitsOf, data.test, 200);
    const result = { method, cleanAccuracy, trainSeconds, robust: [] as RobustResult[], ...(teacherTrainAccuracy !== undefined && { teacherTrainAccuracy }) };
    models.push({ method, trainer, dispose, result });
  }
  // After every model is trained, so the suite can replay the vanilla model's points (transfer).
  const robust = await evaluateRobust(models.map((m) => ({ method: m.method, logitsOf: m.trainer.logitsOf })), data.test, attacks, s.seed, attackMode, CIFAR_SUITE, { chunk: 200, progress });
  for (const m of models) m.result.robust = robust.get(m.method)!;
  const results = models.map((m) => m.result);
  const settings = { ...s, attacks: attackMode, ...(attackMode === 'suite' && { suite: CIFAR_SUITE }) };
  return { run: { experiment: 'cifar', seed: s.seed, settings, models: results, warnings: runWarnings(results) }, models };
}
