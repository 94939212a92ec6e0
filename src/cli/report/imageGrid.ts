/**
 * Lays out HWC float images in [0, 1] as one RGBA canvas: rows x columns of tiles with a gap,
 * each tile upscaled by an integer factor (nearest neighbour, so pixels stay honest).
 */
export interface ImageGrid {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

export function imageGrid(tiles: Float32Array[][], side: number, scale = 4, gap = 4): ImageGrid {
  const rows = tiles.length;
  const cols = Math.max(...tiles.map((r) => r.length));
  const tile = side * scale;
  const width = cols * tile + (cols + 1) * gap;
  const height = rows * tile + (rows + 1) * gap;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  tiles.forEach((row, r) =>
    row.forEach((img, c) => {
      const ox = gap + c * (tile + gap);
      const oy = gap + r * (tile + gap);
      for (let y = 0; y < tile; y++) {
        for (let x = 0; x < tile; x++) {
          const s = (Math.floor(y / scale) * side + Math.floor(x / scale)) * 3;
          const d = ((oy + y) * width + ox + x) * 4;
          rgba[d] = img[s] * 255;
          rgba[d + 1] = img[s + 1] * 255;
          rgba[d + 2] = img[s + 2] * 255;
          rgba[d + 3] = 255;
        }
      }
    }),
  );
  return { width, height, rgba };
}
