import type { StepMetrics } from './trainer';

/**
 * Whether a trainer's metrics are all finite: a NaN or an infinity in the loss means training
 * diverged. The labs' workers check their snapshots with it and go back to their last good
 * checkpoint (src/cifar/worker/divergence.ts; the Toy Lab checks its own metrics and pictures).
 */
export function metricsFinite(m: StepMetrics): boolean {
  return [m.ce, m.pag, m.accuracy, ...m.alignment].every(Number.isFinite);
}
