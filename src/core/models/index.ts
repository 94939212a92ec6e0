import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { cnnApply, cnnParamShapes } from './cnn';
import type { ModelSpec, ParamShape, Params, Variables } from './model';
import { mlpApply, mlpParamShapes } from './mlp';

export * from './model';

export function paramShapes(spec: ModelSpec): ParamShape[] {
  return spec.kind === 'mlp' ? mlpParamShapes(spec) : cnnParamShapes(spec);
}

/** Logits [batch, numClasses] of `spec` with `params` at inputs x. Pure: no variables created. */
export function applyModel(spec: ModelSpec, params: Params, x: tf.Tensor): tf.Tensor2D {
  return spec.kind === 'mlp' ? mlpApply(spec, params, x) : cnnApply(spec, params, x);
}

/**
 * Initial parameter values as plain arrays, PyTorch's default: U(-1/sqrt(fanIn), 1/sqrt(fanIn))
 * for weights and biases. Plain arrays so two models can start from identical weights and the
 * values can be sent to a worker or saved.
 */
export function initParamValues(spec: ModelSpec, rng: Rng): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const p of paramShapes(spec)) {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const bound = 1 / Math.sqrt(p.fanIn);
    const v = new Float32Array(size);
    for (let i = 0; i < size; i++) v[i] = rng.uniform(-bound, bound);
    out[p.name] = v;
  }
  return out;
}

export function makeVariables(spec: ModelSpec, values: Record<string, ArrayLike<number>>): Variables {
  const vars: Variables = {};
  for (const p of paramShapes(spec)) {
    const v = values[p.name];
    if (!v) throw new Error(`missing parameter ${p.name}`);
    const size = p.shape.reduce((a, b) => a * b, 1);
    if (v.length !== size) throw new Error(`parameter ${p.name}: expected ${size} values, got ${v.length}`);
    // tf.variable keeps its own reference to the data: the initial tensor must be freed.
    const initial = tf.tensor(Float32Array.from(v), p.shape);
    vars[p.name] = tf.variable(initial, true);
    initial.dispose();
  }
  return vars;
}

export async function readParamValues(vars: Variables): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(vars)) out[k] = (await v.data()) as Float32Array;
  return out;
}

export function disposeVariables(vars: Variables): void {
  for (const v of Object.values(vars)) v.dispose();
}
