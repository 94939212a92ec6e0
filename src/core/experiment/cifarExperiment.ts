import { withConvImplAsync } from '../models/conv';
import { pgdArrays, type AttackOracle } from '../attack/pgdArrays';
import type { Dataset } from '../data/dataset';
import { accuracy, attackDataset, type RobustResult } from '../eval/evaluate';
import { Rng, streamSeed } from '../random';
import type { AttackSpec } from '../train/objective';
import type { MethodId } from './methods';
import { prepareTrainer, trainFor, type CommonSettings } from './prepare';
import type { RunResult, TrainedModel } from './results';
import { cifarModelSpec, type CifarSettings } from './cifarSettings';
import { CIFAR_SUITE } from '../eval/suite';
import { evaluateRobust, runWarnings, type AttackMode } from './robustEval';

/**
 * Table 1's attacks as the paper's appendix runs them (TRADES' attack code with an L2 variant):
 * untargeted PGD-20 from a random start in the eps-ball, step 2 eps / steps, inputs kept in
 * [0, 1]; L_inf eps 8/255 and L2 eps 0.5, more L2 radii add columns.
 */
export function table1Attacks(linfEps = 8 / 255, l2Eps: number | number[] = 0.5, steps = 20): AttackSpec[] {
  const l2 = Array.isArray(l2Eps) ? l2Eps : [l2Eps];
  const attack = (norm: 'l2' | 'linf', eps: number): AttackSpec => ({ norm, eps, steps, alpha: (2 * eps) / steps, targeted: false, randomStart: true, clipTo01: true });
  return [attack('linf', linfEps), ...l2.map((eps) => attack('l2', eps))];
}

export function cifarCommonSettings(s: CifarSettings): CommonSettings {
  return {
    spec: cifarModelSpec(s),
    seed: s.seed,
    optimizer: { kind: s.optimizer, learningRate: s.learningRate, momentum: s.momentum, weightDecay: s.weightDecay },
    batchSize: s.batchSize,
    epochs: s.epochs,
    lambda: s.lambda,
    lambdaByMethod: s.lambdaByMethod,
    targetsPerImage: s.targetsPerImage,
    warmupEpochs: s.warmupEpochs,
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
  oracle?: AttackOracle,
): Promise<{ cleanAccuracy: number; robust: RobustResult[] }> {
  const cleanAccuracy = await accuracy(logitsOf, test, 200);
  const robust: RobustResult[] = [];
  for (const a of attacks) {
    const rng = new Rng(streamSeed(seed, 'attack'));
    robust.push(oracle ? oracleRobust(oracle, test, a, rng) : (await attackDataset(logitsOf, test, a, rng, { chunk: 200 })).result);
  }
  return { cleanAccuracy, robust };
}

/** attackDataset's untargeted result through an engine's own input-gradients (same chunks, same draws). */
function oracleRobust(oracle: AttackOracle, test: Dataset, a: AttackSpec, rng: Rng): RobustResult {
  if (a.targeted) throw new Error('oracle attacks here are untargeted (Table 1)');
  if ((a.loss ?? 'ce') !== 'ce') throw new Error('oracle attacks use the cross-entropy loss');
  const dim = test.x.length / test.n;
  let correct = 0;
  for (let start = 0; start < test.n; start += 200) {
    const m = Math.min(200, test.n - start);
    const y = test.y.subarray(start, start + m);
    const xAdv = pgdArrays(oracle, test.x.subarray(start * dim, (start + m) * dim), dim, y, false, { ...a, rng });
    const pred = oracle.predict(xAdv);
    for (let i = 0; i < m; i++) if (pred[i] === y[i]) correct++;
  }
  // The same record as attackDataset's, so the two paths give equal results.
  return { norm: a.norm, eps: a.eps, steps: a.steps, alpha: a.alpha, targeted: false, accuracy: correct / test.n, attack: 'pgd', randomStart: a.randomStart ?? false, loss: 'ce' };
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
    // Plain PGD runs right away (through the engine's own input-gradients when it offers them:
    // evaluation is most of a CIFAR run on two cores); the suite waits for every model (transfer).
    p?.(0, 1, 'attack');
    const evaluated =
      attackMode === 'pgd'
        ? await withConvImplAsync('native', () => evaluateModel(trainer.logitsOf, data.test, attacks, s.seed, trainer.attackOracle?.()))
        : { cleanAccuracy: await accuracy(trainer.logitsOf, data.test, 200), robust: [] as RobustResult[] };
    const result = { method, cleanAccuracy: evaluated.cleanAccuracy, trainSeconds, robust: evaluated.robust, ...(teacherTrainAccuracy !== undefined && { teacherTrainAccuracy }) };
    models.push({ method, trainer, dispose, result });
  }
  // After every model is trained, so the suite can replay the vanilla model's points (transfer).
  if (attackMode === 'suite') {
    const robust = await withConvImplAsync('native', () =>
      evaluateRobust(models.map((m) => ({ method: m.method, logitsOf: m.trainer.logitsOf })), data.test, attacks, s.seed, attackMode, CIFAR_SUITE, { chunk: 200, progress }),
    );
    for (const m of models) m.result.robust = robust.get(m.method)!;
  }
  const results = models.map((m) => m.result);
  const settings = { ...s, attacks: attackMode, ...(attackMode === 'suite' && { suite: CIFAR_SUITE }) };
  return { run: { experiment: 'cifar', seed: s.seed, settings, models: results, warnings: runWarnings(results) }, models };
}
