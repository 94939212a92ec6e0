import type { Norm } from '../attack/pgd';
import type { OutputKind } from '../pag/logSoftmax';

/** Where the "ground truth" gradients g(x, t) come from (Section 4). */
export type TargetSource =
  | { kind: 'oneImage' }
  | { kind: 'classMean'; matchNorm?: boolean }
  | { kind: 'nearestNeighbor'; poolSize: number | 'all' }
  | { kind: 'rigd'; norm: Norm };

/** PGD settings of an attack, or of the inner attack of adversarial training. */
export interface AttackSpec {
  norm: Norm;
  eps: number;
  steps: number;
  alpha: number;
  /** Targeted towards class (y + 1) mod C, i.e. "the other class" with two classes. */
  targeted: boolean;
  randomStart?: boolean;
  clipTo01?: boolean;
}

export type Objective =
  | { kind: 'vanilla' }
  | { kind: 'pag'; source: TargetSource; lambda: number }
  | { kind: 'adversarial'; attack: AttackSpec };

export interface LossSettings {
  /** f(x) of Eq. 2: log-softmax (the authors' code) or raw logits. */
  output: OutputKind;
  cosEps: number;
}

export const DEFAULT_LOSS: LossSettings = { output: 'logSoftmax', cosEps: 1e-8 };

/** Step size convention of the paper-notes re-run: alpha = 2.5 * eps / steps. */
export function defaultAlpha(eps: number, steps: number): number {
  return (2.5 * eps) / steps;
}
