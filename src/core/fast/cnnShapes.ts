/**
 * The fused CNN step's view of a CnnSpec (models/cnn.ts): layer sizes, which specs it handles,
 * and its parameters as named Float64Arrays in cnnParamShapes' order and TF.js layouts
 * (K [3,3,in,out], c [out], W [features, C], b [C], all row-major), so initial values, fixtures,
 * saved states and TF.js variables move in and out without reshuffling.
 */
import type { Activation, CnnSpec, ModelSpec } from '../models';
import { cnnParamShapes } from '../models/cnn';

export interface CnnLayer {
  /** Height and width of this convolution's input and output ('same' padding, stride 1). */
  H: number;
  W: number;
  inC: number;
  outC: number;
  /** A 2x2 average pool follows (every layer but the last). */
  pool: boolean;
}

export interface CnnDims {
  /** Input image [H, W, C0] (NHWC, one image = d values). */
  H: number;
  W: number;
  C0: number;
  d: number;
  layers: CnnLayer[];
  /** Inputs to the dense layer: h*w*c of the last map (flatten) or its channels (gap). */
  features: number;
  /** Classes. */
  C: number;
  head: 'gap' | 'flatten';
  /** Pixels are shifted by this before the first convolution (0.5 with centerInput, else 0). */
  shift: number;
  activation: Activation;
}

/** True for the CNNs the fused step handles: 3x3 convolutions with maps that halve evenly. */
export function supportsFusedCnn(spec: ModelSpec): spec is CnnSpec {
  if (spec.kind !== 'cnn') return false;
  const [h, w, c] = spec.inputShape;
  const L = spec.channels.length;
  if (L < 1 || !(c > 0) || !spec.channels.every((k) => Number.isInteger(k) && k > 0)) return false;
  if (spec.activation !== 'relu' && spec.activation !== 'softplus') return false;
  const shrink = 2 ** (L - 1);
  return Number.isInteger(h / shrink) && Number.isInteger(w / shrink) && h >= shrink && w >= shrink && spec.numClasses > 0;
}

export function cnnDims(spec: ModelSpec): CnnDims {
  if (!supportsFusedCnn(spec)) throw new Error('the fused CNN step needs 3x3 convolutions over maps that halve evenly (relu or softplus)');
  const [H, W, C0] = spec.inputShape;
  const layers: CnnLayer[] = [];
  let h = H;
  let w = W;
  let inC = C0;
  spec.channels.forEach((outC, i) => {
    const pool = i < spec.channels.length - 1;
    layers.push({ H: h, W: w, inC, outC, pool });
    if (pool) {
      h /= 2;
      w /= 2;
    }
    inC = outC;
  });
  const head = spec.head ?? 'gap';
  return {
    H,
    W,
    C0,
    d: H * W * C0,
    layers,
    features: head === 'flatten' ? h * w * inC : inC,
    C: spec.numClasses,
    head,
    shift: spec.centerInput ? 0.5 : 0,
    activation: spec.activation,
  };
}

/** Parameters by name (K1, c1, ..., W, b) plus the same arrays in cnnParamShapes' order. */
export interface CnnParams {
  names: string[];
  list: Float64Array[];
  byName: Record<string, Float64Array>;
}

/** Zeroed parameters (or gradients); `alloc` makes the arrays (e.g. views into a wasm memory). */
export function zeroCnnParams(spec: CnnSpec, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): CnnParams {
  const shapes = cnnParamShapes(spec);
  const list = shapes.map((p) => alloc(p.shape.reduce((a, b) => a * b, 1)));
  const byName: Record<string, Float64Array> = {};
  shapes.forEach((p, i) => (byName[p.name] = list[i]));
  return { names: shapes.map((p) => p.name), list, byName };
}

/** Float64 copies of values given by name (initParamValues output, fixture parameters, saved weights). */
export function toCnnParams(spec: CnnSpec, values: Record<string, ArrayLike<number>>): CnnParams {
  const out = zeroCnnParams(spec);
  out.names.forEach((name, i) => {
    const v = values[name];
    if (!v) throw new Error(`missing parameter ${name}`);
    if (v.length !== out.list[i].length) throw new Error(`parameter ${name}: expected ${out.list[i].length} values, got ${v.length}`);
    out.list[i].set(v);
  });
  return out;
}

export interface LayerParams {
  K: Float64Array[];
  c: Float64Array[];
  W: Float64Array;
  b: Float64Array;
}

/** A CnnParams' arrays never change identity (values are written in place): its layer view is made once. */
const layerViews = new WeakMap<CnnParams, LayerParams>();

/** The per-layer arrays the kernels use, read off a CnnParams (K_l, c_l for l = 1..L; W; b). */
export function layerParams(p: CnnParams, L: number): LayerParams {
  const seen = layerViews.get(p);
  if (seen && seen.K.length === L) return seen;
  const K: Float64Array[] = [];
  const c: Float64Array[] = [];
  for (let l = 1; l <= L; l++) {
    K.push(p.byName[`K${l}`]);
    c.push(p.byName[`c${l}`]);
  }
  const view = { K, c, W: p.byName['W'], b: p.byName['b'] };
  layerViews.set(p, view);
  return view;
}
