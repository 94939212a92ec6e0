/**
 * The TF.js backends the app and the CLI can run on, in the automatic order (fastest first). Pure
 * (no TensorFlow.js): the pages check the address bar against it without loading the engine.
 */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export function isBackendName(s: string): s is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(s);
}

/**
 * What trains a model: 'fused' is the hand-fused CPU step (src/core/fast), 'tfjs' is TF.js on one
 * of the backends above. The CIFAR run settings name it as `engine`; both labs report it.
 */
export type TrainingEngine = 'fused' | 'tfjs';
