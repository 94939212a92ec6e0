import type { Dataset } from '../../core/data/dataset';
import type { RobustResult } from '../../core/eval/evaluate';
import { attackSuite, CIFAR_SUITE, type TransferPoints } from '../../core/eval/suite';
import { streamSeed } from '../../core/random';
import type { AttackSpec } from '../../core/train/objective';
import type { MethodId } from '../contract/settings';
import type { TableModel } from './tableJob';

/**
 * The pieces of work (between() calls of attackSuite) per attack setting, for the progress bar:
 * pgd, margin and each restart run for every model, transfer for every model but vanilla.
 */
export function suiteSteps(methods: MethodId[]): number {
  const transfers = methods.includes('vanilla') ? methods.length - 1 : 0;
  return methods.length * (2 + 1 + CIFAR_SUITE.restarts) + transfers;
}

/**
 * Table 1's optional attack suite (core/eval/suite.ts), the CLI's `--attacks suite` in the lab:
 * per model and attack setting, PGD with more steps and restarts, the margin loss, the vanilla
 * model's adversarial images replayed (transfer) and the per-point worst case. The vanilla model
 * goes first so its images exist for the others. Returns, per method, the suite's entries
 * without its plain PGD (the table has that already, computed in chunks).
 */
export async function tableSuite(
  models: TableModel[],
  test: Dataset,
  attacks: AttackSpec[],
  seed: number,
  step: (phase: string) => Promise<void>,
  label: (m: MethodId) => string,
): Promise<Map<MethodId, RobustResult[]>> {
  const out = new Map<MethodId, RobustResult[]>();
  const order = [...models].sort((a, b) => Number(b.method === 'vanilla') - Number(a.method === 'vanilla'));
  const transfer: (TransferPoints | undefined)[] = attacks.map(() => undefined);
  for (const m of order) {
    const entries: RobustResult[] = [];
    for (const [k, spec] of attacks.entries()) {
      const run = await attackSuite(m.logitsOf, test, spec, streamSeed(seed, 'attack'), {
        suite: CIFAR_SUITE,
        transfer: transfer[k],
        chunk: 16,
        between: (attack) => step(`${label(m.method)}: attack suite, ${attack} (${spec.norm === 'linf' ? 'L∞' : 'L2'})`),
      });
      if (m.method === 'vanilla') transfer[k] = { source: 'vanilla', points: run.points };
      entries.push(...run.results.filter((r) => r.attack !== 'pgd'));
    }
    out.set(m.method, entries);
  }
  return out;
}
