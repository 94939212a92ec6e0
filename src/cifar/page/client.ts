import { startWorker, type EngineHandle } from '../../common/page/startWorker';
import type { CifarEvent, Command } from '../contract/protocol';

/** The page's handle on the CIFAR engine worker. */
export type CifarEngine = EngineHandle<Command>;

/** Starts the CIFAR Lab's engine worker (common/page/startWorker.ts). */
export function startCifarEngine(onEvent: (event: CifarEvent) => void, onFatal: (message: string) => void): CifarEngine {
  return startWorker(new Worker(new URL('../worker/cifar.worker.ts', import.meta.url), { type: 'module', name: 'pag-lab-cifar-engine' }), onEvent, onFatal);
}
