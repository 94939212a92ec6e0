import type { Command, WorkerEvent } from '../contract/protocol';

/** The UI's handle on the engine worker: typed commands in, typed events out. */
export interface EngineClient {
  send(command: Command): void;
  terminate(): void;
}

/**
 * Starts the engine worker (a module worker: Vite bundles it and its TensorFlow.js separately
 * from the UI). `onFatal` hears about failures of the worker itself, such as a script that
 * fails to load; errors inside the engine arrive as 'error' events instead.
 */
export function startEngine(onEvent: (event: WorkerEvent) => void, onFatal: (message: string) => void): EngineClient {
  const worker = new Worker(new URL('../worker/toy.worker.ts', import.meta.url), { type: 'module', name: 'pag-lab-engine' });
  worker.addEventListener('message', (e: MessageEvent<WorkerEvent>) => onEvent(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault(); // reported in the page instead of as an uncaught error
    onFatal(`The engine worker stopped: ${e.message || 'it could not be loaded'}.`);
  });
  worker.addEventListener('messageerror', () => onFatal('A message from the engine could not be read.'));
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
  };
}
