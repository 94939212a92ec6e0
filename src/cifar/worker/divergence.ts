import { metricsFinite } from '../../core/train/guard';
import type { MethodId, ModelFrame } from '../contract/protocol';

/**
 * The first model whose measurements hold NaN or Infinity (too large a learning rate or λ), or
 * null. Checked on every snapshot, like the Toy Lab's (src/toy/worker/divergence.ts), so a diverged
 * run pauses with a message instead of drawing NaN curves.
 */
export function divergedMethod(models: ModelFrame[]): MethodId | null {
  for (const m of models) {
    if (m.metrics && !metricsFinite(m.metrics)) return m.method;
    if (m.testAccuracy !== null && !Number.isFinite(m.testAccuracy)) return m.method;
  }
  return null;
}
