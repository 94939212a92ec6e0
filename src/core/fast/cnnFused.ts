/**
 * A hand-fused PAG step for the project's CNN (models/cnn.ts), the counterpart of the MLP's
 * mlpFused.ts: forward pass, cross-entropy, the log-softmax input-gradients of each image's target
 * classes, the cosine term of Eq. (1)-(2) exactly as pag/loss.ts defines it (denominator
 * sqrt(max(|g|^2 |u|^2, eps^2))), and the exact gradient of CE + lambda * PAG with respect to
 * every parameter, second-order part included (cnnBackward.ts derives it). Plain loops over
 * Float64Arrays, one image at a time so each image's arrays stay in cache; no TF.js.
 *
 * Target classes: all C per image (targets [C, B, d] as targetsForSamples lays them out), or k
 * per image (opts.targetClasses, [B, k], drawn by cnnClasses.ts) with the term scaled by C/k:
 *   PAG = (C/k) (1/B) sum_n sum_{t in T_n} (1 - cos(g_t(x_n), u_t(x_n))).
 */
import { getLogSoftmaxGradient, type OutputKind } from '../pag/logSoftmax';
import type { ModelSpec } from '../models';
import type { Floats } from './fusedParams';
import { CnnBackward } from './cnnBackward';
import { CnnWorkspace } from './cnnForward';
import { cnnDims, supportsFusedCnn, zeroCnnParams, type CnnDims, type CnnParams } from './cnnShapes';
import { cnnWasmReady, jsKernels, plainAlloc, WasmCnnKernels, type Alloc, type CnnConvKernels } from './cnnWasm';

/**
 * Which convolution loops a FusedCnn runs: 'auto' = the WebAssembly SIMD kernels when loaded
 * (loadCnnWasm) and supported, else the JS loops; 'wasm' insists (throws if not loaded).
 */
export type CnnKernelChoice = 'auto' | 'js' | 'wasm';

export interface CnnLossOptions {
  output: OutputKind;
  /** Floor of the cosine denominator. */
  cosEps: number;
  /** Weight of the PAG term in `total` and the gradients; with targets and 0 the term is measured only. */
  lambda: number;
  /** Compute parameter gradients (default true); false = losses and metrics only. */
  grads?: boolean;
  /** [B * k] target classes, k per image (null/absent: all C classes, in order). */
  targetClasses?: Int32Array | null;
}

/** Losses, metrics and gradients of a batch; owned by the FusedCnn and overwritten by its next call. */
export interface CnnResult {
  ce: number;
  /** (C/k)(1/B) sum_n sum_{t in T_n} (1 - cos); 0 without targets. */
  pag: number;
  total: number;
  /** Mean cosine per class over the images that targeted it ([C]; 0 for a class nobody targeted). */
  alignment: Float64Array;
  accuracy: number;
  /** d total / d parameter (zeros when opts.grads is false). */
  grads: CnnParams;
}

/** One FusedCnn's arrays: its workspace, backward arrays and gradients in one allocation sequence. */
function layoutFusedCnn(spec: ModelSpec, dims: CnnDims, k: CnnConvKernels, alloc: Alloc) {
  const ws = new CnnWorkspace(dims, k, alloc);
  return { ws, bw: new CnnBackward(ws, alloc), grads: zeroCnnParams(spec as Parameters<typeof zeroCnnParams>[0], alloc) };
}

/** Values of the wasm kernels' padded copy of a convolution's input: (H+2)(W+2) pixels of the widest map. */
function padValues(dims: CnnDims): number {
  return Math.max(...dims.layers.map((l) => (l.H + 2) * (l.W + 2) * Math.max(l.inC, l.outC)));
}

const layoutBytesMemo = new Map<string, number>();

/** Bytes of layoutFusedCnn's arrays in a wasm memory: a dry run of the allocation sequence, once per spec. */
function layoutBytes(spec: ModelSpec, dims: CnnDims): number {
  const key = JSON.stringify(spec);
  let bytes = layoutBytesMemo.get(key);
  if (bytes === undefined) {
    bytes = WasmCnnKernels.sizeOf((alloc) => void layoutFusedCnn(spec, dims, jsKernels, alloc));
    layoutBytesMemo.set(key, bytes);
  }
  return bytes;
}

/**
 * Bytes of one FusedCnn's arrays (its wasm memory less the first page and rounding; the same
 * arrays when it runs the JS loops): per image, so independent of the batch size and the number
 * of target classes. For the run memory estimate (train/memoryEstimate.ts).
 */
export function fusedCnnWorkspaceBytes(spec: ModelSpec): number {
  const dims = cnnDims(spec);
  return layoutBytes(spec, dims) + 8 * padValues(dims);
}

export class FusedCnn {
  readonly dims: CnnDims;
  readonly ws: CnnWorkspace;
  readonly bw: CnnBackward;
  private readonly result: CnnResult;
  private readonly dOut: Float64Array;
  private readonly cosSum: Float64Array;
  private readonly cosCount: Float64Array;
  private readonly allClasses: Int32Array;

  constructor(
    readonly spec: ModelSpec,
    kernels: CnnKernelChoice = 'auto',
  ) {
    if (!supportsFusedCnn(spec)) throw new Error('FusedCnn: unsupported CNN');
    const dims = cnnDims(spec);
    this.dims = dims;
    // Everything the convolutions touch (the workspace, the backward arrays, the gradients) in
    // one allocation sequence, measured once per spec (layoutBytes) when it goes into a wasm memory.
    const useWasm = kernels === 'wasm' || (kernels === 'auto' && cnnWasmReady());
    let made: ReturnType<typeof layoutFusedCnn>;
    if (useWasm) {
      const wk = new WasmCnnKernels(layoutBytes(spec, dims), padValues(dims));
      made = layoutFusedCnn(spec, dims, wk, wk.alloc);
    } else {
      made = layoutFusedCnn(spec, dims, jsKernels, plainAlloc);
    }
    this.ws = made.ws;
    this.bw = made.bw;
    const C = dims.C;
    this.result = { ce: 0, pag: 0, total: 0, alignment: new Float64Array(C), accuracy: 0, grads: made.grads };
    this.dOut = new Float64Array(C);
    this.cosSum = new Float64Array(C);
    this.cosCount = new Float64Array(C);
    this.allClasses = Int32Array.from({ length: C }, (_, c) => c);
  }

  /** Which loops run the convolutions: 'wasm' (WebAssembly SIMD) or 'js'. */
  get kernelKind(): 'js' | 'wasm' {
    return this.ws.kernels.kind;
  }

  /** The gradient arrays lossAndGrads fills (the same arrays on every call). */
  get grads(): CnnParams {
    return this.result.grads;
  }

  /** Logits [B, C] at x [B * d] (into `out`, or a fresh array). */
  logits(params: CnnParams, x: Floats, B: number, out = new Float64Array(B * this.dims.C)): Float64Array {
    const C = this.dims.C;
    this.ws.prepare(params);
    for (let n = 0; n < B; n++) {
      this.ws.forward(params, x, n);
      out.set(this.ws.o, n * C);
    }
    return out;
  }

  /** Input-gradients d f(x_n)_t / d x_n of every class, laid out [C, B, d] (as the fixtures). */
  inputGradients(params: CnnParams, x: Floats, B: number, output: OutputKind, out = new Float64Array(this.dims.C * B * this.dims.d)): Float64Array {
    const { C, d } = this.dims;
    const textbook = getLogSoftmaxGradient() === 'textbook';
    this.ws.prepare(params);
    for (let n = 0; n < B; n++) {
      this.ws.forward(params, x, n);
      this.ws.softmax();
      for (let t = 0; t < C; t++) {
        this.bw.setClassOutput(t, output === 'logSoftmax', textbook);
        out.set(this.bw.classGradient(params), (t * B + n) * d);
      }
    }
    return out;
  }

  /** Saliency maps: d f(x_n)_{y_n} / d x_n, each image's own-class input-gradient, laid out [B, d]. */
  trueClassGradients(params: CnnParams, x: Floats, y: Int32Array, output: OutputKind, out = new Float32Array(y.length * this.dims.d)): Float32Array {
    const d = this.dims.d;
    const textbook = getLogSoftmaxGradient() === 'textbook';
    this.ws.prepare(params);
    for (let n = 0; n < y.length; n++) {
      this.ws.forward(params, x, n);
      this.ws.softmax();
      this.bw.setClassOutput(y[n], output === 'logSoftmax', textbook);
      out.set(this.bw.classGradient(params), n * d);
    }
    return out;
  }

  /** How many of the B images of x the model labels y (first maximum on ties, as tf.argMax). */
  correctCount(params: CnnParams, x: Floats, y: Int32Array): number {
    const C = this.dims.C;
    this.ws.prepare(params);
    let correct = 0;
    for (let n = 0; n < y.length; n++) {
      this.ws.forward(params, x, n);
      const o = this.ws.o;
      let best = 0;
      for (let c = 1; c < C; c++) if (o[c] > o[best]) best = c;
      if (best === y[n]) correct++;
    }
    return correct;
  }

  /**
   * One batch: x [B * d], labels y [B], targets u [C, B, d] (g(x_n, t) for every class, of which
   * only each image's target classes are read) or null for the plain cross-entropy.
   */
  lossAndGrads(params: CnnParams, x: Floats, y: Int32Array, u: Floats | null, opts: CnnLossOptions): CnnResult {
    const { C, d } = this.dims;
    const B = y.length;
    if (x.length < B * d) throw new Error(`x holds ${x.length} values, need ${B * d}`);
    if (u && u.length < C * B * d) throw new Error(`targets hold ${u.length} values, need ${C * B * d}`);
    const classes = opts.targetClasses ?? null;
    const k = classes ? classes.length / B : C;
    if (!Number.isInteger(k) || k < 1 || k > C) throw new Error(`target classes: ${classes?.length} for a batch of ${B}`);
    const withGrads = opts.grads !== false;
    const withPag = u !== null;
    const pagGrad = withGrads && withPag && opts.lambda !== 0;
    const logSm = opts.output === 'logSoftmax';
    const textbook = getLogSoftmaxGradient() === 'textbook';
    const eps2 = opts.cosEps * opts.cosEps;
    const scale = C / k;
    const res = this.result;
    if (withGrads) for (const g of res.grads.list) g.fill(0);
    const { ws, bw, dOut, cosSum, cosCount } = this;
    cosSum.fill(0);
    cosCount.fill(0);
    const invB = 1 / B;
    const coef = -opts.lambda * scale * invB; // dL/dcos of one (image, class) pair
    const G = bw.gh[0];
    let ceSum = 0;
    let pagSum = 0;
    let correct = 0;
    ws.prepare(params);

    for (let n = 0; n < B; n++) {
      ws.forward(params, x, n);
      const logZ = ws.softmax();
      const { o, p } = ws;
      const yn = y[n];
      ceSum += logZ - o[yn];
      let best = 0;
      for (let c = 1; c < C; c++) if (o[c] > o[best]) best = c;
      if (best === yn) correct++;
      if (withGrads) {
        for (let c = 0; c < C; c++) dOut[c] = p[c] * invB;
        dOut[yn] -= invB;
        bw.startImage();
      }
      if (withPag) {
        for (let j = 0; j < k; j++) {
          const t = classes ? classes[n * k + j] : this.allClasses[j];
          bw.setClassOutput(t, logSm, textbook);
          const g = bw.classGradient(params);
          const uo = (t * B + n) * d;
          let gu = 0;
          let gg = 0;
          let uu = 0;
          for (let i = 0; i < d; i++) {
            const gi = g[i];
            const ui = u[uo + i];
            gu += gi * ui;
            gg += gi * gi;
            uu += ui * ui;
          }
          const sq = gg * uu;
          // max(sq, eps^2): TF.js sends the gradient to the first argument on ties.
          const active = sq >= eps2;
          const D = active ? Math.sqrt(sq) : opts.cosEps;
          const cos = gu / D;
          cosSum[t] += cos;
          cosCount[t]++;
          pagSum += 1 - cos;
          if (!pagGrad) continue;
          // G = coef * dcos/dg = coef * (u / D - [active] (g.u) |u|^2 g / D^3).
          const cu = coef / D;
          const cg = active ? (-coef * gu * uu) / (D * D * D) : 0;
          for (let i = 0; i < d; i++) G[i] = cu * u[uo + i] + cg * g[i];
          bw.tangent(params, res.grads, logSm);
        }
        if (pagGrad) for (let c = 0; c < C; c++) dOut[c] += bw.gO[c];
      }
      if (withGrads) bw.backward(params, res.grads, dOut);
    }

    res.ce = ceSum * invB;
    res.pag = withPag ? pagSum * scale * invB : 0;
    res.total = res.ce + opts.lambda * res.pag;
    for (let t = 0; t < C; t++) res.alignment[t] = cosCount[t] > 0 ? cosSum[t] / cosCount[t] : 0;
    res.accuracy = correct * invB;
    return res;
  }
}
