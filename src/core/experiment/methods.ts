import * as tf from '@tensorflow/tfjs';
import type { Norm } from '../attack/pgd';
import type { Dataset } from '../data/dataset';
import type { ModelSpec, Params } from '../models';
import type { OutputKind } from '../pag/logSoftmax';
import { teacherTargets } from '../pag/rigd';
import { permuteReferenceClasses } from '../pag/shuffled';
import { buildReferences, targetsForSamples, type References } from '../pag/targets';
import { Rng } from '../random';
import type { AttackSpec, Objective, TargetSource } from '../train/objective';
import type { TargetProvider } from '../train/trainer';

import type { MethodId } from '../spec/methods';

// Method ids and labels: src/core/spec/methods.ts (pure, for the pages too).
export { isMethodId, METHOD_IDS, METHOD_LABELS, type MethodId, type PagMethodId } from '../spec/methods';

export { SHUFFLED_EXPLAINED } from '../pag/shuffled';

export function targetSourceOf(method: MethodId, nnPoolSize: number | 'all'): TargetSource | null {
  switch (method) {
    case 'vanilla':
      return null;
    case 'nn':
      return { kind: 'nearestNeighbor', poolSize: nnPoolSize };
    case 'shuffled':
      return { kind: 'nearestNeighbor', poolSize: nnPoolSize, shuffled: true };
    case 'oi':
      return { kind: 'oneImage' };
    case 'cm':
      return { kind: 'classMean' };
    case 'rigd-l2':
      return { kind: 'rigd', norm: 'l2' };
    case 'rigd-linf':
      return { kind: 'rigd', norm: 'linf' };
  }
}

export function objectiveOf(method: MethodId, lambda: number, nnPoolSize: number | 'all'): Objective {
  const source = targetSourceOf(method, nnPoolSize);
  return source ? { kind: 'pag', source, lambda } : { kind: 'vanilla' };
}

/** lambda of `method`: its own (Table 3 lists one per method) or the run's global one. */
export function lambdaOf(method: MethodId, s: { lambda: number; lambdaByMethod?: Partial<Record<MethodId, number>> }): number {
  return s.lambdaByMethod?.[method] ?? s.lambda;
}

export function rigdNorm(method: MethodId): Norm | null {
  return method === 'rigd-l2' ? 'l2' : method === 'rigd-linf' ? 'linf' : null;
}

/** Data-only targets (OI, CM, NN) as a provider that gathers precomputed references. */
export function referenceProvider(refs: References, train: Dataset): TargetProvider {
  return (indices) => tf.tensor(targetsForSamples(refs, train, indices), [refs.numClasses, indices.length, ...train.sampleShape]);
}

export function buildMethodReferences(
  source: TargetSource,
  train: Dataset,
  seed: number,
  classMeanMatchNorm = false,
): References | null {
  const rng = new Rng(seed);
  switch (source.kind) {
    case 'oneImage':
      return buildReferences(train, { kind: 'oneImage' }, rng);
    case 'classMean':
      return buildReferences(train, { kind: 'classMean', classMeanMatchNorm: source.matchNorm ?? classMeanMatchNorm }, rng);
    case 'nearestNeighbor': {
      // The same pools and neighbours as 'nn' (same seed stream), then the classes permuted.
      const refs = buildReferences(train, { kind: 'nearestNeighbor', nnPoolSize: source.poolSize }, rng);
      return source.shuffled ? permuteReferenceClasses(refs) : refs;
    }
    case 'rigd':
      return null;
  }
}

/** RIGD targets from a trained teacher's input-gradients. */
export function teacherProvider(spec: ModelSpec, params: Params, output: OutputKind): TargetProvider {
  return (_indices, xBatch) => teacherTargets(spec, params, xBatch, output);
}

/** The inner attack of the teacher's adversarial training (Madry): random start, PGD. */
export function teacherAttack(norm: Norm, eps: number, steps: number, clipTo01: boolean): AttackSpec {
  return { norm, eps, steps, alpha: (2.5 * eps) / steps, targeted: false, randomStart: true, clipTo01 };
}
