import { generateToy } from '../data/toy';
import { accuracy } from '../eval/evaluate';
import { TOY_SUITE } from '../eval/suite';
import { streamSeed } from '../random';
import { defaultAlpha, type AttackSpec } from '../train/objective';
import type { Norm } from '../attack/pgd';
import type { MethodId } from './methods';
import { prepareTrainer, trainFor, type CommonSettings, type PreparedTrainer, type Progress, type EngineRequest } from './prepare';
import type { RunResult, TrainedModel } from './results';
import { evaluateRobust, runWarnings, type AttackMode } from './robustEval';
import { toyModelSpec, type ToySettings } from './toySettings';

export interface SweepSpec {
  norm: Norm;
  epsList: number[];
  steps: number;
  targeted: boolean;
  /** Step size as a multiple of eps (default 2.5 / steps, the notebook's 2.5 eps / steps). */
  alphaPerEps?: number;
}

/** A sweep's attack settings, one per eps. */
export function sweepSpecs(sweeps: SweepSpec[]): AttackSpec[] {
  return sweeps.flatMap((sw) =>
    sw.epsList.map((eps): AttackSpec => ({
      norm: sw.norm,
      eps,
      steps: sw.steps,
      alpha: sw.alphaPerEps !== undefined ? sw.alphaPerEps * eps : defaultAlpha(eps, sw.steps),
      targeted: sw.targeted,
      randomStart: false,
      clipTo01: false,
    })),
  );
}

/** The CLI's default attack sweep: targeted PGD-20 towards the other class, alpha = 2.5 eps / 20. */
export const TOY_SWEEPS: SweepSpec[] = [
  { norm: 'l2', epsList: [1, 2, 4, 8, 15, 30], steps: 20, targeted: true },
  { norm: 'linf', epsList: [0.5, 1, 2, 4, 8, 15], steps: 20, targeted: true },
];

export function toyCommonSettings(s: Omit<ToySettings, 'dataset'>, engine: EngineRequest = 'tfjs'): CommonSettings {
  return {
    spec: toyModelSpec(s),
    seed: s.seed,
    optimizer: { kind: s.optimizer, learningRate: s.learningRate, momentum: s.momentum },
    batchSize: s.batchSize,
    epochs: s.epochs,
    lambda: s.lambda,
    loss: { output: s.output, cosEps: s.cosEps, cosine: s.cosine },
    nnPoolSize: s.nnPoolSize,
    teacherEps: { l2: s.teacherEpsL2, linf: s.teacherEpsLinf },
    teacherSteps: s.teacherSteps,
    clipTo01: false,
    measureEvery: 50,
    engine,
  };
}


/**
 * The paper's toy attack (appendix): L2 PGD-10 with step 2 at eps 15, towards the other class;
 * at the sweep's other radii the step keeps that proportion (2 eps / 15).
 */
export const TOY_PAPER_SWEEPS: SweepSpec[] = [{ norm: 'l2', epsList: [1, 2, 4, 8, 15, 30], steps: 10, targeted: true, alphaPerEps: 2 / 15 }];

/**
 * Trains every method on the same data, initial weights and batch order, then evaluates clean
 * accuracy and the attack sweeps on the test set (once every model is trained, so the suite can
 * replay the vanilla model's adversarial points against the others). The caller disposes the
 * returned models.
 */
export async function runToy(
  s: ToySettings,
  methods: MethodId[],
  sweeps: SweepSpec[] = TOY_SWEEPS,
  progress?: (method: MethodId, done: number, total: number, phase: string) => void,
  engine: EngineRequest = 'tfjs',
  attacks: AttackMode = 'pgd',
  /** Sees each method's trainer before it trains (traces attach their step hook here). */
  observe?: (method: MethodId, prepared: PreparedTrainer) => void,
): Promise<{ run: RunResult; models: TrainedModel[]; data: ReturnType<typeof generateToy> }> {
  const data = generateToy({ kind: s.dataset, seed: streamSeed(s.seed, 'data'), trainPerClass: s.trainPerClass, testPerClass: s.testPerClass, noise: s.noise });
  const common = toyCommonSettings(s, engine);
  const models: TrainedModel[] = [];
  for (const method of methods) {
    const p: Progress | undefined = progress ? (d, t, phase) => progress(method, d, t, phase) : undefined;
    const t0 = performance.now();
    const prepared = await prepareTrainer(method, common, data.train, p);
    const { trainer, dispose } = prepared;
    observe?.(method, prepared);
    await trainFor(trainer, s.epochs, p, 'train');
    const trainSeconds = (performance.now() - t0) / 1000;
    const cleanAccuracy = await accuracy(trainer.logitsOf, data.test);
    models.push({ method, trainer, dispose, result: { method, cleanAccuracy, trainSeconds, robust: [] } });
  }
  const robust = await evaluateRobust(
    models.map((m) => ({ method: m.method, logitsOf: m.trainer.logitsOf })),
    data.test,
    sweepSpecs(sweeps),
    s.seed,
    attacks,
    TOY_SUITE,
    { progress: progress && ((m, d, t, ph) => progress(m, d, t, ph)) },
  );
  for (const m of models) m.result.robust = robust.get(m.method)!;
  const results = models.map((m) => m.result);
  const settings = { ...s, engine, attacks, ...(attacks === 'suite' && { suite: TOY_SUITE }) };
  return { run: { experiment: 'toy', seed: s.seed, settings, models: results, warnings: runWarnings(results) }, models, data };
}
