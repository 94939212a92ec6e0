import type { OutputKind } from '../pag/logSoftmax';
import type { CosineConvention } from './fusedCosine';
import type { FusedParams } from './fusedParams';

/** Options and results of the fused step (mlpFused.ts). */
export interface FusedLossOptions {
  output: OutputKind;
  /** Floor of the cosine denominator. */
  cosEps: number;
  /** Where the floor applies (fusedCosine.ts); default 'paper', the paper's Eq. (2). */
  cosine?: CosineConvention;
  /**
   * Weight of the PAG term in `total` and in the gradients. With targets and lambda 0 the PAG
   * term and alignment are still measured but not optimised (a vanilla model's metrics).
   */
  lambda: number;
  /** Compute parameter gradients (default true); false = losses and metrics only. */
  grads?: boolean;
}

/**
 * Losses, metrics and gradients of one batch. The arrays (and this object) belong to the
 * FusedMlp that produced them and are overwritten by its next call: copy what you keep.
 */
export interface FusedResult {
  ce: number;
  /** (1/B) sum_n sum_t (1 - cos); 0 without targets. */
  pag: number;
  /** ce + lambda * pag. */
  total: number;
  /** Mean cosine per class t between g_t and u_t: [C]; zeros without targets. */
  alignment: Float64Array;
  /** Fraction of the batch whose argmax logit is the label (first maximum on ties, as tf.argMax). */
  accuracy: number;
  /** d total / d param (zeros when opts.grads is false). */
  grads: FusedParams;
}
