/**
 * The fused CNN step's three backward passes for one image whose forward pass is in a
 * CnnWorkspace (cnnForward.ts). Notation per layer l: z_l pre-activation, s1 = act'(z_l),
 * s2 = act''(z_l), P = 2x2 average pool, conv_l / convT_l the convolution and its transpose.
 *
 * 1. classGradient (the input-gradient g_t = d f_t / d x of one target class t):
 *      do_t = e_t - p (log-softmax) or e_t (logits);  df = W do_t;  dh_L = head^T df;
 *      dz_l = da_l * s1_l;  dh_{l-1} = convT_l(dz_l);  da_{l-1} = P^T dh_{l-1};  g_t = dh_0.
 *    This is linear in do_t with the forward pass fixed, so its weight gradient is found by
 *    running it in reverse:
 * 2. tangent (the second-order part: the gradient of a loss on g_t, given G = dL/dg_t, through
 *    every weight the pass above used). Reversing a transposed convolution is a convolution, so
 *    the adjoints form a forward pass of the network in the direction G without biases (a
 *    Jacobian-vector product):
 *      Gh_0 = G;  Gz_l = conv_l(Gh_{l-1});  dK_l += wgrad(Gh_{l-1}, dz_l)  [since
 *      <Gh_{l-1}, convT_l(dz_l; K)> = <conv_l(Gh_{l-1}; K), dz_l>];
 *      R_l += Gz_l * da_l * s2_l  (act'' carries the adjoint to z_l, hence to the forward pass);
 *      Gh_l = P(Gz_l * s1_l) (last layer: no pool);  Gf = head(Gh_L);
 *      dW += Gf do_t^T;  G(do_t) = W^T Gf;  log-softmax: dp = -G(do_t),
 *      dL/do += p * (dp - p.dp)  (the softmax's backward; only p depends on the weights).
 * 3. backward (the ordinary backward pass of the forward network for dL/do = CE's (p - e_y)/B plus
 *    the tangents' dL/do, with the R_l added at each z_l):
 *      db += dL/do;  dW += f dL/do^T;  dz_L = (head^T W dL/do) * s1_L + R_L;
 *      dK_l += wgrad(h_{l-1}, dz_l), dc_l += sum dz_l;  dz_{l-1} = P^T convT_l(dz_l) * s1 + R_{l-1}.
 * The three together give the exact gradient of CE + lambda * PAG, checked against TF.js's double
 * backpropagation and central finite differences (test/unit/core/cnnFused.test.ts) and the golden
 * fixtures (test/golden/cnnFused.test.ts).
 */
import { avgPool2x2, avgPool2x2Transpose } from './cnnKernels';
import { plainAlloc, type Alloc } from './cnnWasm';
import type { CnnWorkspace } from './cnnForward';
import { layerParams, type CnnParams } from './cnnShapes';

export class CnnBackward {
  /** dz_l and da_l (= dz_l before the act' product) of the current target class, per layer. */
  readonly dz: Float64Array[];
  readonly da: Float64Array[];
  /** dh_{l-1}, the gradient at layer l's input; din[0] is the input-gradient g. */
  readonly din: Float64Array[];
  readonly df: Float64Array;
  /** do_t of the current target class. */
  readonly dO: Float64Array;
  /** The tangent pass: Gz_l per layer, Gh_l per level (Gh[0] = G, set by the caller). */
  readonly gz: Float64Array[];
  readonly gh: Float64Array[];
  readonly gf: Float64Array;
  /** Second-order adjoints at z_l and at the logits, summed over the image's target classes. */
  readonly R: Float64Array[];
  readonly gO: Float64Array;
  private readonly dpBuf: Float64Array;

  /** `alloc` as the workspace's (its kernels read and write these arrays). */
  constructor(
    private readonly ws: CnnWorkspace,
    alloc: Alloc = plainAlloc,
  ) {
    const { zSize, inSize, dims } = ws;
    const F64 = alloc;
    this.dz = zSize.map((n) => F64(n));
    this.da = zSize.map((n) => F64(n));
    this.din = inSize.map((n) => F64(n));
    this.df = F64(dims.features);
    this.dO = F64(dims.C);
    this.gz = zSize.map((n) => F64(n));
    this.gh = ws.h.map((a) => F64(a.length));
    this.gf = F64(dims.features);
    this.R = zSize.map((n, i) => F64(ws.curved[i] ? n : 0));
    this.gO = F64(dims.C);
    this.dpBuf = F64(dims.C);
  }

  /** Clears the per-image sums R and gO. */
  startImage(): void {
    for (const r of this.R) r.fill(0);
    this.gO.fill(0);
  }

  /**
   * do_t for target class t: e_t - p with 1 - p_t formed as sum_{c != t} p_c (no cancellation for
   * a confident sample: the cosine sees only g's direction), or the float32 textbook rounding
   * (logSoftmax.ts), or e_t for raw logits.
   */
  setClassOutput(t: number, logSoftmax: boolean, textbook: boolean): void {
    const { dO } = this;
    const p = this.ws.p;
    const C = dO.length;
    if (!logSoftmax) {
      dO.fill(0);
      dO[t] = 1;
      return;
    }
    let rest = 0;
    for (let c = 0; c < C; c++) {
      if (c === t) continue;
      const pc = textbook ? Math.fround(p[c]) : p[c];
      dO[c] = -pc;
      rest += pc;
    }
    dO[t] = textbook ? Math.fround(1 - Math.fround(p[t])) : rest;
  }

  /** Pass 1 for the dO set by setClassOutput: g_t into din[0]. */
  classGradient(params: CnnParams): Float64Array {
    const { ws, dz, da, din, df } = this;
    const { dims, L, s1 } = ws;
    const { W } = layerParams(params, L);
    matVec(W, this.dO, df, dims.features, dims.C);
    headTranspose(ws, df, da[L - 1]);
    for (let l = L - 1; l >= 0; l--) {
      const lay = dims.layers[l];
      mulInto(da[l], s1[l], dz[l]);
      ws.kernels.conv3x3(dz[l], 0, lay.H, lay.W, lay.outC, ws.KF[l], ws.zeroBias[l], lay.inC, din[l], 0);
      if (l > 0) avgPool2x2Transpose(din[l], 0, 2 * lay.H, 2 * lay.W, lay.inC, da[l - 1], 0);
    }
    return din[0];
  }

  /** Pass 2 for gh[0] = dL/dg_t (after classGradient of the same t): adds to grads, R and gO. */
  tangent(params: CnnParams, grads: CnnParams, logSoftmax: boolean): void {
    const { ws, gz, gh, gf, dz, da, R, dO } = this;
    const { dims, L, s1, s2 } = ws;
    const { W } = layerParams(params, L);
    const g = layerParams(grads, L);
    for (let l = 0; l < L; l++) {
      const lay = dims.layers[l];
      ws.kernels.conv3x3(gh[l], 0, lay.H, lay.W, lay.inC, ws.KT[l], ws.zeroBias[l], lay.outC, gz[l], 0);
      ws.kernels.conv3x3WeightGrad(gh[l], 0, lay.H, lay.W, lay.inC, dz[l], 0, lay.outC, g.K[l], null);
      const gzl = gz[l];
      if (ws.curved[l]) {
        const r = R[l];
        const dal = da[l];
        const s2l = s2[l];
        for (let i = 0; i < gzl.length; i++) r[i] += gzl[i] * dal[i] * s2l[i];
      }
      mulInto(gzl, s1[l], gzl);
      if (lay.pool) avgPool2x2(gzl, 0, lay.H, lay.W, lay.outC, gh[l + 1], 0);
      else gh[l + 1].set(gzl);
    }
    headForward(ws, gh[L], gf);
    const C = dims.C;
    const F = dims.features;
    addOuter(g.W, gf, dO, F, C);
    if (!logSoftmax) return;
    const p = ws.p;
    const gO = this.gO;
    // dp_c = -(W^T Gf)_c; dL/do += p * (dp - p.dp).
    let pdp = 0;
    const dp = this.dpBuf;
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let i = 0; i < F; i++) s += W[i * C + c] * gf[i];
      dp[c] = -s;
      pdp += p[c] * dp[c];
    }
    for (let c = 0; c < C; c++) gO[c] += p[c] * (dp[c] - pdp);
  }

  /** Pass 3 for dL/do of this image (CE's part plus gO, summed by the caller). */
  backward(params: CnnParams, grads: CnnParams, dOut: Float64Array): void {
    const { ws, dz, da, din, df, R } = this;
    const { dims, L, s1, h } = ws;
    const { W } = layerParams(params, L);
    const g = layerParams(grads, L);
    const C = dims.C;
    const F = dims.features;
    for (let c = 0; c < C; c++) g.b[c] += dOut[c];
    // In helpers, not inline: a long loop here got this function compiled on the stack (OSR) and
    // then thrown out at every call below it (measured: hundreds of deoptimisations per run).
    addOuter(g.W, ws.f, dOut, F, C);
    matVec(W, dOut, df, F, C);
    headTranspose(ws, df, da[L - 1]);
    for (let l = L - 1; l >= 0; l--) {
      const lay = dims.layers[l];
      mulInto(da[l], s1[l], dz[l]);
      if (ws.curved[l]) addInto(dz[l], R[l]);
      ws.kernels.conv3x3WeightGrad(h[l], 0, lay.H, lay.W, lay.inC, dz[l], 0, lay.outC, g.K[l], g.c[l]);
      if (l === 0) break; // no gradient needed at the input
      ws.kernels.conv3x3(dz[l], 0, lay.H, lay.W, lay.outC, ws.KF[l], ws.zeroBias[l], lay.inC, din[l], 0);
      avgPool2x2Transpose(din[l], 0, 2 * lay.H, 2 * lay.W, lay.inC, da[l - 1], 0);
    }
  }
}

/** gW[i, c] += a[i] b[c] (gW row-major [F, C]). */
function addOuter(gW: Float64Array, a: Float64Array, b: Float64Array, F: number, C: number): void {
  for (let i = 0; i < F; i++) {
    const v = a[i];
    if (v === 0) continue;
    const o = i * C;
    for (let c = 0; c < C; c++) gW[o + c] += v * b[c];
  }
}

/** out[i] = sum_c W[i, c] v[c] (W row-major [F, C]). */
function matVec(W: Float64Array, v: Float64Array, out: Float64Array, F: number, C: number): void {
  for (let i = 0; i < F; i++) {
    let s = 0;
    const wo = i * C;
    for (let c = 0; c < C; c++) s += W[wo + c] * v[c];
    out[i] = s;
  }
}

function mulInto(a: Float64Array, b: Float64Array, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
}

function addInto(a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) a[i] += b[i];
}

/** The head's transpose: dL/dh_L from dL/df (flatten: the same values; gap: spread over pixels). */
function headTranspose(ws: CnnWorkspace, df: Float64Array, out: Float64Array): void {
  if (ws.dims.head === 'flatten') {
    out.set(df);
    return;
  }
  const last = ws.dims.layers[ws.L - 1];
  const C = last.outC;
  const P = last.H * last.W;
  for (let q = 0; q < P; q++) for (let ch = 0; ch < C; ch++) out[q * C + ch] = df[ch] / P;
}

/** The head itself on a tangent map (flatten: copy; gap: mean over pixels). */
function headForward(ws: CnnWorkspace, hL: Float64Array, out: Float64Array): void {
  if (ws.dims.head === 'flatten') {
    out.set(hL);
    return;
  }
  const last = ws.dims.layers[ws.L - 1];
  const C = last.outC;
  const P = last.H * last.W;
  out.fill(0);
  for (let q = 0; q < P; q++) for (let ch = 0; ch < C; ch++) out[ch] += hL[q * C + ch];
  for (let ch = 0; ch < C; ch++) out[ch] /= P;
}
