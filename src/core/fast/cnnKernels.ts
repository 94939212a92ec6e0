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

/** Output channels are computed four at a time (four accumulators in registers); kernels are padded to a multiple of 4. */
export const BLOCK = 4;

/** Size of a blocked kernel for `inC` inputs and `outC` outputs (outC rounded up to BLOCK). */
export function blockedSize(inC: number, outC: number): number {
  return 9 * inC * Math.ceil(outC / BLOCK) * BLOCK;
}

/**
 * KB[b][dy][dx][i][j] = K[dy][dx][i][4b + j] (zero past outC): the kernel as conv3x3 reads it, so
 * for one kernel row dy the weights of the three input pixels x-1..x+1 (all channels) for four
 * output channels are contiguous.
 */
export function kernelForward(K: Float64Array, inC: number, outC: number, KB: Float64Array): void {
  KB.fill(0);
  for (let tap = 0; tap < 9; tap++) {
    for (let i = 0; i < inC; i++) {
      const src = (tap * inC + i) * outC;
      for (let o = 0; o < outC; o++) {
        const b = (o / BLOCK) | 0;
        KB[((b * 9 + tap) * inC + i) * BLOCK + (o % BLOCK)] = K[src + o];
      }
    }
  }
}

/**
 * The transposed convolution (the input gradient dL/din[y,x,i] = sum_{dy,dx,o} dL/dout[y+1-dy,
 * x+1-dx, o] K[dy,dx,i,o]) is a forward convolution of dL/dout with the kernel flipped in space
 * and its channels swapped, K'[dy][dx][o][i] = K[2-dy][2-dx][i][o]; this lays K' out as
 * kernelForward would (in = outC, out = inC).
 */
export function kernelFlipped(K: Float64Array, inC: number, outC: number, KB: Float64Array): void {
  KB.fill(0);
  for (let tap = 0; tap < 9; tap++) {
    const flip = 8 - tap; // (2-dy)*3 + (2-dx)
    for (let i = 0; i < inC; i++) {
      const src = (flip * inC + i) * outC;
      const b = (i / BLOCK) | 0;
      const j = i % BLOCK;
      for (let o = 0; o < outC; o++) KB[((b * 9 + tap) * outC + o) * BLOCK + j] = K[src + o];
    }
  }
}

/**
 * out[y,x,o] = bias[o] + sum_{dy,dx,i} inp[y+dy-1, x+dx-1, i] * K[dy,dx,i,o], zero padding, with
 * KB = kernelForward(K) (or kernelFlipped(K) and a zero bias for the transposed convolution).
 * `bias` must hold a multiple of BLOCK values (padded with zeros). Interior pixels go two at a
 * time: each weight loaded then serves two pixels (eight sums in registers), the border columns
 * one at a time with their missing neighbours skipped.
 */
export function conv3x3(
  inp: Float64Array,
  io: number,
  H: number,
  W: number,
  inC: number,
  KB: Float64Array,
  bias: Float64Array,
  outC: number,
  out: Float64Array,
  oo: number,
): void {
  for (let y = 0; y < H; y++) {
    convPixel(inp, io, H, W, inC, KB, bias, outC, out, oo, y, 0);
    let x = 1;
    for (; x + 1 < W - 1; x += 2) convPair(inp, io, H, W, inC, KB, bias, outC, out, oo, y, x);
    for (; x < W; x++) convPixel(inp, io, H, W, inC, KB, bias, outC, out, oo, y, x);
  }
}

/** conv3x3 at one output pixel (any column; rows and columns outside the image skipped). */
function convPixel(
  inp: Float64Array,
  io: number,
  H: number,
  W: number,
  inC: number,
  KB: Float64Array,
  bias: Float64Array,
  outC: number,
  out: Float64Array,
  oo: number,
  y: number,
  x: number,
): void {
  const row = 3 * inC; // one kernel row: dx = 0..2, every input channel
  const dy0 = y === 0 ? 1 : 0;
  const dy1 = y === H - 1 ? 2 : 3;
  // Columns x-1..x+1 clipped to the image: j runs over [j0, j1) of a kernel row.
  const j0 = x === 0 ? inC : 0;
  const j1 = x === W - 1 ? 2 * inC : row;
  const ob = oo + (y * W + x) * outC;
  const blocks = Math.ceil(outC / BLOCK);
  for (let b = 0; b < blocks; b++) {
    const o0 = b * BLOCK;
    let s0 = bias[o0];
    let s1 = bias[o0 + 1];
    let s2 = bias[o0 + 2];
    let s3 = bias[o0 + 3];
    const kb = b * 9 * inC * BLOCK;
    for (let dy = dy0; dy < dy1; dy++) {
      const ib = io + ((y + dy - 1) * W + x - 1) * inC;
      const kr = kb + dy * row * BLOCK;
      for (let j = j0; j < j1; j++) {
        const v = inp[ib + j];
        const k = kr + j * BLOCK;
        s0 += v * KB[k];
        s1 += v * KB[k + 1];
        s2 += v * KB[k + 2];
        s3 += v * KB[k + 3];
      }
    }
    store4(out, ob, o0, outC, s0, s1, s2, s3);
  }
}

/** conv3x3 at the interior pixels (y, x) and (y, x+1), 1 <= x and x+1 <= W-2. */
function convPair(
  inp: Float64Array,
  io: number,
  H: number,
  W: number,
  inC: number,
  KB: Float64Array,
  bias: Float64Array,
  outC: number,
  out: Float64Array,
  oo: number,
  y: number,
  x: number,
): void {
  const row = 3 * inC;
  const dy0 = y === 0 ? 1 : 0;
  const dy1 = y === H - 1 ? 2 : 3;
  const ob = oo + (y * W + x) * outC;
  const blocks = Math.ceil(outC / BLOCK);
  for (let b = 0; b < blocks; b++) {
    const o0 = b * BLOCK;
    let a0 = bias[o0];
    let a1 = bias[o0 + 1];
    let a2 = bias[o0 + 2];
    let a3 = bias[o0 + 3];
    let c0 = a0;
    let c1 = a1;
    let c2 = a2;
    let c3 = a3;
    const kb = b * 9 * inC * BLOCK;
    for (let dy = dy0; dy < dy1; dy++) {
      const ib = io + ((y + dy - 1) * W + x - 1) * inC;
      const kr = kb + dy * row * BLOCK;
      for (let j = 0; j < row; j++) {
        const v = inp[ib + j];
        const w = inp[ib + inC + j];
        const k = kr + j * BLOCK;
        const k0 = KB[k];
        const k1 = KB[k + 1];
        const k2 = KB[k + 2];
        const k3 = KB[k + 3];
        a0 += v * k0;
        a1 += v * k1;
        a2 += v * k2;
        a3 += v * k3;
        c0 += w * k0;
        c1 += w * k1;
        c2 += w * k2;
        c3 += w * k3;
      }
    }
    store4(out, ob, o0, outC, a0, a1, a2, a3);
    store4(out, ob + outC, o0, outC, c0, c1, c2, c3);
  }
}

/** out[ob + o0 .. ob + o0 + 3] = s0..s3, the ones below outC. */
function store4(out: Float64Array, ob: number, o0: number, outC: number, s0: number, s1: number, s2: number, s3: number): void {
  if (o0 + BLOCK <= outC) {
    out[ob + o0] = s0;
    out[ob + o0 + 1] = s1;
    out[ob + o0 + 2] = s2;
    out[ob + o0 + 3] = s3;
  } else {
    out[ob + o0] = s0;
    if (o0 + 1 < outC) out[ob + o0 + 1] = s1;
    if (o0 + 2 < outC) out[ob + o0 + 2] = s2;
  }
}

/**
 * dK[dy,dx,i,o] += sum_{y,x} inp[y+dy-1, x+dx-1, i] * dout[y,x,o] (zero padding) and, when
 * db is given, db[o] += sum_{y,x} dout[y,x,o]: the weight and bias gradients of conv3x3. Each
 * (tap, i, four o) is one pass over the pixels with its sums in registers.
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
  if (db) {
    for (let q = 0; q < H * W; q++) {
      const ob = doo + q * outC;
      for (let o = 0; o < outC; o++) db[o] += dout[ob + o];
    }
  }
  const fullEnd = outC - (outC % BLOCK);
  for (let dy = 0; dy < 3; dy++) {
    // Output rows y whose input row y+dy-1 lies inside the image.
    const y0 = dy === 0 ? 1 : 0;
    const y1 = dy === 2 ? H - 1 : H;
    for (let dx = 0; dx < 3; dx++) {
      const x0 = dx === 0 ? 1 : 0;
      const x1 = dx === 2 ? W - 1 : W;
      const tap = dy * 3 + dx;
      let i = 0;
      // Two input channels and four output channels at a time: eight sums in registers, six loads each.
      for (; i + 1 < inC; i += 2) {
        const kb = (tap * inC + i) * outC;
        for (let o0 = 0; o0 < fullEnd; o0 += BLOCK) {
          let a0 = 0;
          let a1 = 0;
          let a2 = 0;
          let a3 = 0;
          let c0 = 0;
          let c1 = 0;
          let c2 = 0;
          let c3 = 0;
          for (let y = y0; y < y1; y++) {
            const ib = io + ((y + dy - 1) * W + dx - 1) * inC + i;
            const pb = doo + y * W * outC + o0;
            for (let x = x0; x < x1; x++) {
              const v = inp[ib + x * inC];
              const w = inp[ib + x * inC + 1];
              const q = pb + x * outC;
              const d0 = dout[q];
              const d1 = dout[q + 1];
              const d2 = dout[q + 2];
              const d3 = dout[q + 3];
              a0 += v * d0;
              a1 += v * d1;
              a2 += v * d2;
              a3 += v * d3;
              c0 += w * d0;
              c1 += w * d1;
              c2 += w * d2;
              c3 += w * d3;
            }
          }
          dK[kb + o0] += a0;
          dK[kb + o0 + 1] += a1;
          dK[kb + o0 + 2] += a2;
          dK[kb + o0 + 3] += a3;
          dK[kb + outC + o0] += c0;
          dK[kb + outC + o0 + 1] += c1;
          dK[kb + outC + o0 + 2] += c2;
          dK[kb + outC + o0 + 3] += c3;
        }
        for (let o = fullEnd; o < outC; o++) {
          weightGradOne(inp, io, W, inC, dout, doo, outC, dK, y0, y1, x0, x1, dy, dx, i, o);
          weightGradOne(inp, io, W, inC, dout, doo, outC, dK, y0, y1, x0, x1, dy, dx, i + 1, o);
        }
      }
      for (; i < inC; i++) {
        const kb = (tap * inC + i) * outC;
        for (let o0 = 0; o0 < fullEnd; o0 += BLOCK) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let y = y0; y < y1; y++) {
            const ib = io + ((y + dy - 1) * W + dx - 1) * inC + i;
            const pb = doo + y * W * outC + o0;
            for (let x = x0; x < x1; x++) {
              const v = inp[ib + x * inC];
              const q = pb + x * outC;
              s0 += v * dout[q];
              s1 += v * dout[q + 1];
              s2 += v * dout[q + 2];
              s3 += v * dout[q + 3];
            }
          }
          dK[kb + o0] += s0;
          dK[kb + o0 + 1] += s1;
          dK[kb + o0 + 2] += s2;
          dK[kb + o0 + 3] += s3;
        }
        for (let o = fullEnd; o < outC; o++) weightGradOne(inp, io, W, inC, dout, doo, outC, dK, y0, y1, x0, x1, dy, dx, i, o);
      }
    }
  }
}

/** One weight's gradient dK[dy,dx,i,o] (the output channels past the last full block). */
function weightGradOne(
  inp: Float64Array,
  io: number,
  W: number,
  inC: number,
  dout: Float64Array,
  doo: number,
  outC: number,
  dK: Float64Array,
  y0: number,
  y1: number,
  x0: number,
  x1: number,
  dy: number,
  dx: number,
  i: number,
  o: number,
): void {
  let s = 0;
  for (let y = y0; y < y1; y++) {
    const ib = io + ((y + dy - 1) * W + dx - 1) * inC + i;
    const pb = doo + y * W * outC + o;
    for (let x = x0; x < x1; x++) s += inp[ib + x * inC] * dout[pb + x * outC];
  }
  dK[((dy * 3 + dx) * inC + i) * outC + o] += s;
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
