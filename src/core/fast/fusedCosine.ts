/**
 * The cosine of Eq. (2) for one row, from g.u, |g|^2 and |u|^2, and its gradient with respect to
 * g written as dcos/dg = a u + b g (the fused step's inner loop; mlpFused.ts). Two conventions
 * for the floor eps, which differ only where |g||u| or |g| or |u| is tiny, and for the toy that
 * is every confidently classified sample's own-class row (docs/numerics.md, issue 17):
 * - 'paper': v.u / max(|v||u|, eps), the paper's Eq. (2) and PyTorch's cosine_similarity before
 *   mid-2022; computed as sqrt(max(|v|^2|u|^2, eps^2)), the gradient going to the first
 *   argument of max on ties (as TF.js's tf.maximum).
 * - 'torch': (v / max(|v|, eps)).(u / max(|u|, eps)), F.cosine_similarity since PyTorch 1.12/1.13,
 *   whose clamp is applied without gradient (the norm's gradient flows as if unclamped; a zero
 *   vector's norm has gradient 0).
 */
export type CosineConvention = 'paper' | 'torch';

/** out[0] = cos, out[1] = a, out[2] = b. */
export function rowCosine(gu: number, gg: number, uu: number, eps: number, kind: CosineConvention, out: Float64Array): void {
  if (kind === 'paper') {
    const sq = gg * uu;
    const active = sq >= eps * eps;
    const D = active ? Math.sqrt(sq) : eps;
    out[0] = gu / D;
    out[1] = 1 / D;
    out[2] = active ? -(gu * uu) / (D * D * D) : 0;
    return;
  }
  const ng = Math.sqrt(gg);
  const Ng = Math.max(ng, eps);
  const Nu = Math.max(Math.sqrt(uu), eps);
  out[0] = gu / (Ng * Nu);
  out[1] = 1 / (Ng * Nu);
  out[2] = ng > 0 ? -gu / (Ng * Ng * Nu * ng) : 0;
}
