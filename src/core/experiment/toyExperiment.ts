import { generateToy } from '../data/toy';
import { accuracy, robustSweep } from '../eval/evaluate';
import { Rng, streamSeed } from '../random';
import { defaultAlpha } from '../train/objective';
import type { Norm } from '../attack/pgd';
import type { MethodId } from './methods';
import { prepareTrainer, trainFor, type CommonSettings, type PreparedTrainer, type Progress, type TrainerEngine } from './prepare';
import type { RunResult, TrainedModel } from './results';
import { toyModelSpec, type ToySettings } from './toySettings';

export interface SweepSpec {
  norm: Norm;
  epsList: number[];
  steps: number;
  targeted: boolean;
}

/** The CLI's default attack sweep: targeted PGD-20 towards the other class, alpha = 2.5 eps / 20. */
export const TOY_SWEEPS: SweepSpec[] = [
  { norm: 'l2', epsList: [1, 2, 4, 8, 15, 30], steps: 20, targeted: true },
  { norm: 'linf', epsList: [0.5, 1, 2, 4, 8, 15], steps: 20, targeted: true },
];

export function toyCommonSettings(s: ToySettings, engine: TrainerEngine = 'tfjs'): CommonSettings {
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
 * Trains every method on the same data, initial weights and batch order, then evaluates clean
 * accuracy and the attack sweeps on the test set. The caller disposes the returned models.
 */
export async function runToy(
  s: ToySettings,
  methods: MethodId[],
  sweeps: SweepSpec[] = TOY_SWEEPS,
  progress?: (method: MethodId, done: number, total: number, phase: string) => void,
  engine: TrainerEngine = 'tfjs',
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
    const robust = [];
    for (const sw of sweeps) {
      const rng = new Rng(streamSeed(s.seed, 'attack'));
      robust.push(
        ...(await robustSweep(trainer.logitsOf, data.test, { norm: sw.norm, steps: sw.steps, targeted: sw.targeted }, sw.epsList, rng, (eps) => defaultAlpha(eps, sw.steps))),
      );
    }
    models.push({ method, trainer, dispose, result: { method, cleanAccuracy, trainSeconds, robust } });
  }
  return { run: { experiment: 'toy', seed: s.seed, settings: { ...s, engine }, models: models.map((m) => m.result) }, models, data };
}
