import { Rng, streamSeed } from '../../core/random';
import { subset, type Dataset } from '../../core/data/dataset';
import { accuracy, attackDataset, type RobustResult } from '../../core/eval/evaluate';
import { table1Attacks } from '../../core/experiment/cifarExperiment';
import { Cancelled } from '../../core/experiment/labPair';
import type { ModelResult } from '../../core/experiment/results';
import type { TrainerLike } from '../../core/train/trainerLike';
import type { MethodId, TableRequest } from '../settings';
import type { JobHooks } from './jobHooks';
import { suiteSteps, tableSuite } from './tableSuite';

/**
 * The small Table 1: clean accuracy and untargeted PGD (L_inf, L2; alpha = 2.5 eps / steps,
 * inputs kept in [0, 1]) on the test subset, for every model. The same attacks as the CLI's
 * evaluateModel, run in chunks of CHUNK images with a yield between them, so Pause or Cancel
 * is heard within a chunk and the page sees progress. (No random start: the chunks give exactly
 * the CLI's numbers.)
 */
export const CHUNK = 16;

export interface TableModel {
  method: MethodId;
  trainer: TrainerLike;
  trainSeconds: number;
}

export type TableProgress = (phase: string, done: number, total: number) => void;

export async function runTable(
  models: TableModel[],
  test: Dataset,
  req: TableRequest,
  seed: number,
  labels: Record<MethodId, string>,
  progress: TableProgress,
  hooks: JobHooks,
): Promise<ModelResult[]> {
  const attacks = table1Attacks(req.linfEps, req.l2Eps, req.steps);
  const chunks: number[][] = [];
  for (let i = 0; i < test.n; i += CHUNK) chunks.push(Array.from({ length: Math.min(CHUNK, test.n - i) }, (_, k) => i + k));
  const total = models.length * (1 + attacks.length * chunks.length) + (req.suite ? attacks.length * suiteSteps(models.map((m) => m.method)) : 0);
  let done = 0;
  const tick = async (phase: string) => {
    progress(phase, ++done, total);
    await hooks.yieldControl();
    if (hooks.cancelled()) throw new Cancelled();
  };
  const out: ModelResult[] = [];
  for (const m of models) {
    const label = labels[m.method];
    const cleanAccuracy = await accuracy(m.trainer.logitsOf, test, 256);
    await tick(`${label}: clean accuracy`);
    const robust: RobustResult[] = [];
    for (const a of attacks) {
      const rng = new Rng(streamSeed(seed, 'attack'));
      let correct = 0;
      let result: RobustResult | null = null;
      for (const idx of chunks) {
        const part = subset(test, idx);
        const r = await attackDataset(m.trainer.logitsOf, part, a, rng, { chunk: CHUNK });
        correct += Math.round(r.result.accuracy * part.n);
        result = r.result;
        await tick(`${label}: PGD-${a.steps} ${a.norm === 'linf' ? 'L∞' : 'L2'}`);
      }
      robust.push({ ...result!, accuracy: test.n ? correct / test.n : 0 });
    }
    out.push({ method: m.method, cleanAccuracy, trainSeconds: m.trainSeconds, robust });
  }
  if (req.suite) {
    // After every model's plain PGD, so the vanilla model's images can be replayed (transfer).
    const suite = await tableSuite(models, test, attacks, seed, tick, (m) => labels[m]);
    for (const r of out) r.robust.push(...suite.get(r.method)!);
  }
  return out;
}
