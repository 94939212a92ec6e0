/**
 * Entry of the script e2e/bench/cnnStep.bench.ts bundles and runs in a blank Chromium page: the
 * fused CNN step of every configuration, timed with the same code as in Node.
 */
import { CNN_STEP_CONFIGS, timeFusedCnnStep, type CnnStepRow } from '../../scripts/bench/cnnStepTiming';

export function run(reps: number): CnnStepRow[] {
  return CNN_STEP_CONFIGS.map((cfg) => ({ where: 'browser', engine: 'fused', backend: 'cpu (JS)', ...cfg, ...timeFusedCnnStep(cfg, reps, () => performance.now()) }));
}
