import { accuracy, attackDataset } from '../../core/eval/evaluate';
import { sweepWithDistances } from '../../core/eval/sweep';
import { Cancelled } from '../../common/worker/cancelled';
import { Rng, streamSeed } from '../../core/random';
import type { AttackSpec } from '../../core/train/objective';
import { MODEL_KEYS, type AttackModelResult, type AttackRequest, type ToySuite, type PerModel, type SweepModelResult } from '../contract/protocol';
import type { Session } from './session';
import { runToySuite } from './suiteJob';

export interface JobHooks {
  progress(phase: string, done: number, total: number): void;
  /** Polled between pieces of work; true abandons the job (throws Cancelled). */
  cancelled(): boolean;
  /** Lets the worker's message loop run (a Pause or Reset can arrive). */
  yieldControl(): Promise<void>;
}

/** Fractions of the chosen eps swept for the accuracy-vs-eps curve and the distance histogram. */
export const SWEEP_FRACTIONS = [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1, 1.25, 1.5, 1.75, 2];

export function sweepEpsList(eps: number): number[] {
  return SWEEP_FRACTIONS.map((f) => f * eps);
}

function specOf(r: AttackRequest): AttackSpec {
  return { norm: r.norm, eps: r.eps, steps: r.steps, alpha: r.alpha, targeted: r.targeted, randomStart: false, clipTo01: false };
}

async function checkpoint(h: JobHooks): Promise<void> {
  await h.yieldControl();
  if (h.cancelled()) throw new Cancelled();
}

/**
 * The attack of the attack panel against both models: robust accuracy and every PGD iterate of
 * every test point (the UI animates a few). Same random stream as the CLI (streamSeed 'attack').
 */
export async function runAttack(session: Session, request: AttackRequest, h: JobHooks): Promise<PerModel<AttackModelResult>> {
  const test = session.data.test;
  const out = {} as PerModel<AttackModelResult>;
  for (const [i, key] of MODEL_KEYS.entries()) {
    h.progress(`attacking the ${key} model`, i, MODEL_KEYS.length);
    await checkpoint(h);
    const trainer = session.pair[key];
    const cleanAccuracy = await accuracy(trainer.logitsOf, test);
    const res = await attackDataset(trainer.logitsOf, test, specOf(request), new Rng(streamSeed(session.settings.seed, 'attack')), {
      keepTrajectory: true,
    });
    const steps = res.trajectories!;
    const trajectories = new Float32Array(steps.length * test.n * 2);
    steps.forEach((s, k) => trajectories.set(s, k * test.n * 2));
    out[key] = { cleanAccuracy, robustAccuracy: res.result.accuracy, predictions: res.predictions, trajectories };
  }
  h.progress('attack done', MODEL_KEYS.length, MODEL_KEYS.length);
  return out;
}

/**
 * Accuracy at each eps of sweepEpsList(request.eps), each test point's flip distance, then the
 * attack suite at eps and at the sweep's largest radius (suiteJob.ts).
 */
export async function runSweep(
  session: Session,
  request: AttackRequest,
  h: JobHooks,
): Promise<{ epsList: number[]; models: PerModel<SweepModelResult>; suite: ToySuite }> {
  const epsList = sweepEpsList(request.eps);
  const total = epsList.length * MODEL_KEYS.length;
  const out = {} as PerModel<SweepModelResult>;
  // Keep the user's step size in proportion to eps (2.5 eps / steps by default).
  const alphaOf = (eps: number) => (request.alpha * eps) / request.eps;
  const { eps: _eps, alpha: _alpha, ...base } = specOf(request);
  for (const [m, key] of MODEL_KEYS.entries()) {
    const rng = new Rng(streamSeed(session.settings.seed, 'attack'));
    const res = await sweepWithDistances(session.pair[key].logitsOf, session.data.test, base, epsList, rng, alphaOf, async (k) => {
      h.progress(`eps sweep (${key})`, m * epsList.length + k + 1, total);
      await checkpoint(h);
    });
    out[key] = { accuracy: res.accuracy, distances: res.distances };
  }
  return { epsList, models: out, suite: await runToySuite(session, request, epsList, h) };
}
