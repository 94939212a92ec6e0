/**
 * The CIFAR Lab's engine worker: owns TensorFlow.js and its backend, runs the CifarController on
 * messages from the page. Everything interesting is in controller.ts; this file only wires it.
 */
import { selectBackend } from '../../core/backend';
import { WASM_PATH_BROWSER } from '../../core/wasmPath';
import { CifarController } from './controller';
import { describeDevice } from '../../worker/deviceInfo'; // one detector for both labs
import { transferablesOf, type CifarEvent } from './protocol';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  addEventListener(type: 'messageerror', fn: () => void): void;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

// Events carry fresh arrays only (the controller copies what it keeps), so transferring is safe.
const post = (event: CifarEvent): void => scope.postMessage(event, transferablesOf(event));

// A zero-delay yield to the message loop: nested setTimeout(0) is clamped to 4 ms.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldControl = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

const controller = new CifarController({
  post,
  selectBackend: (requested) => selectBackend({ preferred: requested ?? undefined, wasmPath: WASM_PATH_BROWSER }),
  describeDevice,
  fetch: (url) => fetch(url, { credentials: 'same-origin' }),
  now: () => performance.now(),
  yieldControl,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

scope.addEventListener('message', (e) => controller.handle(e.data));
scope.addEventListener('messageerror', () => post({ type: 'error', where: 'message', message: 'A message to the engine could not be read.' }));
scope.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  post({ type: 'error', where: 'train', message: e.reason instanceof Error ? e.reason.message : String(e.reason) });
});
