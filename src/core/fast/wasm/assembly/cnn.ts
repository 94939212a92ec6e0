// @ts-nocheck  (AssemblyScript: f64, v128, load<T>, decorators; compiled by asc, not tsc)
/**
 * AssemblyScript source of the fused CNN step's WebAssembly SIMD kernels (compiled by
 * `npm run build:wasm` into ../cnnKernels.wasm, which is committed; test/unit/cnnWasm.test.ts
 * checks that rebuilding gives the same bytes). The JS loops in ../../cnnKernels.ts are the
 * reference: every kernel here sums the same products in the same order per output value, two
 * float64 lanes at a time (f64x2), so its results equal the JS loops' bit for bit (up to the sign
 * of an exact zero: the padded border adds 0 * w where the JS loop skips the term).
 *
 * Memory is imported (the JS side sizes it once per model and makes its Float64Array views into
 * it); every pointer is a byte address of float64 values. Layouts as in cnnKernels.ts: images NHWC,
 * blocked kernels KB[b][dy][dx][i][4] (kernelForward / kernelFlipped), weight gradients
 * dK[dy][dx][i][o].
 */


const B: i32 = 4; // output channels per kernel block (BLOCK in cnnKernels.ts)

/** pad[(y+1)(W+2) + x+1][c] = inp[y][x][c], zero border of one pixel. */
function padInto(inp: usize, H: i32, W: i32, C: i32, pad: usize): void {
  const rowIn = <usize>(W * C) << 3;
  const rowPad = <usize>((W + 2) * C) << 3;
  const px = <usize>C << 3;
  // top and bottom rows
  memory.fill(pad, 0, rowPad);
  memory.fill(pad + <usize>(H + 1) * rowPad, 0, rowPad);
  for (let y = 0; y < H; y++) {
    const dst = pad + <usize>(y + 1) * rowPad;
    memory.fill(dst, 0, px);
    memory.copy(dst + px, inp + <usize>y * rowIn, rowIn);
    memory.fill(dst + px + rowIn, 0, px);
  }
}

/**
 * out[y,x,o] = bias[o] + sum_{dy,dx,i} inp[y+dy-1, x+dx-1, i] KB(dy,dx,i,o), zero padding; bias
 * holds ceil(outC/4)*4 values. Four pixels x four output channels per inner loop (eight f64x2
 * sums), the input padded into `pad` first ((H+2)(W+2)inC values).
 */
export function conv3x3(inp: usize, H: i32, W: i32, inC: i32, KB: usize, bias: usize, outC: i32, out: usize, pad: usize): void {
  padInto(inp, H, W, inC, pad);
  const row = 3 * inC;
  const blocks = (outC + B - 1) / B;
  const full = outC % B == 0;
  const padRow = <usize>((W + 2) * inC) << 3;
  const pxIn = <usize>inC << 3;
  const kBlock = <usize>(9 * inC * B) << 3;
  const kRow = <usize>(row * B) << 3;
  for (let y = 0; y < H; y++) {
    let x = 0;
    for (; x + 4 <= W; x += 4) {
      const ob = out + (<usize>((y * W + x) * outC) << 3);
      for (let b = 0; b < blocks; b++) {
        const bb = bias + (<usize>(b * B) << 3);
        const b01 = v128.load(bb);
        const b23 = v128.load(bb, 16);
        let a01 = b01, a23 = b23, c01 = b01, c23 = b23, d01 = b01, d23 = b23, e01 = b01, e23 = b23;
        const kb = KB + <usize>b * kBlock;
        for (let dy = 0; dy < 3; dy++) {
          let ip = pad + <usize>(y + dy) * padRow + <usize>x * pxIn;
          let kp = kb + <usize>dy * kRow;
          const end = ip + (<usize>row << 3);
          for (; ip < end; ip += 8, kp += 32) {
            const k01 = v128.load(kp);
            const k23 = v128.load(kp, 16);
            const v = f64x2.splat(load<f64>(ip));
            const w = f64x2.splat(load<f64>(ip + pxIn));
            const s = f64x2.splat(load<f64>(ip + 2 * pxIn));
            const t = f64x2.splat(load<f64>(ip + 3 * pxIn));
            a01 = f64x2.add(a01, f64x2.mul(v, k01));
            a23 = f64x2.add(a23, f64x2.mul(v, k23));
            c01 = f64x2.add(c01, f64x2.mul(w, k01));
            c23 = f64x2.add(c23, f64x2.mul(w, k23));
            d01 = f64x2.add(d01, f64x2.mul(s, k01));
            d23 = f64x2.add(d23, f64x2.mul(s, k23));
            e01 = f64x2.add(e01, f64x2.mul(t, k01));
            e23 = f64x2.add(e23, f64x2.mul(t, k23));
          }
        }
        const o0 = b * B;
        const oc = <usize>outC << 3;
        store4(ob, o0, outC, full, a01, a23);
        store4(ob + oc, o0, outC, full, c01, c23);
        store4(ob + 2 * oc, o0, outC, full, d01, d23);
        store4(ob + 3 * oc, o0, outC, full, e01, e23);
      }
    }
    for (; x < W; x++) {
      const ob = out + (<usize>((y * W + x) * outC) << 3);
      for (let b = 0; b < blocks; b++) {
        const bb = bias + (<usize>(b * B) << 3);
        let a01 = v128.load(bb);
        let a23 = v128.load(bb, 16);
        const kb = KB + <usize>b * kBlock;
        for (let dy = 0; dy < 3; dy++) {
          let ip = pad + <usize>(y + dy) * padRow + <usize>x * pxIn;
          let kp = kb + <usize>dy * kRow;
          const end = ip + (<usize>row << 3);
          for (; ip < end; ip += 8, kp += 32) {
            const v = f64x2.splat(load<f64>(ip));
            a01 = f64x2.add(a01, f64x2.mul(v, v128.load(kp)));
            a23 = f64x2.add(a23, f64x2.mul(v, v128.load(kp, 16)));
          }
        }
        store4(ob, b * B, outC, full, a01, a23);
      }
    }
  }
}

/** out[o0 .. o0+3] of one pixel (ob) = the two vectors, the lanes below outC. */
// @ts-ignore
@inline
function store4(ob: usize, o0: i32, outC: i32, full: bool, v01: v128, v23: v128): void {
  const p = ob + (<usize>o0 << 3);
  if (full) {
    v128.store(p, v01);
    v128.store(p, v23, 16);
  } else {
    store<f64>(p, f64x2.extract_lane(v01, 0));
    if (o0 + 1 < outC) store<f64>(p, f64x2.extract_lane(v01, 1), 8);
    if (o0 + 2 < outC) store<f64>(p, f64x2.extract_lane(v23, 0), 16);
    if (o0 + 3 < outC) store<f64>(p, f64x2.extract_lane(v23, 1), 24);
  }
}

/**
 * dK[dy,dx,i,o] += sum_{y,x} inp[y+dy-1, x+dx-1, i] dout[y,x,o] (zero padding), and when db != 0,
 * db[o] += sum_{y,x} dout[y,x,o]. Four weight rows x four output channels per pass over the pixels
 * (eight f64x2 sums), the input padded into `pad` first.
 */
export function conv3x3WeightGrad(inp: usize, H: i32, W: i32, inC: i32, dout: usize, outC: i32, dK: usize, db: usize, pad: usize): void {
  if (db != 0) {
    const P = H * W;
    for (let q = 0; q < P; q++) {
      const ob = dout + (<usize>(q * outC) << 3);
      for (let o = 0; o < outC; o++) store<f64>(db + (<usize>o << 3), load<f64>(db + (<usize>o << 3)) + load<f64>(ob + (<usize>o << 3)));
    }
  }
  padInto(inp, H, W, inC, pad);
  const padRow = <usize>((W + 2) * inC) << 3;
  const pxIn = <usize>inC << 3;
  const pxOut = <usize>outC << 3;
  const fullO = outC - (outC % B);
  // For one kernel row dy, the weights (dx, i) are rows j = dx*inC + i of dK[dy], and the input
  // they meet at output pixel (y, x) is pad[y+dy][x*inC + j]: one contiguous run of 3*inC values
  // per pixel. So j goes four at a time whatever inC is (the first layer's 3 channels too).
  const J = 3 * inC;
  for (let dy = 0; dy < 3; dy++) {
    const base = pad + <usize>dy * padRow;
    const kRow = dK + (<usize>(dy * J * outC) << 3);
    let j = 0;
    for (; j + 4 <= J; j += 4) {
      const kb = kRow + (<usize>(j * outC) << 3);
      for (let o0 = 0; o0 < fullO; o0 += B) {
        let a01 = f64x2.splat(0), a23 = a01, c01 = a01, c23 = a01, d01 = a01, d23 = a01, e01 = a01, e23 = a01;
        for (let y = 0; y < H; y++) {
          let ip = base + <usize>y * padRow + (<usize>j << 3);
          let qp = dout + (<usize>(y * W * outC + o0) << 3);
          const end = qp + <usize>W * pxOut;
          for (; qp < end; qp += pxOut, ip += pxIn) {
            const g01 = v128.load(qp);
            const g23 = v128.load(qp, 16);
            const v = f64x2.splat(load<f64>(ip));
            const w = f64x2.splat(load<f64>(ip, 8));
            const s = f64x2.splat(load<f64>(ip, 16));
            const t = f64x2.splat(load<f64>(ip, 24));
            a01 = f64x2.add(a01, f64x2.mul(v, g01));
            a23 = f64x2.add(a23, f64x2.mul(v, g23));
            c01 = f64x2.add(c01, f64x2.mul(w, g01));
            c23 = f64x2.add(c23, f64x2.mul(w, g23));
            d01 = f64x2.add(d01, f64x2.mul(s, g01));
            d23 = f64x2.add(d23, f64x2.mul(s, g23));
            e01 = f64x2.add(e01, f64x2.mul(t, g01));
            e23 = f64x2.add(e23, f64x2.mul(t, g23));
          }
        }
        const p = kb + (<usize>o0 << 3);
        add2(p, a01, a23);
        add2(p + pxOut, c01, c23);
        add2(p + 2 * pxOut, d01, d23);
        add2(p + 3 * pxOut, e01, e23);
      }
      for (let jj = j; jj < j + 4; jj++) for (let o = fullO; o < outC; o++) weightGradOne(base, H, W, inC, dout, outC, kRow, jj, o, padRow);
    }
    for (; j < J; j++) {
      const kb = kRow + (<usize>(j * outC) << 3);
      for (let o0 = 0; o0 < fullO; o0 += B) {
        let a01 = f64x2.splat(0), a23 = a01;
        for (let y = 0; y < H; y++) {
          let ip = base + <usize>y * padRow + (<usize>j << 3);
          let qp = dout + (<usize>(y * W * outC + o0) << 3);
          const end = qp + <usize>W * pxOut;
          for (; qp < end; qp += pxOut, ip += pxIn) {
            const v = f64x2.splat(load<f64>(ip));
            a01 = f64x2.add(a01, f64x2.mul(v, v128.load(qp)));
            a23 = f64x2.add(a23, f64x2.mul(v, v128.load(qp, 16)));
          }
        }
        add2(kb + (<usize>o0 << 3), a01, a23);
      }
      for (let o = fullO; o < outC; o++) weightGradOne(base, H, W, inC, dout, outC, kRow, j, o, padRow);
    }
  }
}

// @ts-ignore
@inline
function add2(p: usize, v01: v128, v23: v128): void {
  v128.store(p, f64x2.add(v128.load(p), v01));
  v128.store(p, f64x2.add(v128.load(p, 16), v23), 16);
}

/** dK row j (of kernel row dy, whose rows start at kRow), output channel o: one scalar sum. */
function weightGradOne(base: usize, H: i32, W: i32, inC: i32, dout: usize, outC: i32, kRow: usize, j: i32, o: i32, padRow: usize): void {
  let s: f64 = 0;
  for (let y = 0; y < H; y++) {
    const ip = base + <usize>y * padRow + (<usize>j << 3);
    const qp = dout + (<usize>(y * W * outC + o) << 3);
    for (let x = 0; x < W; x++) s += load<f64>(ip + (<usize>(x * inC) << 3)) * load<f64>(qp + (<usize>(x * outC) << 3));
  }
  const p = kRow + (<usize>(j * outC + o) << 3);
  store<f64>(p, load<f64>(p) + s);
}
