/**
 * The worker-side plumbing both labs' engine workers share: the typed slice of the worker scope,
 * posting with transfer, a zero-delay yield to the message loop, and wiring a controller's
 * handler plus error reporting to the scope's events.
 */
import { backendsAfter, selectBackend, type BackendChoice, type BackendName } from '../../core/backend';
import { WASM_PATH_BROWSER } from '../../core/wasmPath';

/** The wasm files under the app's base (`vite build --base=/sub/path/`: issue 15). */
const wasmPath = () => `${(import.meta.env?.BASE_URL ?? '/').replace(/\/$/, '')}${WASM_PATH_BROWSER}`;
import { backendLostNow, injectBackendFault, watchBackend } from './backendFault';
import type { SwitchHost } from './backendSwitch';
import { describeDevice } from './deviceInfo';
import type { LoopHost } from './runLoop';
import { transferablesOf } from './transfer';

/** The parts of DedicatedWorkerGlobalScope used here (the project's lib is DOM, not WebWorker). */
interface WorkerScope {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  addEventListener(type: 'messageerror', fn: () => void): void;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
}
const scope = self as unknown as WorkerScope;

/** Posts an event, transferring (not copying) the typed-array buffers it holds (transfer.ts). */
export function poster<E>(): (event: E) => void {
  return (event) => scope.postMessage(event, transferablesOf(event));
}

// A zero-delay yield to the message loop: setTimeout(0) is clamped to 4 ms once nested, which
// would cost a fast backend a large share of its time.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
export const yieldControl = (): Promise<void> =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

export const browserSelectBackend = (requested: BackendName | null): Promise<BackendChoice> =>
  selectBackend({ preferred: requested ?? undefined, wasmPath: wasmPath() });

/** Surviving a backend that dies mid-run: the watch, the next backend, fault injection. */
export const faultHost: Required<SwitchHost> = {
  // The next working backend after the failed one: the rest of the order.
  selectBackendAfter: (failed: BackendName): Promise<BackendChoice> => selectBackend({ order: backendsAfter(failed), wasmPath: wasmPath() }),
  watchBackend,
  backendLost: backendLostNow,
  injectFault: injectBackendFault,
};

export const now = (): number => performance.now();
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Messages go to the controller; unreadable messages and stray rejections become error events. */
export function serve(handle: (data: unknown) => void, postError: (where: 'message' | 'train', message: string) => void): void {
  scope.addEventListener('message', (e) => handle(e.data));
  scope.addEventListener('messageerror', () => postError('message', 'A message to the engine could not be read.'));
  scope.addEventListener('unhandledrejection', (e) => {
    e.preventDefault();
    postError('train', e.reason instanceof Error ? e.reason.message : String(e.reason));
  });
}

/** A controller's host in the browser: posting with transfer, the backends, the clock. */
export function browserHost<E>(): LoopHost<E> {
  return { post: poster<E>(), selectBackend: browserSelectBackend, ...faultHost, describeDevice, now, yieldControl, sleep };
}

/**
 * The one way an engine worker starts: a controller built on the browser host, fed every message;
 * unreadable messages and stray rejections become its 'error' events.
 */
export function startWorker<E, H extends LoopHost<E>>(make: (host: H) => { handle(data: unknown): void }, extra?: Omit<H, keyof LoopHost<E>>): void {
  const host = { ...browserHost<E>(), ...extra } as H;
  const controller = make(host);
  serve((data) => controller.handle(data), (where, message) => host.post({ type: 'error', where, message } as E));
}
