import { CIFAR_CLASSES, CIFAR_PIXELS, CIFAR_SIDE, encodeCifarBinary, type CifarRaw } from './cifar';
import { Rng } from '../random';

/**
 * Seeded stand-in for CIFAR-10, in its official binary format, for tests and benchmarks: the
 * repository holds no CIFAR data, and its tests must run without any (real batches stay a user's
 * or developer's download). Each class is a coloured shape on a coloured background, drawn with
 * per-image jitter of colour, position and size, plus pixel noise: a small CNN learns it well above
 * chance within a few epochs (test/unit/core/syntheticCifar.test.ts), so accuracy, saliency and attacks
 * still mean something. The colours loosely follow the real classes (airplane and ship: blue sky
 * or sea; frog: green), but the images are not meant to look like CIFAR.
 */

type Shape = 'cross' | 'box' | 'disc' | 'triangle' | 'vstripes' | 'ring' | 'blob' | 'diagonal' | 'hull' | 'checker';
type Rgb = [number, number, number];

/** Per class, in CIFAR-10's order: background, foreground and shape. */
const CLASS_STYLE: { bg: Rgb; fg: Rgb; shape: Shape }[] = [
  { bg: [120, 170, 225], fg: [230, 230, 235], shape: 'cross' }, // airplane: a light cross on sky blue
  { bg: [110, 110, 115], fg: [200, 40, 40], shape: 'box' }, // automobile: a red box on grey
  { bg: [150, 200, 120], fg: [120, 80, 40], shape: 'disc' }, // bird: a brown disc on light green
  { bg: [200, 185, 160], fg: [220, 130, 50], shape: 'triangle' }, // cat: an orange triangle on beige
  { bg: [90, 120, 60], fg: [150, 100, 60], shape: 'vstripes' }, // deer: brown vertical stripes on olive
  { bg: [170, 190, 140], fg: [190, 150, 100], shape: 'ring' }, // dog: a tan ring on pale grass
  { bg: [40, 80, 40], fg: [110, 200, 60], shape: 'blob' }, // frog: a bright green blob on dark green
  { bg: [140, 100, 70], fg: [70, 45, 30], shape: 'diagonal' }, // horse: dark diagonal bands on brown
  { bg: [40, 90, 160], fg: [235, 235, 235], shape: 'hull' }, // ship: a white bar on sea blue
  { bg: [150, 150, 150], fg: [240, 240, 200], shape: 'checker' }, // truck: a pale checked box on grey
];

/** Whether pixel offset (dx, dy) from the shape's centre, at radius r, is foreground. */
function inside(shape: Shape, dx: number, dy: number, r: number, x: number, y: number, phase: number): boolean {
  const ax = Math.abs(dx);
  const ay = Math.abs(dy);
  switch (shape) {
    case 'cross':
      return (ax < r && ay < 0.3 * r) || (ax < 0.25 * r && ay < 0.8 * r);
    case 'box':
      return ax < r && ay < 0.6 * r;
    case 'disc':
      return dx * dx + dy * dy < 0.6 * r * r;
    case 'triangle':
      return dy < 0.8 * r && dy > -0.8 * r && ax < 0.5 * (dy + 0.8 * r);
    case 'vstripes':
      return Math.floor((x + phase) / 3) % 2 === 0;
    case 'ring': {
      const d2 = dx * dx + dy * dy;
      return d2 < r * r && d2 > 0.4 * r * r;
    }
    case 'blob':
      return (dx * dx) / (1.2 * r * r) + (dy * dy) / (0.5 * r * r) < 1;
    case 'diagonal':
      return Math.floor((x + y + phase) / 4) % 2 === 0;
    case 'hull':
      return ax < 1.3 * r && dy > 0 && dy < 0.45 * r;
    case 'checker':
      return ax < r && ay < r && (Math.floor((dx + r) / 4) + Math.floor((dy + r) / 4)) % 2 === 0;
  }
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** One image of class `c` into `planes` at `offset` (R plane, G plane, B plane). */
function drawImage(c: number, rng: Rng, planes: Uint8Array, offset: number): void {
  const style = CLASS_STYLE[c];
  const jitter = (rgb: Rgb): Rgb => rgb.map((v) => v + rng.uniform(-25, 25)) as Rgb;
  const bg = jitter(style.bg);
  const fg = jitter(style.fg);
  const cx = CIFAR_SIDE / 2 + rng.uniform(-5, 5);
  const cy = CIFAR_SIDE / 2 + rng.uniform(-5, 5);
  const r = rng.uniform(7, 11);
  const phase = rng.int(8);
  for (let y = 0; y < CIFAR_SIDE; y++) {
    for (let x = 0; x < CIFAR_SIDE; x++) {
      const colour = inside(style.shape, x + 0.5 - cx, y + 0.5 - cy, r, x, y, phase) ? fg : bg;
      const p = y * CIFAR_SIDE + x;
      for (let ch = 0; ch < 3; ch++) planes[offset + ch * CIFAR_PIXELS + p] = clampByte(colour[ch] + rng.normal(0, 12));
    }
  }
}

/** `perClass` images of each of the 10 classes, in a seeded random order. */
export function syntheticCifar(perClass: number, seed: number): CifarRaw {
  if (!Number.isInteger(perClass) || perClass < 1) throw new RangeError('images per class must be a positive integer');
  const rng = new Rng(seed);
  const n = 10 * perClass;
  const order = rng.permutation(n);
  const labels = new Uint8Array(n);
  const planes = new Uint8Array(n * 3 * CIFAR_PIXELS);
  for (let i = 0; i < n; i++) {
    labels[i] = order[i] % 10;
    drawImage(labels[i], rng, planes, i * 3 * CIFAR_PIXELS);
  }
  return { n, labels, planes };
}

export interface SyntheticCifarFiles {
  'train.bin': Uint8Array<ArrayBuffer>;
  'test.bin': Uint8Array<ArrayBuffer>;
  'batches.meta.txt': string;
}

/**
 * A generated set laid out as `npm run data:cifar` writes one (train.bin, test.bin,
 * batches.meta.txt with the 10 class names), from independent streams for train and test.
 */
export function syntheticCifarFiles(opts: { trainPerClass: number; testPerClass: number; seed: number }): SyntheticCifarFiles {
  return {
    'train.bin': encodeCifarBinary(syntheticCifar(opts.trainPerClass, opts.seed)),
    'test.bin': encodeCifarBinary(syntheticCifar(opts.testPerClass, opts.seed + 1_000_003)),
    'batches.meta.txt': CIFAR_CLASSES.join('\n') + '\n',
  };
}
