import type { ModelInfo } from '../contract/protocol';
import { SHORT_LABELS } from '../contract/settings';

/** Numbers as the lab writes them. */
export const pct = (v: number | null | undefined, digits = 1) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(digits)} %`);

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–';
  if (seconds < 1) return '<1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function msLabel(ms: number | null): string {
  if (ms === null) return 'measuring…';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** eps as people write it: 8/255 for image L_inf radii, plain numbers otherwise. */
export function epsLabel(eps: number): string {
  const k = eps * 255;
  return eps < 1 && Math.abs(k - Math.round(k)) < 1e-6 && Math.round(k) > 0 ? `${Math.round(k)}/255` : `${+eps.toPrecision(4)}`;
}

/** A number typed by a person: "0.5", "8/255", "1e-3"; NaN if it is none (fieldSchema.ts). */
export { parseDecimal as parseNumber } from '../../common/share/fieldSchema';

/** "training: fused CPU step", "training: TF.js on webgl", or both with the models each trains. */
export function engineText(models: Pick<ModelInfo, 'method' | 'engine' | 'kernels'>[], backend: string): string {
  const fused = models.filter((m) => m.engine === 'fused');
  const tfjs = models.filter((m) => m.engine !== 'fused');
  const tf = `TF.js on ${backend}`;
  // "(WebAssembly SIMD)" when the fused models run the wasm kernels, "(JS)" on the fallback loops.
  const step = `fused CPU step${fused.length > 0 && fused.every((m) => m.kernels === 'wasm') ? ' (WebAssembly SIMD)' : fused.some((m) => m.kernels === 'js') ? ' (JS)' : ''}`;
  if (tfjs.length === 0) return `training: ${step}`;
  if (fused.length === 0) return `training: ${tf}`;
  return `training: ${step}; ${tfjs.map((m) => SHORT_LABELS[m.method]).join(', ')} on ${tf}`;
}
