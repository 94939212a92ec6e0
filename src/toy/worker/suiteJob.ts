import { attackSuite, TOY_LAB_SUITE, type TransferPoints } from '../../core/eval/suite';
import { attackWarnings } from '../../core/eval/sanity';
import { Cancelled } from '../../common/worker/cancelled';
import { streamSeed } from '../../core/random';
import type { AttackSpec } from '../../core/train/objective';
import type { JobHooks } from './attackJob';
import { MODEL_KEYS, type AttackRequest, type ToySuite, type PerModel } from '../contract/protocol';
import type { Session } from './session';

/** The lab's names for its two models in warnings. */
const LABELS = { vanilla: 'the vanilla model', pag: 'the PAG model' } as const;

/**
 * The attack suite (core/eval/suite.ts) against both models at the attack's eps and at the
 * sweep's largest (2 eps), after the sweep: the worst case over the suite is the figure to trust,
 * and the sanity checks need the largest radius (accuracy there should be about 0) and both runs
 * (more steps and restarts must not end above plain PGD). The vanilla model goes first so its
 * adversarial points can be replayed against the PAG model (transfer). TOY_LAB_SUITE keeps it to a
 * few seconds on wasm for the toy's 600 test points.
 */
export async function runToySuite(session: Session, request: AttackRequest, epsList: number[], h: JobHooks): Promise<ToySuite> {
  const radii = [request.eps, Math.max(...epsList)];
  const models = { vanilla: [], pag: [] } as PerModel<ToySuite['models']['vanilla']>;
  const seed = streamSeed(session.settings.seed, 'attack');
  // pgd, margin, each restart run (1 + restarts), transfer: the between() calls per model and eps.
  const perRun = 2 + (1 + TOY_LAB_SUITE.restarts) + 1;
  const total = radii.length * MODEL_KEYS.length * perRun;
  let done = 0;
  for (const eps of radii) {
    const spec: AttackSpec = {
      norm: request.norm,
      eps,
      steps: request.steps,
      // The sweep's rule: the user's step size in proportion to eps.
      alpha: (request.alpha * eps) / request.eps,
      targeted: request.targeted,
      randomStart: false,
      clipTo01: false,
    };
    let transfer: TransferPoints | undefined;
    for (const key of MODEL_KEYS) {
      const run = await attackSuite(session.pair[key].logitsOf, session.data.test, spec, seed, {
        suite: TOY_LAB_SUITE,
        transfer: key === 'vanilla' ? undefined : transfer,
        between: async (attack) => {
          h.progress(`attack suite (${key}, ε ${Number(eps.toPrecision(4))}): ${attack}`, ++done, total);
          await h.yieldControl();
          if (h.cancelled()) throw new Cancelled();
        },
      });
      if (key === 'vanilla') transfer = { source: 'vanilla', points: run.points };
      models[key].push(...run.results);
    }
  }
  const warnings = MODEL_KEYS.flatMap((k) => attackWarnings(k, LABELS[k], models[k]));
  return { epsList: radii, models, warnings };
}
