import type { AttackSpec } from '../train/objective';

/**
 * The paper appendix's CIFAR attack (TRADES' attack code with an L2 variant): PGD-20 from a
 * random point of the ball, step 2 eps / 20, inputs in [0, 1]. The CLI's default (and the CIFAR
 * Lab's Table 1) starts from the clean image with step 2.5 eps / 20: `--attack-preset paper`
 * switches to this. The toy's preset (PGD-10, step 2 at eps 15) is TOY_PAPER_SWEEPS.
 */
export function cifarPaperAttacks(linfEps: number, l2Eps: number[], steps = 20): AttackSpec[] {
  const one = (norm: AttackSpec['norm'], eps: number): AttackSpec => ({ norm, eps, steps, alpha: (2 * eps) / steps, targeted: false, randomStart: true, clipTo01: true });
  return [one('linf', linfEps), ...l2Eps.map((eps) => one('l2', eps))];
}

