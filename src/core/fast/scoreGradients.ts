import { getLogSoftmaxGradient, type OutputKind } from '../pag/logSoftmax';

/**
 * d f_t / d o (f = log-softmax or the logits, o = the logits) of one sample, as the fused step
 * forms it, for every class t: K[t*C + c]. The forward pass builds da_t = W2 K_t from these, and
 * the backward pass must use the very same numbers for d da_t / d W2 = K_t: with a rounded form,
 * the derivative of the computed quantity is the rounded coefficient, not the exact one
 * (autograd frameworks differentiate what they computed). Issue 17: using the exact 1 - p_t in
 * the backward while the forward used float32's rounded one (0 for a confident sample) added an
 * O(1) term per saturated sample, because the cosine's gradient scales as 1 / |g_t| ~ 1 / p_other.
 *
 * - logit: K_t = e_t.
 * - log-softmax, 'exact': K_tt = sum_{c != t} p_c (no cancellation), K_tc = -p_c.
 * - log-softmax, 'textbook': K_tt = fl32(1 - fl32(p_t)), K_tc = -fl32(p_c): float32 frameworks'
 *   e_t - softmax(o), rounded as they round it (see logSoftmax.ts).
 */
export function scoreCoefficients(p: Float64Array, C: number, output: OutputKind, K: Float64Array): void {
  const logSm = output === 'logSoftmax';
  const textbook = getLogSoftmaxGradient() === 'textbook';
  for (let t = 0; t < C; t++) {
    const o = t * C;
    if (!logSm) {
      for (let c = 0; c < C; c++) K[o + c] = c === t ? 1 : 0;
    } else if (textbook) {
      for (let c = 0; c < C; c++) K[o + c] = c === t ? Math.fround(1 - Math.fround(p[t])) : -Math.fround(p[c]);
    } else {
      let rest = 0;
      for (let c = 0; c < C; c++) if (c !== t) rest += p[c];
      for (let c = 0; c < C; c++) K[o + c] = c === t ? rest : -p[c];
    }
  }
}
