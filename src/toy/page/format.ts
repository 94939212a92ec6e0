/** Number formats shared by the panels (one place, so every percentage reads the same). */
export const pct = (v: number | null | undefined, digits = 1): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${(100 * v).toFixed(digits)} %`);

export const int = (v: number): string => Math.round(v).toLocaleString('en-US');

export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return '< 1 s';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 90) return `${m} min ${Math.round(seconds - 60 * m)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Short eps / step-size numbers: 15, 1.875, 0.031. */
export const num = (v: number): string => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));

export const normLabel = (n: 'l2' | 'linf'): string => (n === 'l2' ? 'L2' : 'L∞');
