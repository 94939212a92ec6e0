import type { CifarEvent, Command } from '../contract/protocol';

/** The page's handle on the CIFAR engine worker: typed commands in, typed events out. */
export interface CifarEngine {
  send(command: Command): void;
  terminate(): void;
}

/**
 * Starts the engine (a module worker, bundled with its TensorFlow.js apart from the page).
 * `onFatal` hears about failures of the worker itself, such as a script that fails to load;
 * errors inside the engine arrive as 'error' events.
 */
export function startCifarEngine(onEvent: (event: CifarEvent) => void, onFatal: (message: string) => void): CifarEngine {
  const worker = new Worker(new URL('../worker/cifar.worker.ts', import.meta.url), { type: 'module', name: 'pag-lab-cifar-engine' });
  worker.addEventListener('message', (e: MessageEvent<CifarEvent>) => onEvent(e.data));
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    onFatal(`The engine worker stopped: ${e.message || 'it could not be loaded'}.`);
  });
  worker.addEventListener('messageerror', () => onFatal('A message from the engine could not be read.'));
  return {
    send: (command) => worker.postMessage(command),
    terminate: () => worker.terminate(),
  };
}
