import { expect } from 'vitest';
import type { StepMetrics } from '../../../src/core/train/trainer';

/**
 * Two trainers that should agree (a fused one against TF.js, step by step): the same step and
 * epoch, and losses, accuracy and per-model alignment to the given digits. Both must have measured
 * a PAG term, so that the comparison is not between two zeros.
 */
export function expectSameMetrics(ma: StepMetrics, mb: StepMetrics): void {
  expect(mb.step).toBe(ma.step);
  expect(mb.epoch).toBe(ma.epoch);
  expect(mb.ce).toBeCloseTo(ma.ce, 4);
  expect(mb.pag).toBeCloseTo(ma.pag, 4);
  expect(mb.accuracy).toBeCloseTo(ma.accuracy, 5);
  mb.alignment.forEach((v, t) => expect(v).toBeCloseTo(ma.alignment[t], 4));
  expect(ma.pag).toBeGreaterThan(0);
}
