/**
 * Entry of the script e2e/bench/cnnStep.bench.ts bundles and runs in a blank Chromium page, on
 * the page's main thread and in a Web Worker made from the same bundle (the CIFAR Lab trains in a
 * worker): the fused CNN step of every configuration, timed with the same code as in Node, with
 * the WebAssembly SIMD kernels (the module's bytes are handed in: a blank page has no asset server)
 * and with the JS loops.
 */
import { installCnnWasm } from '../../src/core/fast/cnnWasm';
import { CNN_STEP_CONFIGS, fusedBackend, timeFusedCnnStep, type CnnStepRow } from '../../scripts/bench/cnnStepTiming';

export type Thread = 'main thread' | 'worker';

export function run(reps: number, wasm: Uint8Array, thread: Thread, kernels: 'js' | 'wasm'): CnnStepRow[] {
  if (kernels === 'wasm' && !installCnnWasm(wasm as BufferSource)) throw new Error('no WebAssembly SIMD in this browser');
  return CNN_STEP_CONFIGS.map((cfg) => ({ where: 'browser', engine: 'fused', backend: `${fusedBackend(kernels)}, ${thread}`, ...cfg, ...timeFusedCnnStep(cfg, reps, () => performance.now(), kernels) }));
}

// In a worker made from this bundle: one run per message.
const scope = globalThis as unknown as { WorkerGlobalScope?: unknown; onmessage: unknown; postMessage(m: unknown): void };
if (typeof scope.WorkerGlobalScope !== 'undefined') {
  scope.onmessage = (e: MessageEvent<{ reps: number; wasm: Uint8Array; kernels: 'js' | 'wasm' }>) => {
    try {
      scope.postMessage({ rows: run(e.data.reps, e.data.wasm, 'worker', e.data.kernels) });
    } catch (err) {
      scope.postMessage({ error: String(err) });
    }
  };
}
