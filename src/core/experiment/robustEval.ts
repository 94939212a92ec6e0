import type { Dataset } from '../data/dataset';
import { attackDataset, type RobustResult } from '../eval/evaluate';
import { attackWarnings, type AttackWarning } from '../eval/sanity';
import { attackSuite, type SuiteOptions, type TransferPoints } from '../eval/suite';
import type { ScoreFn } from '../pag/inputGradients';
import { Rng, streamSeed } from '../random';
import type { AttackSpec } from '../train/objective';
import { METHOD_LABELS, type MethodId } from './methods';

/** 'pgd': one PGD run per setting (the figures before the suite); 'suite': eval/suite.ts. */
export type AttackMode = 'pgd' | 'suite';
export const ATTACK_MODES: readonly AttackMode[] = ['pgd', 'suite'];

export interface EvalModel {
  method: MethodId;
  logitsOf: ScoreFn;
}

export type EvalProgress = (method: MethodId, done: number, total: number, phase: string) => void;

/**
 * Robust accuracy of every model under every attack setting. In suite mode the vanilla model is
 * attacked first, so its adversarial points (per setting) can be replayed against the others
 * (transfer); each model's list is then, per setting, pgd, pgd-restarts, margin, [transfer,]
 * worst. Every setting starts from Rng(streamSeed(seed, 'attack')), as the CLI always has, so
 * the 'pgd' entries equal the figures of a run without the suite.
 */
export async function evaluateRobust(
  models: EvalModel[],
  test: Dataset,
  specs: AttackSpec[],
  seed: number,
  mode: AttackMode,
  suite: SuiteOptions,
  opts: { chunk?: number; progress?: EvalProgress } = {},
): Promise<Map<MethodId, RobustResult[]>> {
  const out = new Map<MethodId, RobustResult[]>();
  const attackSeed = streamSeed(seed, 'attack');
  const order = [...models].sort((a, b) => Number(b.method === 'vanilla') - Number(a.method === 'vanilla'));
  const transfer: (TransferPoints | undefined)[] = specs.map(() => undefined);
  for (const m of order) {
    const robust: RobustResult[] = [];
    for (const [k, spec] of specs.entries()) {
      opts.progress?.(m.method, k, specs.length, mode === 'suite' ? 'attack suite' : 'attack');
      if (mode === 'pgd') {
        robust.push((await attackDataset(m.logitsOf, test, spec, new Rng(attackSeed), { chunk: opts.chunk })).result);
        continue;
      }
      const run = await attackSuite(m.logitsOf, test, spec, attackSeed, { suite, transfer: transfer[k], chunk: opts.chunk });
      if (m.method === 'vanilla') transfer[k] = { source: 'vanilla', points: run.points };
      robust.push(...run.results);
    }
    opts.progress?.(m.method, specs.length, specs.length, mode === 'suite' ? 'attack suite' : 'attack');
    out.set(m.method, robust);
  }
  return out;
}

/** Every model's sanity-check warnings (eval/sanity.ts), named by the method's label. */
export function runWarnings(models: { method: MethodId; robust: RobustResult[] }[]): AttackWarning[] {
  return models.flatMap((m) => attackWarnings(m.method, METHOD_LABELS[m.method], m.robust));
}
