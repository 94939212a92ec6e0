import { CifarController, type CifarHost } from '../../../src/cifar/worker/controller';
import type { CifarEvent } from '../../../src/cifar/contract/protocol';
import { CIFAR_LAB_DEFAULTS, type CifarRunSettings } from '../../../src/cifar/contract/settings';
import { syntheticCifarFiles } from '../../../src/core/data/syntheticCifar';

// The CIFAR worker's controller, driven in Node on the cpu backend exactly as the worker drives it.

/**
 * The served data: a generated set in the official format (src/core/data/syntheticCifar.ts), laid
 * out as `npm run data:cifar` writes one: 20 training and 10 test images of each of the 10 classes.
 */
export const DATA = syntheticCifarFiles({ trainPerClass: 20, testPerClass: 10, seed: 1 });
export const SERVED = 'http://lab.test/data/cifar10/';

/**
 * A run small enough for the cpu backend: 2 classes, 8 + 4 images each, two 3x3 conv layers. Its
 * convolution form is tf.conv2d ('native'): 'auto' would pick the matMul form for the cpu backend
 * (right for the real CNN), but for these tiny models the cpu backend's own conv2d is ~7x faster
 * (its generic Slice is slow). Both forms give the same numbers (golden suite).
 */
export const TINY: CifarRunSettings = {
  ...CIFAR_LAB_DEFAULTS,
  classes: [0, 6],
  trainPerClass: 8,
  testPerClass: 4,
  channels: [4, 8],
  batchSize: 8,
  epochs: 2,
  methods: ['vanilla', 'nn'],
  nnPoolSize: 4,
  teacherSteps: 1,
  measureEvery: 1,
  conv: 'native',
};

/** A same-origin server holding DATA under SERVED (and nothing elsewhere: index.html). */
async function serve(url: string): Promise<Response> {
  const name = url.startsWith(SERVED) ? url.slice(SERVED.length) : '';
  const file = Object.hasOwn(DATA, name) ? DATA[name as keyof typeof DATA] : undefined;
  if (file === undefined) return new Response('<!doctype html><title>PAG Lab</title>', { headers: { 'content-type': 'text/html' } });
  const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file;
  return new Response(bytes, { headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) } });
}

/** `host`: extra host parts (the fault-handling tests add a backend watch and a next backend, or a clock). */
export function harness(host: Partial<CifarHost> = {}) {
  const events: CifarEvent[] = [];
  const c = new CifarController({
    post: (e) => events.push(e),
    selectBackend: async () => ({ backend: 'cpu', fallbacks: [{ backend: 'webgpu', reason: 'WebGPU: not supported by this browser' }] }),
    now: () => performance.now(),
    ...host,
    fetch: serve,
    yieldControl: () => new Promise((r) => setImmediate(r)),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
  const of = <T extends CifarEvent['type']>(type: T) => events.filter((e): e is Extract<CifarEvent, { type: T }> => e.type === type);
  const last = <T extends CifarEvent['type']>(type: T) => of(type).at(-1);
  /** Polls without waiting for the queue to drain (the work may still be running). */
  const until = async (pred: () => boolean, ms = 60_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  /** Backend, served data and a first run of `settings`, up to its first snapshot. */
  const start = async (settings: CifarRunSettings = TINY) => {
    c.handle({ type: 'init', backend: null });
    await c.idle();
    c.handle({ type: 'loadServed', url: SERVED });
    await until(() => of('dataLoaded').length > 0);
    c.handle({ type: 'configure', settings });
    await until(() => of('snapshot').length > 0);
    await c.idle();
  };
  return { c, events, of, last, until, start };
}
