/**
 * 32x32 RGB images as the lab shows them: HWC floats in [0, 1] (or bytes) to RGBA pixels, signed
 * gradients normalised for viewing, perturbations magnified, and any picture the user gives
 * resized to 32x32 on a canvas.
 */
export const SIDE = 32;
export const IMAGE_SIZE = SIDE * SIDE * 3;

/** RGBA bytes of one HWC image whose values map to [0, 1] through `scale` (clamped). */
export function toRgba(src: ArrayLike<number>, offset = 0, scale: (v: number) => number = (v) => v): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let p = 0; p < SIDE * SIDE; p++) {
    for (let c = 0; c < 3; c++) out[4 * p + c] = Math.round(255 * scale(src[offset + 3 * p + c]));
    out[4 * p + 3] = 255;
  }
  return out;
}

/** One image of a byte array (the test subset), as floats in [0, 1]. */
export function bytesImage(images: Uint8Array, index: number): Float32Array {
  return Float32Array.from(images.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE), (v) => v / 255);
}

/**
 * A signed input-gradient as a picture: grey is 0, each image scaled by its own largest
 * magnitude so that its strongest component reaches black or full colour. Only the direction
 * matters to PAG (a cosine), so per-image scaling hides nothing that matters.
 */
export function normalisedGradient(g: ArrayLike<number>, offset = 0): Uint8ClampedArray<ArrayBuffer> {
  let max = 0;
  for (let i = 0; i < IMAGE_SIZE; i++) max = Math.max(max, Math.abs(g[offset + i]));
  const k = max > 0 ? 0.5 / max : 0;
  return toRgba(g, offset, (v) => 0.5 + k * v);
}

/** The perturbation adv - original, times `gain`, around grey. */
export function perturbation(adv: ArrayLike<number>, advOffset: number, original: ArrayLike<number>, gain: number): Uint8ClampedArray<ArrayBuffer> {
  const d = new Float32Array(IMAGE_SIZE);
  for (let i = 0; i < IMAGE_SIZE; i++) d[i] = 0.5 + gain * (adv[advOffset + i] - original[i]);
  return toRgba(d);
}

/** Any image file, scaled (whole, aspect ignored like CIFAR's own crops) to 32x32 HWC floats. */
export async function imageFileTo32(file: File): Promise<Float32Array> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name} is not an image this browser can read`);
  }
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, SIDE, SIDE);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, SIDE, SIDE);
  const out = new Float32Array(IMAGE_SIZE);
  for (let p = 0; p < SIDE * SIDE; p++) for (let c = 0; c < 3; c++) out[3 * p + c] = data[4 * p + c] / 255;
  return out;
}
