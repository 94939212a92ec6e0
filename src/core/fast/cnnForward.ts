/**
 * The fused CNN step's workspace and forward pass, one image at a time (models/cnn.ts's network):
 *   h0 = x - shift; for l = 1..L: z_l = conv3x3(h_{l-1}; K_l) + c_l,
 *   l < L: h_l = avgPool2x2(act(z_l));  l = L: h_L = softplus(z_L);
 *   f = h_L (flatten) or its mean over pixels (gap);  o = f W + b;  p = softmax(o).
 * The workspace keeps every per-image array the backward and second-order passes read (z, act'
 * and act'' per layer, f, o, p), allocated once per architecture. Float64 throughout: an image's
 * arrays are a few hundred KB and stay in cache, so float32 storage would not make these loops
 * faster, while float64 makes the finite-difference checks sharp and the results closer to
 * exact than TF.js's float32 (the float32 comparison in the tests has the slack).
 */
import type { Floats } from './fusedParams';
import { avgPool2x2, BLOCK, blockedSize, kernelFlipped, kernelForward } from './cnnKernels';
import { jsKernels, plainAlloc, type Alloc, type CnnConvKernels } from './cnnWasm';
import { layerParams, type CnnDims, type CnnParams } from './cnnShapes';

export class CnnWorkspace {
  readonly L: number;
  /** h[0] the shifted input, h[l] layer l's output (pooled for l < L, softplus for l = L). */
  readonly h: Float64Array[];
  /** Per layer l = 1..L at index l-1: pre-activation, act'(z), act''(z) (empty for relu). */
  readonly z: Float64Array[];
  readonly s1: Float64Array[];
  readonly s2: Float64Array[];
  /** Whether layer l's activation has a non-zero second derivative (softplus; never relu). */
  readonly curved: boolean[];
  /** act(z_l) of hidden layers before pooling (empty for the last layer). */
  readonly a: Float64Array[];
  /** Filter-major kernels for the forward convolution and flipped ones for its transpose. */
  readonly KT: Float64Array[];
  readonly KF: Float64Array[];
  /** All-zero biases for the bias-free convolutions (transposes, tangents), and the biases, padded to the block size. */
  readonly zeroBias: Float64Array[];
  readonly bias: Float64Array[];
  readonly f: Float64Array;
  readonly o: Float64Array;
  readonly p: Float64Array;
  /** Per-layer sizes: z_l (= dz_l) and the layer's input h_{l-1}. */
  readonly zSize: number[];
  readonly inSize: number[];

  /**
   * `alloc` makes every array (views into a wasm memory when `kernels` are the wasm ones, which
   * read and write only that memory); the default is plain arrays and the JS loops.
   */
  constructor(
    readonly dims: CnnDims,
    readonly kernels: CnnConvKernels = jsKernels,
    alloc: Alloc = plainAlloc,
  ) {
    const { layers, d } = dims;
    const F64 = alloc;
    this.L = layers.length;
    this.zSize = layers.map((l) => l.H * l.W * l.outC);
    this.inSize = layers.map((l) => l.H * l.W * l.inC);
    this.h = [F64(d), ...layers.map((l, i) => F64(l.pool ? this.zSize[i] / 4 : this.zSize[i]))];
    this.curved = layers.map((l) => !l.pool || dims.activation === 'softplus');
    this.z = this.zSize.map((n) => F64(n));
    this.a = this.zSize.map((n, i) => F64(layers[i].pool ? n : 0));
    this.s1 = this.zSize.map((n) => F64(n));
    this.s2 = this.zSize.map((n, i) => F64(this.curved[i] ? n : 0));
    this.KT = layers.map((l) => F64(blockedSize(l.inC, l.outC)));
    this.KF = layers.map((l) => F64(blockedSize(l.outC, l.inC)));
    const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
    this.zeroBias = layers.map((l) => F64(padded(Math.max(l.inC, l.outC))));
    this.bias = layers.map((l) => F64(padded(l.outC)));
    this.f = F64(dims.features);
    this.o = F64(dims.C);
    this.p = F64(dims.C);
  }

  /** Lays out the current kernels for the loops; call once whenever the parameters changed. */
  prepare(params: CnnParams): void {
    const { K, c } = layerParams(params, this.L);
    this.dims.layers.forEach((l, i) => {
      kernelForward(K[i], l.inC, l.outC, this.KT[i]);
      kernelFlipped(K[i], l.inC, l.outC, this.KF[i]);
      this.bias[i].set(c[i]);
    });
  }

  /** Forward pass of image n of x (d values each): fills h, z, act', act'', f and o (logits). */
  forward(params: CnnParams, x: Floats, n: number): void {
    const { dims, L, h, z, s1, s2 } = this;
    const { W, b } = layerParams(params, L);
    const d = dims.d;
    const h0 = h[0];
    const xo = n * d;
    const shift = dims.shift;
    for (let i = 0; i < d; i++) h0[i] = x[xo + i] - shift;
    for (let l = 0; l < L; l++) {
      const lay = dims.layers[l];
      const zl = z[l];
      this.kernels.conv3x3(h[l], 0, lay.H, lay.W, lay.inC, this.KT[l], this.bias[l], lay.outC, zl, 0);
      // Hidden layers pool act(z) (kept in a[l]); the last layer's output is softplus(z) itself.
      const target = lay.pool ? this.a[l] : h[L];
      if (this.curved[l]) softplusInto(zl, s1[l], s2[l], target);
      else reluInto(zl, s1[l], target);
      if (lay.pool) avgPool2x2(target, 0, lay.H, lay.W, lay.outC, h[l + 1], 0);
    }
    this.head();
    const { f, o } = this;
    const C = dims.C;
    for (let t = 0; t < C; t++) o[t] = b[t];
    const F = dims.features;
    for (let i = 0; i < F; i++) {
      const fi = f[i];
      if (fi === 0) continue;
      const wo = i * C;
      for (let t = 0; t < C; t++) o[t] += fi * W[wo + t];
    }
  }

  /** f from h_L: the map itself (flatten) or its mean over pixels (gap). */
  private head(): void {
    const { dims, f } = this;
    const hL = this.h[this.L];
    if (dims.head === 'flatten') {
      f.set(hL);
      return;
    }
    const last = dims.layers[this.L - 1];
    const C = last.outC;
    const P = last.H * last.W;
    f.fill(0);
    for (let q = 0; q < P; q++) for (let ch = 0; ch < C; ch++) f[ch] += hL[q * C + ch];
    for (let ch = 0; ch < C; ch++) f[ch] /= P;
  }

  /** p = softmax(o); returns log sum exp(o) (so CE = logZ - o_y). */
  softmax(): number {
    const { o, p } = this;
    const C = o.length;
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (o[c] > m) m = o[c];
    let se = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(o[c] - m);
      p[c] = e;
      se += e;
    }
    for (let c = 0; c < C; c++) p[c] /= se;
    return m + Math.log(se);
  }
}

/** out = softplus(z) = max(z, 0) + log1p(exp(-|z|)), act' = sigmoid(z), act'' = sigmoid (1 - sigmoid), without overflow. */
function softplusInto(z: Float64Array, s1: Float64Array, s2: Float64Array, out: Float64Array): void {
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    const e = Math.exp(-Math.abs(v));
    const sig = v >= 0 ? 1 / (1 + e) : e / (1 + e);
    s1[i] = sig;
    s2[i] = sig * (1 - sig);
    out[i] = (v > 0 ? v : 0) + Math.log1p(e);
  }
}

/** out = relu(z), act'(z) = 1 where z > 0 (TF.js's gradient at 0 is 0). */
function reluInto(z: Float64Array, s1: Float64Array, out: Float64Array): void {
  for (let i = 0; i < z.length; i++) {
    const v = z[i];
    const on = v > 0;
    s1[i] = on ? 1 : 0;
    out[i] = on ? v : 0;
  }
}
