import type { AttackLoss, Norm } from '../attack/pgd';
import type { OutputKind } from '../pag/logSoftmax';
import type { CosineConvention } from '../fast/fusedCosine';

/** Where the "ground truth" gradients g(x, t) come from (Section 4). */
export type TargetSource =
  | { kind: 'oneImage' }
  | { kind: 'classMean'; matchNorm?: boolean }
  /** shuffled: the control, class t's targets from another class (pag/shuffled.ts). */
  | { kind: 'nearestNeighbor'; poolSize: number | 'all'; shuffled?: boolean }
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
  /** What PGD climbs (default cross-entropy; 'margin' for the suite's CW-style attack). */
  loss?: AttackLoss;
}

export type Objective =
  | { kind: 'vanilla' }
  | { kind: 'pag'; source: TargetSource; lambda: number }
  | { kind: 'adversarial'; attack: AttackSpec };

export interface LossSettings {
  /** f(x) of Eq. 2: log-softmax (the authors' code) or raw logits. */
  output: OutputKind;
  cosEps: number;
  /** Where cosEps applies (src/core/fast/fusedCosine.ts); default 'paper', Eq. (2). */
  cosine?: CosineConvention;
}

/** Step size convention of the toy re-run (docs/paper-notes.md): alpha = 2.5 * eps / steps. */
export function defaultAlpha(eps: number, steps: number): number {
  return (2.5 * eps) / steps;
}
