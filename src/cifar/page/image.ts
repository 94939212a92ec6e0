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
  // Off-screen and CPU-backed: no round trip to a GPU process that may be busy training.
  const canvas = new OffscreenCanvas(SIDE, SIDE);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, SIDE, SIDE);
  bitmap.close();
  const { data } = ctx.getImageData(0, 0, SIDE, SIDE);
  const out = new Float32Array(IMAGE_SIZE);
  for (let p = 0; p < SIDE * SIDE; p++) for (let c = 0; c < 3; c++) out[3 * p + c] = data[4 * p + c] / 255;
  return out;
}

/**
 * RGBA pixels as a data: URL of an uncompressed 24-bit BMP (3,126 bytes for 32x32). Pictures are
 * <img> elements, not canvases: in Chromium a page's 2D canvases talk to the GPU process
 * synchronously when created, and while the engine compiles shaders there (WebGPU on a software
 * GPU: seconds) that froze the page.
 */
export function bmpDataUrl(rgba: Uint8ClampedArray, side = SIDE): string {
  const row = side * 3; // a multiple of 4 for 32 px: no padding
  const size = 54 + row * side;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b[0] = 0x42; // 'B'
  b[1] = 0x4d; // 'M'
  v.setUint32(2, size, true);
  v.setUint32(10, 54, true); // pixel data offset
  v.setUint32(14, 40, true); // BITMAPINFOHEADER
  v.setInt32(18, side, true);
  v.setInt32(22, side, true); // positive: rows bottom-up
  v.setUint16(26, 1, true); // planes
  v.setUint16(28, 24, true); // bits per pixel
  for (let y = 0; y < side; y++) {
    const src = (side - 1 - y) * side * 4;
    for (let x = 0; x < side; x++) {
      const o = 54 + y * row + 3 * x;
      b[o] = rgba[src + 4 * x + 2];
      b[o + 1] = rgba[src + 4 * x + 1];
      b[o + 2] = rgba[src + 4 * x];
    }
  }
  let bin = '';
  for (let i = 0; i < b.length; i++) bin += String.fromCharCode(b[i]);
  return `data:image/bmp;base64,${btoa(bin)}`;
}
