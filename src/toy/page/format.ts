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

/**
 * A worker's progress phase in plain words: "eps sweep (pag)" (21/24) becomes "Measuring the PAG
 * model at each ε of the sweep (21 of 24)". Unknown phases pass through, first letter raised.
 */
export function phaseText(phase: string, done: number, total: number): string {
  const who = (k: string) => (k === 'pag' ? 'PAG' : k === 'vanilla' ? 'vanilla' : k);
  const count = total > 0 ? ` (${done} of ${total})` : '';
  let m = /^eps sweep \((\w+)\)$/.exec(phase);
  if (m) return `Measuring the ${who(m[1])} model at each ε of the sweep${count}`;
  m = /^attacking the (\w+) model$/.exec(phase);
  if (m) return `Attacking the ${who(m[1])} model${count}`;
  m = /^attack suite \((\w+), ε ([^)]+)\): (.*)$/.exec(phase);
  if (m) return `Stronger attacks on the ${who(m[1])} model at ε ${m[2]}: ${m[3]}${count}`;
  if (phase === 'attack done') return 'Attack done';
  return `${phase.charAt(0).toUpperCase()}${phase.slice(1)}${count}`;
}
