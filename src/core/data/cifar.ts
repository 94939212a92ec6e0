import type { Dataset } from './dataset';
import { Rng } from '../random';

/**
 * CIFAR-10 in its official binary format: records of 3073 bytes, one label byte (0-9) then
 * 1024 red, 1024 green and 1024 blue bytes (row-major 32x32). Kept as bytes (a tenth of the
 * float size) until a subset is chosen; only the subset becomes NHWC floats in [0, 1].
 */
export const CIFAR_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const CIFAR_SIDE = 32;
export const CIFAR_PIXELS = CIFAR_SIDE * CIFAR_SIDE;
export const CIFAR_RECORD = 1 + 3 * CIFAR_PIXELS;

/** A file that is not CIFAR-10 binary data; the message is meant for the user. */
export class CifarFormatError extends Error {}

export interface CifarRaw {
  n: number;
  labels: Uint8Array;
  /** n records of 3072 bytes, in the file's channel-planar order (R plane, G plane, B plane). */
  planes: Uint8Array;
}

export function parseCifarBinary(bytes: Uint8Array, name = 'file'): CifarRaw {
  if (bytes.length === 0) throw new CifarFormatError(`${name} is empty`);
  if (bytes.length % CIFAR_RECORD !== 0) {
    const whole = Math.floor(bytes.length / CIFAR_RECORD);
    throw new CifarFormatError(
      `${name} is not CIFAR-10 binary data: ${bytes.length} bytes is not a whole number of 3073-byte records ` +
        `(${whole} records and ${bytes.length - whole * CIFAR_RECORD} bytes left over; truncated or a different format?)`,
    );
  }
  const n = bytes.length / CIFAR_RECORD;
  const labels = new Uint8Array(n);
  const planes = new Uint8Array(n * 3 * CIFAR_PIXELS);
  for (let i = 0; i < n; i++) {
    const label = bytes[i * CIFAR_RECORD];
    if (label > 9) throw new CifarFormatError(`${name} is not CIFAR-10 binary data: record ${i} has label ${label} (expected 0-9)`);
    labels[i] = label;
    planes.set(bytes.subarray(i * CIFAR_RECORD + 1, (i + 1) * CIFAR_RECORD), i * 3 * CIFAR_PIXELS);
  }
  return { n, labels, planes };
}

export function concatCifar(parts: CifarRaw[]): CifarRaw {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const labels = new Uint8Array(n);
  const planes = new Uint8Array(n * 3 * CIFAR_PIXELS);
  let o = 0;
  for (const p of parts) {
    labels.set(p.labels, o);
    planes.set(p.planes, o * 3 * CIFAR_PIXELS);
    o += p.n;
  }
  return { n, labels, planes };
}

/** Records back in the official format (the data script writes subsets with this). */
export function encodeCifarBinary(raw: CifarRaw, indices?: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const idx = indices ?? Array.from({ length: raw.n }, (_, i) => i);
  const out = new Uint8Array(idx.length * CIFAR_RECORD);
  for (let k = 0; k < idx.length; k++) {
    const i = idx[k];
    out[k * CIFAR_RECORD] = raw.labels[i];
    out.set(raw.planes.subarray(i * 3 * CIFAR_PIXELS, (i + 1) * 3 * CIFAR_PIXELS), k * CIFAR_RECORD + 1);
  }
  return out;
}

export function countPerClass(raw: CifarRaw): number[] {
  const c = new Array(10).fill(0);
  raw.labels.forEach((l) => c[l]++);
  return c;
}

/** Up to `perClass` seeded-random samples of each class in `classes`, in a shuffled order. */
export function balancedIndices(raw: CifarRaw, classes: number[], perClass: number, seed: number): number[] {
  const rng = new Rng(seed);
  const chosen: number[] = [];
  for (const c of classes) {
    const members: number[] = [];
    raw.labels.forEach((l, i) => l === c && members.push(i));
    chosen.push(...rng.sample(members, perClass));
  }
  const order = rng.permutation(chosen.length);
  return Array.from(order, (k) => chosen[k]);
}

export interface CifarSubsetOptions {
  /** Original class ids (0-9), 2 to 10 of them; relabelled 0..k-1 in this order. */
  classes: number[];
  perClass: number;
  seed: number;
  classNames?: string[];
}

/** A class-balanced subset as an NHWC float Dataset in [0, 1]. */
export function cifarSubset(raw: CifarRaw, opts: CifarSubsetOptions): Dataset {
  const { classes } = opts;
  if (classes.length < 2 || classes.length > 10) throw new RangeError('choose 2 to 10 classes');
  if (new Set(classes).size !== classes.length || classes.some((c) => !Number.isInteger(c) || c < 0 || c > 9)) {
    throw new RangeError('classes must be distinct integers 0-9');
  }
  if (!Number.isInteger(opts.perClass) || opts.perClass < 1) throw new RangeError('images per class must be a positive integer');
  const idx = balancedIndices(raw, classes, opts.perClass, opts.seed);
  const remap = new Map(classes.map((c, k) => [c, k]));
  const x = new Float32Array(idx.length * 3 * CIFAR_PIXELS);
  const y = new Int32Array(idx.length);
  idx.forEach((i, k) => {
    y[k] = remap.get(raw.labels[i])!;
    const src = i * 3 * CIFAR_PIXELS;
    const dst = k * 3 * CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PIXELS; p++) {
      x[dst + 3 * p] = raw.planes[src + p] / 255;
      x[dst + 3 * p + 1] = raw.planes[src + CIFAR_PIXELS + p] / 255;
      x[dst + 3 * p + 2] = raw.planes[src + 2 * CIFAR_PIXELS + p] / 255;
    }
  });
  const names = opts.classNames ?? CIFAR_CLASSES;
  return { x, y, n: idx.length, sampleShape: [CIFAR_SIDE, CIFAR_SIDE, 3], numClasses: classes.length, classNames: classes.map((c) => names[c]) };
}
