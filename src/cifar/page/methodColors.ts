import type { MethodId } from '../contract/settings';

/** One colour per method, everywhere on the page (charts, gallery rows, table). */
export const METHOD_COLORS: Record<MethodId, string> = {
  vanilla: '#475569',
  oi: '#b45309',
  cm: '#7c3aed',
  nn: '#0f766e',
  'rigd-l2': '#1d4ed8',
  'rigd-linf': '#be185d',
  shuffled: '#a16207',
};
