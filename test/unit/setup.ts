import * as tf from '@tensorflow/tfjs';

/** Unit tests run the engine on the plain cpu backend: deterministic and always available. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
