/**
 * Noticing that the TensorFlow.js backend died under a run, and (for tests and demos) killing it
 * on purpose. Both labs' workers use this; their controllers then move to the next backend and
 * continue from their last good state (backendSwitch.ts).
 *
 * - WebGPU: the GPUDevice's `lost` promise settles (driver reset, another tab's out-of-memory,
 *   `device.destroy()`).
 * - WebGL: the context's canvas fires `webglcontextlost` (GPU process crash, too many contexts,
 *   WEBGL_lose_context); `isContextLost()` also answers synchronously, which matters because a
 *   read-back from a lost context returns zeros instead of failing.
 * - wasm and cpu have no device to lose; their failures arrive as thrown errors.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../core/backend';

interface WebGpuLike {
  device?: { lost: Promise<{ reason?: string; message?: string }>; destroy(): void };
}
interface WebGlLike {
  gpgpu?: { gl?: WebGL2RenderingContext | WebGLRenderingContext };
}

function backendOf(name: BackendName): unknown {
  try {
    return tf.engine().findBackend(name);
  } catch {
    return null;
  }
}

const glOf = (name: BackendName) => (name === 'webgl' ? ((backendOf('webgl') as WebGlLike | null)?.gpgpu?.gl ?? null) : null);
const gpuDeviceOf = (name: BackendName) => (name === 'webgpu' ? ((backendOf('webgpu') as WebGpuLike | null)?.device ?? null) : null);

/** Why the backend's device is gone, if it is (checked before trusting a read-back). */
export function backendLostNow(name: BackendName): string | null {
  const gl = glOf(name);
  return gl?.isContextLost() ? 'the WebGL context was lost' : null;
}

/**
 * Calls `onLost` once if the backend's device goes away. Returns a function that stops watching
 * (a switch replaces the watch; a stale one must not fire).
 */
export function watchBackend(name: BackendName, onLost: (reason: string) => void): () => void {
  let active = true;
  const fire = (reason: string) => {
    if (!active) return;
    active = false;
    onLost(reason);
  };
  const device = gpuDeviceOf(name);
  if (device) {
    void device.lost.then((info) => fire(`the WebGPU device was lost (${info.reason ?? 'unknown'}${info.message ? `: ${info.message}` : ''})`));
  }
  const canvas = glOf(name)?.canvas as (EventTarget & object) | undefined;
  const onContextLost = () => fire('the WebGL context was lost');
  canvas?.addEventListener?.('webglcontextlost', onContextLost);
  return () => {
    active = false;
    canvas?.removeEventListener?.('webglcontextlost', onContextLost);
  };
}

/**
 * A real fault on the running backend: destroys the WebGPU device or loses the WebGL context.
 * Only reachable with the page's `?faults=1` (see README). Returns what was done; throws for
 * backends without a device to lose.
 */
export function injectBackendFault(name: BackendName): string {
  const device = gpuDeviceOf(name);
  if (device) {
    device.destroy();
    return 'destroyed the WebGPU device';
  }
  const lose = glOf(name)?.getExtension('WEBGL_lose_context');
  if (lose) {
    lose.loseContext();
    return 'lost the WebGL context';
  }
  throw new Error(`the ${name} backend has no GPU device to lose`);
}
