import * as tf from '@tensorflow/tfjs';

/**
 * 3x3 'same' convolution, stride 1, in two interchangeable forms:
 * - native: tf.conv2d (fast on WebGL/WebGPU; the wasm backend lacks Conv2DBackpropFilter);
 * - matmul: pad + 9 shifted slices + concat + one matMul, built only from linear ops, so it
 *   trains on wasm and its second-order gradients are right everywhere (docs/tfjs-second-order.md:
 *   25-30x faster than the cpu backend's conv2d).
 */
export type ConvImpl = 'native' | 'matmul';

let defaultImpl: ConvImpl = 'native';

/** The wasm backend cannot train tf.conv2d: switch to the matmul form there. */
export function setDefaultConvImpl(impl: ConvImpl): void {
  defaultImpl = impl;
}

/**
 * Runs fn with another default form, then puts the previous one back. Attacks need only
 * first-order input-gradients, which tf.conv2d has on wasm too (Conv2DBackpropInput): about 5x
 * faster there than the matmul form, so the CLI evaluates with 'native' while training keeps
 * 'matmul' (docs/tfjs-second-order.md).
 */
export async function withConvImplAsync<T>(impl: ConvImpl, fn: () => Promise<T>): Promise<T> {
  const previous = defaultImpl;
  defaultImpl = impl;
  try {
    return await fn();
  } finally {
    defaultImpl = previous;
  }
}

export function convImplForBackend(backend: string): ConvImpl {
  return backend === 'wasm' || backend === 'cpu' ? 'matmul' : 'native';
}

/**
 * For models that are only evaluated and attacked (gradients with respect to the input, never to
 * the filters): tf.conv2d wherever its input-gradient kernel is fast, which on wasm makes a
 * Figure 4 attack about 5x faster than the matmul form. The cpu backend's conv2d stays slow.
 */
export function inferenceConvImpl(backend: string): ConvImpl {
  return backend === 'cpu' ? 'matmul' : 'native';
}

/** Runs synchronous `fn` (a model's forward pass) with `impl` as the default convolution. */
export function withConvImpl<T>(impl: ConvImpl, fn: () => T): T {
  const before = defaultImpl;
  defaultImpl = impl;
  try {
    return fn();
  } finally {
    defaultImpl = before;
  }
}

export function conv3x3Same(x: tf.Tensor4D, kernel: tf.Tensor4D, impl: ConvImpl = defaultImpl): tf.Tensor4D {
  const [kh, kw, inC, outC] = kernel.shape;
  if (impl === 'native' || kh !== 3 || kw !== 3) return tf.conv2d(x, kernel, 1, 'same');
  const [n, h, w] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const patches: tf.Tensor4D[] = [];
  for (let dy = 0; dy < 3; dy++) {
    for (let dx = 0; dx < 3; dx++) patches.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, inC]));
  }
  // Channel order (dy, dx, c) matches the kernel's [kh, kw, in, out] flattened to [9*in, out].
  const cols = tf.concat(patches, 3).reshape([n * h * w, 9 * inC]);
  return tf.matMul(cols, kernel.reshape([9 * inC, outC])).reshape([n, h, w, outC]) as tf.Tensor4D;
}
