import { startWorker, type EngineHandle } from '../../common/page/startWorker';
import type { Command, WorkerEvent } from '../contract/protocol';

/** The page's handle on the Toy Lab's engine worker. */
export type EngineClient = EngineHandle<Command>;

/** Starts the Toy Lab's engine worker (common/page/startWorker.ts). */
export function startEngine(onEvent: (event: WorkerEvent) => void, onFatal: (message: string) => void): EngineClient {
  return startWorker(new Worker(new URL('../worker/toy.worker.ts', import.meta.url), { type: 'module', name: 'pag-lab-engine' }), onEvent, onFatal);
}
