/**
 * The fused step's parameters and shapes (mlpFused.ts): a one-hidden-layer MLP's four arrays in
 * TF.js layouts, which specs the fused step handles, and conversions from named values.
 */
import type { Activation, ModelSpec, MlpSpec } from '../models';

/** Parameters of a one-hidden-layer MLP, TF.js layouts: W1 [d,H], b1 [H], W2 [H,C], b2 [C], row-major. */
export interface FusedParams {
  W1: Float64Array;
  b1: Float64Array;
  W2: Float64Array;
  b2: Float64Array;
}

export const FUSED_PARAM_NAMES = ['W1', 'b1', 'W2', 'b2'] as const;

export interface MlpDims {
  /** Input size. */
  d: number;
  /** Hidden width. */
  H: number;
  /** Classes. */
  C: number;
  activation: Activation;
}

/** True for the models the fused step handles: an MLP with exactly one hidden layer, relu or softplus. */
export function supportsFused(spec: ModelSpec): spec is MlpSpec {
  return (
    spec.kind === 'mlp' &&
    spec.hidden.length === 1 &&
    (spec.activation === 'relu' || spec.activation === 'softplus') &&
    spec.inputSize > 0 &&
    spec.hidden[0] > 0 &&
    spec.numClasses > 0
  );
}

export function mlpDims(spec: ModelSpec): MlpDims {
  if (!supportsFused(spec)) throw new Error('the fused step needs an MLP with exactly one hidden layer (relu or softplus)');
  return { d: spec.inputSize, H: spec.hidden[0], C: spec.numClasses, activation: spec.activation };
}

export function zeroParams(dims: MlpDims): FusedParams {
  const { d, H, C } = dims;
  return { W1: new Float64Array(d * H), b1: new Float64Array(H), W2: new Float64Array(H * C), b2: new Float64Array(C) };
}

/** Float64 copies of parameter values given by name (e.g. initParamValues output, fixture params). */
export function toFusedParams(dims: MlpDims, values: Record<string, ArrayLike<number>>): FusedParams {
  const out = zeroParams(dims);
  for (const name of FUSED_PARAM_NAMES) {
    const v = values[name];
    if (!v) throw new Error(`missing parameter ${name}`);
    if (v.length !== out[name].length) throw new Error(`parameter ${name}: expected ${out[name].length} values, got ${v.length}`);
    out[name].set(v);
  }
  return out;
}

export type Floats = Float32Array | Float64Array;
