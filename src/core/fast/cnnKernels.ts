/**
 * The loops the fused CNN step is made of, one image at a time, NHWC (pixel-major, channels
 * contiguous), 3x3 'same' convolutions with stride 1, 2x2 average pooling. Every array is a
 * Float64Array addressed with an offset, so one image of a batch is a window of a larger array
 * and nothing is allocated per call.
 *
 * Why these shapes: a dot product with its accumulator in a local variable is what V8 compiles
 * best (two loads and a multiply-add per step, no store), so the convolution reads its kernel
 * "filter-major" (KT[out][dy][dx][in]): for one output value and one kernel row dy, the three
 * input pixels of that row and the kernel's matching 3*in weights are both contiguous. The input
 * gradient of a convolution (its transpose) is the same loop with the kernel flipped and its
 * channels swapped, prepared once per step (prepareKernels).
 */

/** KT[o][dy][dx][i] = K[dy][dx][i][o]: the kernel as a forward convolution reads it. */
export function kernelForward(K: Float64Array, inC: number, outC: number, KT: Float64Array): void {
  for (let tap = 0; tap < 9; tap++) {
    for (let i = 0; i < inC; i++) {
      const src = (tap * inC + i) * outC;
      for (let o = 0; o < outC; o++) KT[(o * 9 + tap) * inC + i] = K[src + o];
    }
  }
}

/**
 * KF[i][dy][dx][o] = K[2-dy][2-dx][i][o]: the transposed convolution (the input gradient
 * dL/din[y,x,i] = sum_{dy,dx,o} dL/dout[y+1-dy, x+1-dx, o] K[dy,dx,i,o]) written as a forward
 * convolution of dL/dout with this flipped kernel (in = o, out = i).
 */
export function kernelFlipped(K: Float64Array, inC: number, outC: number, KF: Float64Array): void {
  for (let tap = 0; tap < 9; tap++) {
    const flip = 8 - tap; // (2-dy)*3 + (2-dx)
    for (let i = 0; i < inC; i++) {
      const src = (flip * inC + i) * outC;
      const dst = (i * 9 + tap) * outC;
      for (let o = 0; o < outC; o++) KF[dst + o] = K[src + o];
    }
  }
}

/**
 * out[y,x,o] = bias[o] + sum_{dy,dx,i} inp[y+dy-1, x+dx-1, i] * K[dy,dx,i,o], zero padding,
 * with KT = kernelForward(K) (or kernelFlipped(K) for the transposed convolution, bias zero).
 */
export function conv3x3(
  inp: Float64Array,
  io: number,
  H: number,
  W: number,
  inC: number,
  KT: Float64Array,
  bias: Float64Array,
  outC: number,
  out: Float64Array,
  oo: number,
): void {
  const row = 3 * inC; // one kernel row: dx = 0..2, every input channel
  for (let y = 0; y < H; y++) {
    const dy0 = y === 0 ? 1 : 0;
    const dy1 = y === H - 1 ? 2 : 3;
    for (let x = 0; x < W; x++) {
      // Columns x-1..x+1 clipped to the image: j runs over [j0, j1) of a kernel row.
      const j0 = x === 0 ? inC : 0;
      const j1 = x === W - 1 ? 2 * inC : row;
      const ob = oo + (y * W + x) * outC;
      for (let o = 0; o < outC; o++) {
        let s = bias[o];
        const kb = o * 9 * inC;
        for (let dy = dy0; dy < dy1; dy++) {
          const ib = io + ((y + dy - 1) * W + x - 1) * inC;
          const kr = kb + dy * row;
          for (let j = j0; j < j1; j++) s += inp[ib + j] * KT[kr + j];
        }
        out[ob + o] = s;
      }
    }
  }
}

/**
 * dK[dy,dx,i,o] += sum_{y,x} inp[y+dy-1, x+dx-1, i] * dout[y,x,o] (zero padding) and, when
 * db is given, db[o] += sum_{y,x} dout[y,x,o]: the weight and bias gradients of conv3x3.
 */
export function conv3x3WeightGrad(
  inp: Float64Array,
  io: number,
  H: number,
  W: number,
  inC: number,
  dout: Float64Array,
  doo: number,
  outC: number,
  dK: Float64Array,
  db: Float64Array | null,
): void {
  for (let y = 0; y < H; y++) {
    const dy0 = y === 0 ? 1 : 0;
    const dy1 = y === H - 1 ? 2 : 3;
    for (let x = 0; x < W; x++) {
      const dx0 = x === 0 ? 1 : 0;
      const dx1 = x === W - 1 ? 2 : 3;
      const ob = doo + (y * W + x) * outC;
      if (db) for (let o = 0; o < outC; o++) db[o] += dout[ob + o];
      for (let dy = dy0; dy < dy1; dy++) {
        for (let dx = dx0; dx < dx1; dx++) {
          const ib = io + ((y + dy - 1) * W + x + dx - 1) * inC;
          const kb = (dy * 3 + dx) * inC * outC;
          for (let i = 0; i < inC; i++) {
            const v = inp[ib + i];
            if (v === 0) continue; // relu zeros (and padding-free borders) add nothing
            const kr = kb + i * outC;
            for (let o = 0; o < outC; o++) dK[kr + o] += v * dout[ob + o];
          }
        }
      }
    }
  }
}

/** out[y,x,c] = mean of inp[2y..2y+1, 2x..2x+1, c] (H, W: the input's, even). */
export function avgPool2x2(inp: Float64Array, io: number, H: number, W: number, C: number, out: Float64Array, oo: number): void {
  const w2 = W / 2;
  for (let y = 0; y < H / 2; y++) {
    for (let x = 0; x < w2; x++) {
      const a = io + (2 * y * W + 2 * x) * C;
      const b = a + W * C;
      const o = oo + (y * w2 + x) * C;
      for (let c = 0; c < C; c++) out[o + c] = 0.25 * (inp[a + c] + inp[a + C + c] + inp[b + c] + inp[b + C + c]);
    }
  }
}

/** The transpose of avgPool2x2: din[y,x,c] = dout[y/2, x/2, c] / 4 (H, W: the un-pooled size). */
export function avgPool2x2Transpose(dout: Float64Array, doo: number, H: number, W: number, C: number, din: Float64Array, dio: number): void {
  const w2 = W / 2;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const s = doo + ((y >> 1) * w2 + (x >> 1)) * C;
      const d = dio + (y * W + x) * C;
      for (let c = 0; c < C; c++) din[d + c] = 0.25 * dout[s + c];
    }
  }
}
