import type { References } from './targets';

/**
 * The `shuffled` control: PAG with the right machinery but the wrong classes. Class t's target
 * g(x, t) is built from class pi(t) = (t + s) mod C, s = 3 mod C (or 1 when C is a multiple of 3):
 * a fixed cyclic shift, so no class keeps its own target. With 2 classes it swaps them (the toy:
 * the nearest neighbour of the other class). Why: if an input-gradient regulariser alone gave
 * the robustness, shuffled targets would give it too; if perceptual alignment matters, they
 * should not.
 */
/**
 * The one sentence that explains the control wherever it appears (CLI report, both labs; this
 * module has no TensorFlow.js import, so the pages can use it).
 */
export const SHUFFLED_EXPLAINED =
  'Control: Nearest Neighbor PAG at the same lambda, but each class t gets the targets of class (t + 3) mod C (the other class when there are two), so it regularises input-gradients just as hard without aligning them with the right class.';

export function controlShift(numClasses: number): number {
  const s = 3 % numClasses;
  return s === 0 ? 1 : s;
}

export function permutedClass(t: number, numClasses: number): number {
  return (t + controlShift(numClasses)) % numClasses;
}

/** The same references with every class's target taken from class permutedClass(t). */
export function permuteReferenceClasses(refs: References): References {
  const C = refs.numClasses;
  const pi = Array.from({ length: C }, (_, t) => permutedClass(t, C));
  const out: References = { ...refs };
  if (refs.indexTable) {
    const n = refs.indexTable.length / C;
    const table = new Int32Array(refs.indexTable.length);
    for (let i = 0; i < n; i++) for (let t = 0; t < C; t++) table[i * C + t] = refs.indexTable[i * C + pi[t]];
    out.indexTable = table;
  }
  if (refs.classVectors) {
    const v = new Float32Array(refs.classVectors.length);
    for (let t = 0; t < C; t++) v.set(refs.classVectors.subarray(pi[t] * refs.dim, (pi[t] + 1) * refs.dim), t * refs.dim);
    out.classVectors = v;
  }
  // targetsAtPoints searches these per class: permuted too, so arrows show the same targets.
  if (refs.oneImageIndex) out.oneImageIndex = pi.map((p) => refs.oneImageIndex![p]);
  if (refs.nnPool) out.nnPool = pi.map((p) => refs.nnPool![p]);
  return out;
}
