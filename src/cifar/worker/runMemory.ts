import { cifarModelSpec } from '../../core/experiment/cifarSettings';
import { rigdNorm } from '../../core/experiment/methods';
import { runMemoryProblem } from '../../core/train/memoryEstimate';
import type { CifarRunSettings } from '../contract/settings';

/**
 * Whether a CIFAR Lab run fits the memory budget (core/train/memoryEstimate.ts), from its
 * settings alone so it is checked before anything is allocated: every method's model side by
 * side, plus a robust teacher per RIGD method. The training set is taken at its asked size (the
 * loaded data may hold fewer images of a class, never more). null if it fits, else the message.
 */
export function cifarMemoryProblem(s: CifarRunSettings): string | null {
  const teachers = s.methods.filter((m) => rigdNorm(m)).map(() => false);
  return runMemoryProblem({
    spec: cifarModelSpec(s),
    batchSize: s.batchSize,
    trainSamples: s.trainPerClass * s.classes.length,
    models: [...s.methods.map((m) => m !== 'vanilla'), ...teachers],
    advice: 'Use fewer images, methods or channels, or a smaller batch.',
  });
}
