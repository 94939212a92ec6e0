import type { MethodId } from '../experiment/methods';

/**
 * Table 1 of the paper: CIFAR-10, ResNet-18, PGD-20, L_inf 8/255 and L2 0.5 (percent). The
 * `shuffled` control is ours, not the paper's: it has no row.
 */
export const PAPER_TABLE1: Partial<Record<MethodId, { clean: number; linf: number; l2: number }>> = {
  vanilla: { clean: 93.61, linf: 0.0, l2: 0.0 },
  oi: { clean: 79.46, linf: 16.57, l2: 49.68 },
  cm: { clean: 81.41, linf: 15.65, l2: 50.62 },
  nn: { clean: 80.65, linf: 10.58, l2: 46.33 },
  'rigd-linf': { clean: 84.94, linf: 40.69, l2: 58.51 },
  'rigd-l2': { clean: 88.96, linf: 28.35, l2: 65.04 },
};

/** The paper's three cells for a method as text ('–' where the paper has no such row). */
export function paperCells(method: MethodId, format = (v: number) => `${v} %`): { clean: string; linf: string; l2: string } {
  const p = PAPER_TABLE1[method];
  const f = (v: number | undefined) => (v === undefined ? '–' : format(v));
  return { clean: f(p?.clean), linf: f(p?.linf), l2: f(p?.l2) };
}
