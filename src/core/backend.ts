import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, isBackendName, type BackendName } from './spec/backends';

export { isBackendName, type BackendName };
/** The automatic order (src/core/spec/backends.ts). */
export const BACKEND_ORDER: BackendName[] = [...BACKEND_NAMES];

export interface Fallback {
  backend: BackendName;
  reason: string;
}

export interface BackendChoice {
  backend: BackendName;
  fallbacks: Fallback[];
}

export interface BackendOptions {
  /** Try only this one first (a forced choice); the rest of the order still follows if it fails. */
  preferred?: BackendName;
  /** Restrict the order (the Node CLI uses ['wasm', 'cpu']). */
  order?: BackendName[];
  /** Where the wasm backend finds its .wasm files. */
  wasmPath?: string;
}

async function loadBackendModule(name: BackendName, wasmPath?: string): Promise<void> {
  if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  if (name === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (wasmPath) wasm.setWasmPaths(wasmPath);
  }
}

/** Why this backend cannot work here, or null if it may. */
async function precheck(name: BackendName): Promise<string | null> {
  const g = globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } }; document?: unknown; OffscreenCanvas?: unknown };
  if (name === 'webgpu') {
    if (!g.navigator?.gpu) return 'WebGPU: not supported by this browser';
    try {
      const adapter = await g.navigator.gpu.requestAdapter();
      if (!adapter) return 'WebGPU: no adapter';
    } catch (e) {
      return `WebGPU: adapter request failed (${(e as Error).message})`;
    }
  }
  if (name === 'webgl' && !g.document && !g.OffscreenCanvas) return 'WebGL: no canvas in this environment';
  return null;
}

async function tryBackend(name: BackendName, wasmPath?: string): Promise<string | null> {
  const why = await precheck(name);
  if (why) return why;
  try {
    await loadBackendModule(name, wasmPath);
    const ok = await tf.setBackend(name);
    if (!ok) return `${name}: failed to initialise`;
    await tf.ready();
    // A real kernel run: some backends initialise but fail on first use.
    const probe = tf.tidy(() => tf.matMul(tf.ones([2, 2]), tf.ones([2, 2])).sum());
    const v = (await probe.data())[0];
    probe.dispose();
    if (v !== 8) return `${name}: wrong result from a test kernel`;
    return null;
  } catch (e) {
    return `${name}: ${(e as Error).message}`;
  }
}

/**
 * Backend choice: the fastest that works, in the order webgpu -> webgl -> wasm -> cpu, with the
 * reason for every fallback so the UI can say why it is not on the GPU. tf.setBackend returns
 * false on failure while tf.getBackend() may still name the failed backend, so each attempt is
 * checked by its boolean and a real kernel run.
 */
export async function selectBackend(opts: BackendOptions = {}): Promise<BackendChoice> {
  const base = opts.order ?? BACKEND_ORDER;
  const order = opts.preferred ? [opts.preferred, ...base.filter((b) => b !== opts.preferred)] : base;
  const fallbacks: Fallback[] = [];
  for (const name of order) {
    const why = await tryBackend(name, opts.wasmPath);
    if (why === null) return { backend: name, fallbacks };
    fallbacks.push({ backend: name, reason: why });
  }
  throw new Error(`no TensorFlow.js backend works here: ${fallbacks.map((f) => f.reason).join('; ')}`);
}

/** The backends to fall back to when `name` fails mid-run: the rest of the order after it. */
export function backendsAfter(name: BackendName): BackendName[] {
  return BACKEND_ORDER.slice(BACKEND_ORDER.indexOf(name) + 1);
}

