/**
 * The engine worker: owns TensorFlow.js and its backend, and runs the LabController on messages
 * from the UI. Everything interesting is in controller.ts; this file only wires it to the worker.
 */
import { selectBackend } from '../core/backend';
import { setLogSoftmaxGradient } from '../core/pag/logSoftmax';
import { WASM_PATH_BROWSER } from '../core/wasmPath';
import { LabController } from './controller';
import { describeDevice } from './deviceInfo';
import { transferablesOf, type WorkerEvent } from './protocol';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  addEventListener(type: 'messageerror', fn: () => void): void;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

const post = (event: WorkerEvent): void => scope.postMessage(event, transferablesOf(event));

// A zero-delay yield to the message loop: setTimeout(0) is clamped to 4 ms once nested, which
// would cost a fast backend a large share of its time.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldControl = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

// The log-softmax gradient as float32 frameworks round it, like the CLI's default: the paper's
// numbers come from a float32 PyTorch run, and the toy's robustness depends on it (docs/numerics.md).
setLogSoftmaxGradient('textbook');

const controller = new LabController({
  post,
  selectBackend: (requested) => selectBackend({ preferred: requested ?? undefined, wasmPath: WASM_PATH_BROWSER }),
  describeDevice,
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
