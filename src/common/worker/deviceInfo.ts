import type { BackendName } from '../../core/backend';
import type { DeviceInfo } from './backendInfo';

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|software|basic render|microsoft basic/i;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string };
  isFallbackAdapter?: boolean;
}

/**
 * What the GPU backend actually runs on, so the UI can say when it is a CPU-emulated GPU
 * (SwiftShader in headless Chromium, llvmpipe on Linux without drivers): there a GPU backend is
 * far slower than wasm for these tiny models, and the user deserves to know why.
 */
export async function describeDevice(backend: BackendName): Promise<DeviceInfo | null> {
  try {
    if (backend === 'webgpu') {
      const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } }).gpu;
      const adapter = await gpu?.requestAdapter();
      if (!adapter) return null;
      const i = adapter.info ?? {};
      const description = [i.vendor, i.architecture, i.description].filter(Boolean).join(' ') || 'unknown adapter';
      return { description, software: !!adapter.isFallbackAdapter || SOFTWARE.test(description) };
    }
    if (backend === 'webgl') {
      if (typeof OffscreenCanvas === 'undefined') return null;
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
      if (!gl) return null;
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      const description = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
      return { description, software: SOFTWARE.test(description) };
    }
  } catch {
    // Purely informative: no description rather than a failure.
  }
  return null;
}
