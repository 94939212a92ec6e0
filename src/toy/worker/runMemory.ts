import { toyModelSpec } from '../../core/experiment/toySettings';
import type { EngineRequest } from '../../core/experiment/prepare';
import { supportsFused } from '../../core/fast/fusedParams';
import { runMemoryProblem } from '../../core/train/memoryEstimate';
import type { RunSettings } from '../contract/protocol';

/**
 * Whether a Toy Lab run fits the memory budget (core/train/memoryEstimate.ts), checked before
 * anything is allocated: the vanilla and the PAG model, plus the robust teacher for RIGD.
 * With engine 'auto' the fused CPU step trains them (not RIGD's: session.ts), counted as it holds
 * them. null if it fits, else the message for the user.
 */
export function toyMemoryProblem(s: RunSettings, engine: EngineRequest = 'tfjs'): string | null {
  const rigd = s.pagMethod === 'rigd-l2' || s.pagMethod === 'rigd-linf';
  const spec = toyModelSpec(s);
  const e = engine === 'auto' && !rigd && supportsFused(spec) ? ('fused' as const) : ('tfjs' as const);
  return runMemoryProblem({
    spec,
    batchSize: s.batchSize,
    trainSamples: 2 * s.trainPerClass,
    models: rigd ? [false, true, false] : [{ pag: false, engine: e }, { pag: true, engine: e }],
    advice: 'Use a smaller batch, fewer points per class, or fewer or narrower hidden layers.',
  });
}
