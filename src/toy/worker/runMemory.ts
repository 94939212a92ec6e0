import { toyModelSpec } from '../../core/experiment/toySettings';
import { runMemoryProblem } from '../../core/train/memoryEstimate';
import type { RunSettings } from '../contract/protocol';

/**
 * Whether a Toy Lab run fits the memory budget (core/train/memoryEstimate.ts), checked before
 * anything is allocated: the vanilla and the PAG model, plus the robust teacher for RIGD.
 * null if it fits, else the message for the user.
 */
export function toyMemoryProblem(s: RunSettings): string | null {
  const rigd = s.pagMethod === 'rigd-l2' || s.pagMethod === 'rigd-linf';
  return runMemoryProblem({
    spec: toyModelSpec(s),
    batchSize: s.batchSize,
    trainSamples: 2 * s.trainPerClass,
    models: rigd ? [false, true, false] : [false, true],
    advice: 'Use a smaller batch, fewer points per class, or fewer or narrower hidden layers.',
  });
}
