import type { ModelSpec } from '../models';
import { mlpDims, zeroParams, type Floats, type FusedParams, type MlpDims } from './fusedParams';
import { getLogSoftmaxGradient, type OutputKind } from '../pag/logSoftmax';
import { scoreCoefficients } from './scoreGradients';
import { rowCosine } from './fusedCosine';
import type { FusedLossOptions, FusedResult } from './fusedTypes';

/**
 * A hand-fused PAG step for MLPs with exactly one hidden layer (x -> W1,b1 -> act -> W2,b2 ->
 * logits): forward pass, all-class input-gradients, the cosine loss of Eq. (1)-(2) and its exact
 * gradient with respect to every parameter (double backpropagation derived by hand), written as
 * plain loops over Float64Array. For a model this small TF.js pays per-op dispatch, not arithmetic
 * (docs/tfjs-second-order.md, "A hand-fused toy step"); these loops do the same work in float64.
 *
 * Per sample (row vectors as in TF.js: x [d], W1 [d,H], W2 [H,C]):
 *   z = x W1 + b1, a = act(z), o = a W2 + b2, p = softmax(o).
 *   Class t: dodf_t = e_t - p (logSoftmax) or e_t (logit); da_t = W2 dodf_t;
 *            dz_t = da_t * act'(z); g_t = W1 dz_t = d f_t / d x.
 *   Loss: CE_mean + lambda/B * sum_t (1 - cos(g_t, u_t)), cos = g.u / sqrt(max(|g|^2|u|^2, eps^2)).
 *   Backward, with G_t = dL/dg_t:
 *     dW1 += G_t dz_t^T; ddz_t = W1^T G_t; dda_t = ddz_t * act'(z);
 *     dz  += ddz_t * da_t * act''(z);
 *     dW2 += dda_t dodf_t^T (dodf_t exactly as the forward formed it: scoreGradients.ts);
 *     (logSoftmax) dp = -W2^T sum_t dda_t, do += p * (dp - p.dp);
 *     CE: do += (p - e_y) / B; then dW2 += a do^T, db2 += do, dz += (W2 do) * act'(z),
 *     db1 += dz, dW1 += x^T dz.
 *   relu: act' = [z > 0] (TF.js's gradient at 0 is 0), act'' = 0;
 *   softplus: act' = sigmoid(z), act'' = sigmoid(z) (1 - sigmoid(z)).
 * Checked against the golden fixtures (test/golden/fused.test.ts) and finite differences
 * (test/unit/core/fused.test.ts). Parameters and shapes: fusedParams.ts; one-shot forms for tests: test/unit/core/fusedOneShot.ts.
 */

export type { FusedLossOptions, FusedResult } from './fusedTypes';

/**
 * The fused kernels of one architecture with their scratch buffers (allocated once, grown only
 * when a larger batch arrives). Results depend only on the arguments: the buffers are scratch.
 */
export class FusedMlp {
  readonly dims: MlpDims;
  // Per-sample scratch.
  private readonly z: Float64Array;
  private readonly a: Float64Array;
  private readonly s1: Float64Array; // act'(z)
  private readonly s2: Float64Array; // act''(z)
  /** Units with act'(z) != 0 for the current sample (all for softplus; the live ones for relu). */
  private readonly alive: Int32Array;
  private nAlive = 0;
  private readonly p: Float64Array;
  private readonly K: Float64Array; // [C*C] d f_t / d o_c as the forward forms it
  private readonly dO: Float64Array; // dL/do
  private readonly dA: Float64Array; // [C*H] da_t
  private readonly dZ: Float64Array; // [C*H] dz_t
  private readonly g: Float64Array; // [C*d] g_t
  private readonly G: Float64Array; // [C*d] dL/dg_t
  private readonly ddz: Float64Array; // [H]
  private readonly S: Float64Array; // [H] sum_t dda_t
  private readonly dzAcc: Float64Array; // [H] dL/dz
  private readonly cosSum: Float64Array; // [C]
  private readonly result: FusedResult;
  private readonly cosOut = new Float64Array(3);
  private logitBuf = new Float64Array(0);
  private gradBuf = new Float64Array(0);

  constructor(spec: ModelSpec | MlpDims) {
    this.dims = 'kind' in spec ? mlpDims(spec) : { ...spec };
    const { d, H, C } = this.dims;
    this.z = new Float64Array(H);
    this.a = new Float64Array(H);
    this.s1 = new Float64Array(H);
    this.s2 = new Float64Array(H);
    this.alive = new Int32Array(H);
    this.p = new Float64Array(C);
    this.K = new Float64Array(C * C);
    this.dO = new Float64Array(C);
    this.dA = new Float64Array(C * H);
    this.dZ = new Float64Array(C * H);
    this.g = new Float64Array(C * d);
    this.G = new Float64Array(C * d);
    this.ddz = new Float64Array(H);
    this.S = new Float64Array(H);
    this.dzAcc = new Float64Array(H);
    this.cosSum = new Float64Array(C);
    this.result = { ce: 0, pag: 0, total: 0, alignment: new Float64Array(C), accuracy: 0, grads: zeroParams(this.dims) };
  }

  /** Hidden layer of sample n: fills z, a, act'(z), act''(z). */
  private hidden(params: FusedParams, x: Floats, n: number): void {
    const { d, H, activation } = this.dims;
    const { W1, b1 } = params;
    const { z, a, s1, s2 } = this;
    for (let h = 0; h < H; h++) z[h] = b1[h];
    const xo = n * d;
    for (let i = 0; i < d; i++) {
      const xi = x[xo + i];
      if (xi === 0) continue;
      const wo = i * H;
      for (let h = 0; h < H; h++) z[h] += xi * W1[wo + h];
    }
    const alive = this.alive;
    if (activation === 'relu') {
      let k = 0;
      for (let h = 0; h < H; h++) {
        const v = z[h];
        if (v > 0) {
          a[h] = v;
          s1[h] = 1;
          alive[k++] = h;
        } else {
          a[h] = 0;
          s1[h] = 0;
        }
        s2[h] = 0;
      }
      this.nAlive = k;
    } else {
      this.nAlive = H;
      for (let h = 0; h < H; h++) {
        alive[h] = h;
        const v = z[h];
        // softplus(v) = max(v, 0) + log1p(exp(-|v|)); sigmoid without overflow.
        const e = Math.exp(-Math.abs(v));
        a[h] = (v > 0 ? v : 0) + Math.log1p(e);
        const sig = v >= 0 ? 1 / (1 + e) : e / (1 + e);
        s1[h] = sig;
        s2[h] = sig * (1 - sig);
      }
    }
  }

  /** Logits of sample n into out[oo..oo+C) (a must hold the hidden activations). */
  private outputs(params: FusedParams, out: Float64Array, oo: number): void {
    const C = this.dims.C;
    const { W2, b2 } = params;
    const { a, alive, nAlive } = this;
    for (let c = 0; c < C; c++) out[oo + c] = b2[c];
    for (let k = 0; k < nAlive; k++) {
      const h = alive[k];
      const ah = a[h];
      const wo = h * C;
      for (let c = 0; c < C; c++) out[oo + c] += ah * W2[wo + c];
    }
  }

  /** Softmax of out[oo..oo+C) into p; returns log(sum exp(o - max)) + max (the log-partition). */
  private softmax(o: Float64Array, oo: number): number {
    const C = this.dims.C;
    const p = this.p;
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (o[oo + c] > m) m = o[oo + c];
    let se = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(o[oo + c] - m);
      p[c] = e;
      se += e;
    }
    const inv = 1 / se;
    for (let c = 0; c < C; c++) p[c] *= inv;
    return m + Math.log(se);
  }

  /**
   * g_t = d f_t / d x of the current sample for every class t into this.g (needs hidden + softmax
   * done). For log-softmax, da_t = W2 (e_t - p) is formed as sum_{c != t} p_c (W2[:,t] - W2[:,c])
   * (using 1 - p_t = sum_{c != t} p_c): no cancellation when the sample is confidently classified,
   * so the direction of a tiny g_t, which is all the cosine sees, stays exact.
   */
  private classGradients(params: FusedParams, output: OutputKind): void {
    const { d, H, C } = this.dims;
    const { W1, W2 } = params;
    const { p, s1, dA, dZ, g, alive, nAlive, K } = this;
    scoreCoefficients(p, C, output, K);
    const exact = output === 'logSoftmax' && getLogSoftmaxGradient() === 'exact';
    // Only live units: dead relus have dz_t = 0 and take part in nothing below.
    for (let t = 0; t < C; t++) {
      const to = t * H;
      const ko = t * C;
      for (let k = 0; k < nAlive; k++) {
        const h = alive[k];
        const wo = h * C;
        let da = 0;
        if (exact) {
          const wt = W2[wo + t];
          for (let c = 0; c < C; c++) if (c !== t) da += p[c] * (wt - W2[wo + c]);
        } else {
          // textbook: W2_t fl32(1 - fl32(p_t)) - sum fl32(p_c) W2_c; logit: W2_t.
          da = W2[wo + t] * K[ko + t];
          for (let c = 0; c < C; c++) if (c !== t) da += K[ko + c] * W2[wo + c];
        }
        dA[to + h] = da;
        dZ[to + h] = da * s1[h];
      }
      const go = t * d;
      for (let i = 0; i < d; i++) {
        const wo = i * H;
        let s = 0;
        for (let k = 0; k < nAlive; k++) {
          const h = alive[k];
          s += W1[wo + h] * dZ[to + h];
        }
        g[go + i] = s;
      }
    }
  }

  /** The gradient buffers lossAndGrads fills (the same arrays on every call). */
  get grads(): FusedParams {
    return this.result.grads;
  }

  /** Logits [B, C] (row-major) at x [B*d]. The returned array is reused by the next call unless `out` is given. */
  logits(params: FusedParams, x: Floats, B: number, out?: Float64Array): Float64Array {
    const C = this.dims.C;
    if (!out) {
      if (this.logitBuf.length < B * C) this.logitBuf = new Float64Array(B * C);
      out = this.logitBuf.subarray(0, B * C);
    }
    for (let n = 0; n < B; n++) {
      this.hidden(params, x, n);
      this.outputs(params, out, n * C);
    }
    return out;
  }

  /**
   * All-class input-gradients d f(x_n)_t / d x_n, laid out [C, B, d] like the targets and the
   * fixtures' `inputGradients`. Returned array is reused by the next call unless `out` is given.
   */
  inputGradients(params: FusedParams, x: Floats, B: number, output: OutputKind, out?: Float64Array): Float64Array {
    const { d, C } = this.dims;
    if (!out) {
      if (this.gradBuf.length < C * B * d) this.gradBuf = new Float64Array(C * B * d);
      out = this.gradBuf.subarray(0, C * B * d);
    }
    const o = this.logitBuf.length >= C ? this.logitBuf : (this.logitBuf = new Float64Array(Math.max(C, B * C)));
    for (let n = 0; n < B; n++) {
      this.hidden(params, x, n);
      this.outputs(params, o, 0);
      this.softmax(o, 0);
      this.classGradients(params, output);
      for (let t = 0; t < C; t++) out.set(this.g.subarray(t * d, (t + 1) * d), (t * B + n) * d);
    }
    return out;
  }

  /**
   * One batch: losses, metrics and (unless opts.grads === false) d total / d params.
   * x [B*d], y [B] labels, u [C, B, d] targets g(x_n, t) or null (vanilla: pag 0, alignment 0).
   */
  lossAndGrads(params: FusedParams, x: Floats, y: Int32Array, u: Floats | null, opts: FusedLossOptions): FusedResult {
    const { d, H, C, activation } = this.dims;
    const B = y.length;
    if (x.length < B * d) throw new Error(`x holds ${x.length} values, need ${B * d}`);
    if (u && u.length < C * B * d) throw new Error(`targets hold ${u.length} values, need ${C * B * d}`);
    const withGrads = opts.grads !== false;
    const withPag = u !== null;
    const pagGrad = withGrads && withPag && opts.lambda !== 0;
    const logSm = opts.output === 'logSoftmax';
    const cosine = opts.cosine ?? 'paper';
    const cosOut = this.cosOut;
    const { W1, W2 } = params;
    const res = this.result;
    const { W1: gW1, b1: gb1, W2: gW2, b2: gb2 } = res.grads;
    if (withGrads) {
      gW1.fill(0);
      gb1.fill(0);
      gW2.fill(0);
      gb2.fill(0);
    }
    const { a, s1, s2, p, dO, dA, dZ, g, G, ddz, S, dzAcc, cosSum, alive, K } = this;
    cosSum.fill(0);
    if (this.logitBuf.length < C) this.logitBuf = new Float64Array(C);
    const o = this.logitBuf;
    const invB = 1 / B;
    const coef = -opts.lambda * invB; // dL/dcos
    let ceSum = 0;
    let pagSum = 0;
    let correct = 0;

    for (let n = 0; n < B; n++) {
      this.hidden(params, x, n);
      this.outputs(params, o, 0);
      const logZ = this.softmax(o, 0);
      // Units with act' = 0 (dead relus) get no gradient from this sample: loop over the live ones.
      const nAlive = this.nAlive;
      const yn = y[n];
      ceSum += logZ - o[yn];
      let best = 0;
      for (let c = 1; c < C; c++) if (o[c] > o[best]) best = c;
      if (best === yn) correct++;
      if (withGrads) {
        for (let c = 0; c < C; c++) dO[c] = p[c] * invB;
        dO[yn] -= invB;
        for (let k = 0; k < nAlive; k++) dzAcc[alive[k]] = 0;
      }

      if (withPag) {
        this.classGradients(params, opts.output);
        if (pagGrad) for (let k = 0; k < nAlive; k++) S[alive[k]] = 0;
        for (let t = 0; t < C; t++) {
          const go = t * d;
          const uo = (t * B + n) * d;
          let gu = 0;
          let gg = 0;
          let uu = 0;
          for (let i = 0; i < d; i++) {
            const gi = g[go + i];
            const ui = u[uo + i];
            gu += gi * ui;
            gg += gi * gi;
            uu += ui * ui;
          }
          rowCosine(gu, gg, uu, opts.cosEps, cosine, cosOut);
          const cos = cosOut[0];
          cosSum[t] += cos;
          pagSum += 1 - cos;
          if (!pagGrad) continue;

          // G_t = coef * dcos/dg = coef * (a u + b g).
          const cu = coef * cosOut[1];
          const cg = coef * cosOut[2];
          for (let i = 0; i < d; i++) G[go + i] = cu * u[uo + i] + cg * g[go + i];

          const to = t * H;
          // dW1 += G_t dz_t^T; ddz = W1^T G_t.
          for (let k = 0; k < nAlive; k++) ddz[alive[k]] = 0;
          for (let i = 0; i < d; i++) {
            const Gi = G[go + i];
            const wo = i * H;
            for (let k = 0; k < nAlive; k++) {
              const h = alive[k];
              gW1[wo + h] += Gi * dZ[to + h];
              ddz[h] += W1[wo + h] * Gi;
            }
          }
          const ko = t * C;
          for (let k = 0; k < nAlive; k++) {
            const h = alive[k];
            const dda = ddz[h] * s1[h];
            // dW2 += dda_t K_t^T, with the coefficients the forward used (scoreGradients.ts).
            for (let c = 0; c < C; c++) gW2[h * C + c] += dda * K[ko + c];
            S[h] += dda;
          }
          if (activation === 'softplus') {
            for (let h = 0; h < H; h++) dzAcc[h] += ddz[h] * dA[to + h] * s2[h]; // softplus: all live
          }
        }
        if (pagGrad && logSm) {
          // df_t/do = e_t - p through p: dp = -W2^T S; do += p * (dp - p.dp) (softmax backward).
          let pdp = 0;
          for (let c = 0; c < C; c++) {
            let s = 0;
            for (let k = 0; k < nAlive; k++) {
              const h = alive[k];
              s += W2[h * C + c] * S[h];
            }
            const dp = -s;
            o[c] = dp; // logits of this sample are no longer needed: reuse as dp
            pdp += p[c] * dp;
          }
          for (let c = 0; c < C; c++) dO[c] += p[c] * (o[c] - pdp);
        }
      }

      if (!withGrads) continue;
      // Output layer: db2 += do, dW2 += a do^T, da = W2 do, dz += da * act'(z).
      for (let c = 0; c < C; c++) gb2[c] += dO[c];
      for (let k = 0; k < nAlive; k++) {
        const h = alive[k];
        const wo = h * C;
        const ah = a[h];
        let da = 0;
        for (let c = 0; c < C; c++) {
          gW2[wo + c] += ah * dO[c];
          da += W2[wo + c] * dO[c];
        }
        dzAcc[h] += da * s1[h];
      }
      // Hidden layer: db1 += dz, dW1 += x^T dz.
      for (let k = 0; k < nAlive; k++) gb1[alive[k]] += dzAcc[alive[k]];
      const xo = n * d;
      for (let i = 0; i < d; i++) {
        const xi = x[xo + i];
        if (xi === 0) continue;
        const wo = i * H;
        for (let k = 0; k < nAlive; k++) {
          const h = alive[k];
          gW1[wo + h] += xi * dzAcc[h];
        }
      }
    }

    res.ce = ceSum * invB;
    res.pag = withPag ? pagSum * invB : 0;
    res.total = res.ce + opts.lambda * res.pag;
    for (let t = 0; t < C; t++) res.alignment[t] = withPag ? cosSum[t] * invB : 0;
    res.accuracy = correct * invB;
    return res;
  }
}
