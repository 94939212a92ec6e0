import type { Rng } from '../random';

/**
 * k target classes per image (the authors' num_grads_per_image): for each of B images, k distinct
 * classes of C drawn without replacement, written to out[n*k .. n*k+k). The PAG term then sums
 * over these classes only and is scaled by C/k, so its expectation is the all-class term
 * (docs: HELPERS' agreed `targetsPerImage`).
 *
 * The draw per image is exactly `rng.sample([0..C-1], k)` (a full Fisher-Yates permutation,
 * first k entries), so an engine that calls Rng.sample gets the same classes from the same
 * generator state; done here in place, without allocating per image. k = 0 or k >= C means every
 * class, in order, with no draw.
 */
export function drawTargetClasses(rng: Rng, B: number, C: number, k: number, out: Int32Array, scratch: Int32Array): void {
  const kk = effectiveK(C, k);
  if (out.length < B * kk) throw new Error(`target classes: room for ${out.length}, need ${B * kk}`);
  for (let n = 0; n < B; n++) {
    if (kk === C) {
      for (let c = 0; c < C; c++) out[n * C + c] = c;
      continue;
    }
    for (let i = 0; i < C; i++) scratch[i] = i;
    for (let i = C - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = scratch[i];
      scratch[i] = scratch[j];
      scratch[j] = t;
    }
    for (let i = 0; i < kk; i++) out[n * kk + i] = scratch[i];
  }
}

/** Target classes per image actually used: k, or C for k = 0 (all) or k >= C. */
export function effectiveK(C: number, k: number): number {
  return k > 0 && k < C ? k : C;
}
