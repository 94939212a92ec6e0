import { Rng, streamSeed } from '../../core/random';
import { subset, type Dataset } from '../../core/data/dataset';
import { accuracy, attackDataset, type RobustResult } from '../../core/eval/evaluate';
import { Cancelled } from '../../common/worker/cancelled';
import type { ModelResult } from '../../core/experiment/results';
import type { ScoreFn } from '../../core/pag/inputGradients';
import type { AttackSpec } from '../../core/train/objective';
import type { MethodId, TableRequest } from '../contract/settings';
import type { JobHooks } from './jobHooks';
import { suiteSteps, tableSuite } from './tableSuite';

/**
 * The small Table 1: clean accuracy and untargeted PGD (L_inf, L2, inputs kept in [0, 1]) on the
 * test images, for every model: the live run's with the CLI's attacks (table1Attacks, so the
 * chunks give exactly the CLI's numbers), the pretrained ones with the paper's (paperAttacks).
 * One attack random generator per attack, carried through the chunks, as the CLI does. Run in chunks of CHUNK images with a yield between them, so Pause or Cancel
 * is heard within a chunk and the page sees progress.
 */
export const CHUNK = 16;

export interface TableModel {
  method: MethodId;
  logitsOf: ScoreFn;
  trainSeconds: number;
}

/**
 * The paper's evaluation (appendix: TRADES' attack code): untargeted PGD from a random point of
 * the eps-ball, step size 2 eps / steps, L_inf and L2, inputs in [0, 1].
 */
export function paperAttacks(req: TableRequest): AttackSpec[] {
  const spec = (norm: 'linf' | 'l2', eps: number): AttackSpec => ({ norm, eps, steps: req.steps, alpha: (2 * eps) / req.steps, targeted: false, clipTo01: true, randomStart: true });
  return [spec('linf', req.linfEps), spec('l2', req.l2Eps)];
}

export type TableProgress = (phase: string, done: number, total: number) => void;

export async function runTable(
  models: TableModel[],
  test: Dataset,
  attacks: AttackSpec[],
  seed: number,
  labels: Record<MethodId, string>,
  progress: TableProgress,
  hooks: JobHooks,
  /** Each model's row as soon as it is complete. */
  onModel: (row: ModelResult) => void = () => undefined,
  /** Also run the attack suite (restarts, margin, transfer, worst case) after every model's plain PGD. */
  suite = false,
): Promise<ModelResult[]> {
  const chunks: number[][] = [];
  for (let i = 0; i < test.n; i += CHUNK) chunks.push(Array.from({ length: Math.min(CHUNK, test.n - i) }, (_, k) => i + k));
  const total = models.length * (1 + attacks.length * chunks.length) + (suite ? attacks.length * suiteSteps(models.map((m) => m.method)) : 0);
  let done = 0;
  const tick = async (phase: string) => {
    progress(phase, ++done, total);
    await hooks.yieldControl();
    if (hooks.cancelled()) throw new Cancelled();
  };
  const out: ModelResult[] = [];
  for (const m of models) {
    const label = labels[m.method];
    const cleanAccuracy = await accuracy(m.logitsOf, test, 256);
    await tick(`${label}: clean accuracy`);
    const robust: RobustResult[] = [];
    for (const a of attacks) {
      const rng = new Rng(streamSeed(seed, 'attack'));
      let correct = 0;
      let result: RobustResult | null = null;
      for (const idx of chunks) {
        const part = subset(test, idx);
        const r = await attackDataset(m.logitsOf, part, a, rng, { chunk: CHUNK });
        correct += Math.round(r.result.accuracy * part.n);
        result = r.result;
        await tick(`${label}: PGD-${a.steps} ${a.norm === 'linf' ? 'L∞' : 'L2'}`);
      }
      robust.push({ ...result!, accuracy: test.n ? correct / test.n : 0 });
    }
    const row = { method: m.method, cleanAccuracy, trainSeconds: m.trainSeconds, robust };
    out.push(row);
    onModel(row);
  }
  if (suite) {
    // After every model's plain PGD, so the vanilla model's images can be replayed (transfer).
    const suite = await tableSuite(models, test, attacks, seed, tick, (m) => labels[m]);
    for (const r of out) r.robust.push(...suite.get(r.method)!);
  }
  return out;
}
