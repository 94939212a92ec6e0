/**
 * Test helper: one-shot forms of the fused kernels (src/core/fast/mlpFused.ts) for a spec: each allocates its own scratch and
 * returns fresh arrays owned by the caller. In a loop, keep a FusedMlp instead.
 */
import type { ModelSpec } from '../../../src/core/models';
import type { OutputKind } from '../../../src/core/pag/logSoftmax';
import { mlpDims, type Floats, type FusedParams } from '../../../src/core/fast/fusedParams';
import { FusedMlp, type FusedLossOptions, type FusedResult } from '../../../src/core/fast/mlpFused';

/**
 * One-shot form of FusedMlp.lossAndGrads for a spec (allocates its scratch; in a loop, keep a
 * FusedMlp instead). The result's arrays are fresh and owned by the caller.
 */
export function fusedPagLoss(
  spec: ModelSpec,
  params: FusedParams,
  x: Floats,
  y: Int32Array,
  u: Floats | null,
  opts: FusedLossOptions,
): FusedResult {
  return new FusedMlp(spec).lossAndGrads(params, x, y, u, opts);
}

/** One-shot all-class input-gradients [C, B, d] (fresh array). */
export function fusedInputGradients(spec: ModelSpec, params: FusedParams, x: Floats, B: number, output: OutputKind): Float64Array {
  const dims = mlpDims(spec);
  return new FusedMlp(dims).inputGradients(params, x, B, output, new Float64Array(dims.C * B * dims.d));
}

/** One-shot logits [B, C] (fresh array). */
export function fusedLogits(spec: ModelSpec, params: FusedParams, x: Floats, B: number): Float64Array {
  const dims = mlpDims(spec);
  return new FusedMlp(dims).logits(params, x, B, new Float64Array(B * dims.C));
}
