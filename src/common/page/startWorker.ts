/** The page's handle on a lab's engine worker: typed commands in, typed events out. */
export interface EngineHandle<C> {
  send(command: C): void;
  terminate(): void;
}

/**
 * Wires a lab's engine worker (a module worker: Vite bundles it and its TensorFlow.js apart from
 * the page; the lab creates it with `new Worker(new URL(...), ...)` so the bundler finds it).
 * `onFatal` hears about failures of the worker itself, such as a script that fails to load;
 * errors inside the engine arrive as 'error' events instead.
 */
export function startWorker<C, E>(worker: Worker, onEvent: (event: E) => void, onFatal: (message: string) => void): EngineHandle<C> {
  worker.addEventListener('message', (e: MessageEvent<E>) => onEvent(e.data));
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
