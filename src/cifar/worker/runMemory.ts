import { cifarModelSpec } from '../../core/experiment/cifarSettings';
import { rigdNorm } from '../../core/experiment/methods';
import { supportsFusedCnn } from '../../core/fast/cnnShapes';
import { runMemoryProblem } from '../../core/train/memoryEstimate';
import type { CifarRunSettings } from '../contract/settings';

/**
 * Whether a CIFAR Lab run fits the memory budget (core/train/memoryEstimate.ts), from its
 * settings alone so it is checked before anything is allocated: every method's model side by
 * side, plus a robust teacher per RIGD method. The training set is taken at its asked size (the
 * loaded data may hold fewer images of a class, never more). Models the fused CPU step trains
 * (engine 'fused', not RIGD) are counted as that engine holds them (one image at a time), the rest
 * as TF.js does (the batch tiled per class). null if it fits, else the message.
 */
export function cifarMemoryProblem(s: CifarRunSettings): string | null {
  const spec = cifarModelSpec(s);
  const fused = s.engine === 'fused' && supportsFusedCnn(spec);
  const teachers = s.methods.filter((m) => rigdNorm(m)).map(() => ({ pag: false, engine: 'tfjs' as const }));
  return runMemoryProblem({
    spec,
    batchSize: s.batchSize,
    trainSamples: s.trainPerClass * s.classes.length,
    models: [...s.methods.map((m) => ({ pag: m !== 'vanilla', engine: fused && !rigdNorm(m) ? ('fused' as const) : ('tfjs' as const) })), ...teachers],
    advice: 'Use fewer images, methods or channels, or a smaller batch.',
  });
}
