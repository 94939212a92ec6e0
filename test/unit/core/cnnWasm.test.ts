import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawTargetClasses } from '../../../src/core/fast/cnnClasses';
import { FusedCnn } from '../../../src/core/fast/cnnFused';
import { conv3x3, conv3x3WeightGrad, kernelFlipped, kernelForward } from '../../../src/core/fast/cnnKernels';
import { toCnnParams } from '../../../src/core/fast/cnnShapes';
import { cnnWasmFailure, loadCnnWasm, WasmCnnKernels } from '../../../src/core/fast/cnnWasm';
import { initParamValues, type CnnSpec } from '../../../src/core/models';
import { Rng } from '../../../src/core/random';
import { compileCnnWasm, WASM_OUTPUT } from '../../../scripts/wasm/buildWasm';

/**
 * The WebAssembly SIMD kernels of the fused CNN step (src/core/fast/cnnWasm.ts) against the JS
 * loops they replace (cnnKernels.ts): the same products summed in the same order, so the results
 * agree to the last bit (checked with a tolerance of a few ulps all the same), kernel by kernel on
 * odd shapes and for the whole PAG step. The golden fixtures run both (test/golden/cnnFused.test.ts).
 */
function maxRel(a: Float64Array, b: Float64Array): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / Math.max(scale, 1e-300);
}

const TOL = 1e-14;

describe('WebAssembly SIMD kernels of the fused CNN step', () => {
  beforeAll(async () => {
    const ok = await loadCnnWasm();
    expect(ok, `loadCnnWasm: ${cnnWasmFailure()}`).toBe(true);
  });

  it('the committed .wasm is what its AssemblyScript source compiles to (npm run build:wasm)', async () => {
    const built = await compileCnnWasm(false);
    const committed = new Uint8Array(readFileSync(WASM_OUTPUT));
    expect(Buffer.from(built).equals(Buffer.from(committed)), `${WASM_OUTPUT} is stale: run npm run build:wasm`).toBe(true);
  }, 300_000);

  it('conv3x3, its transpose and the weight gradient equal the JS loops on odd shapes', () => {
    const rng = new Rng(7);
    const shapes: [number, number, number, number][] = [
      [4, 4, 1, 1],
      [5, 7, 3, 8],
      [6, 6, 2, 3],
      [8, 5, 5, 6],
      [3, 9, 8, 4],
      [2, 2, 4, 16],
      [1, 1, 3, 5],
    ];
    for (const [H, W, inC, outC] of shapes) {
      const pad = (H + 2) * (W + 2) * Math.max(inC, outC);
      const blocked = (i: number, o: number) => 9 * i * Math.ceil(o / 4) * 4;
      const sizes = [H * W * inC, H * W * outC, 9 * inC * outC, blocked(inC, outC), blocked(outC, inC), Math.ceil(Math.max(inC, outC) / 4) * 4, H * W * outC, H * W * inC, 9 * inC * outC, outC];
      const wk = new WasmCnnKernels(WasmCnnKernels.sizeOf((alloc) => sizes.forEach((n) => alloc(n))), pad);
      const [inp, dout, K, KT, KF, bias, out, din, dK, db] = sizes.map((n) => wk.alloc(n));
      const fill = (a: Float64Array) => a.forEach((_, i) => (a[i] = rng.normal()));
      [inp, dout, K, dK, db].forEach(fill);
      for (let o = 0; o < outC; o++) bias[o] = rng.normal();
      kernelForward(K, inC, outC, KT);
      kernelFlipped(K, inC, outC, KF);
      const label = `H ${H} W ${W} in ${inC} out ${outC}`;

      const outJs = new Float64Array(out.length);
      conv3x3(inp, 0, H, W, inC, KT, bias, outC, outJs, 0);
      wk.conv3x3(inp, 0, H, W, inC, KT, bias, outC, out, 0);
      expect(maxRel(outJs, out), `conv ${label}`).toBeLessThan(TOL);

      const zero = new Float64Array(bias.length);
      const dinJs = new Float64Array(din.length);
      conv3x3(dout, 0, H, W, outC, KF, zero, inC, dinJs, 0);
      bias.fill(0);
      wk.conv3x3(dout, 0, H, W, outC, KF, bias, inC, din, 0);
      expect(maxRel(dinJs, din), `transposed conv ${label}`).toBeLessThan(TOL);

      const dKJs = Float64Array.from(dK);
      const dbJs = Float64Array.from(db);
      conv3x3WeightGrad(inp, 0, H, W, inC, dout, 0, outC, dKJs, dbJs);
      wk.conv3x3WeightGrad(inp, 0, H, W, inC, dout, 0, outC, dK, db);
      expect(maxRel(dKJs, dK), `weight gradient ${label}`).toBeLessThan(TOL);
      expect(maxRel(dbJs, db), `bias gradient ${label}`).toBeLessThan(TOL);
    }
  });

  it('refuses arrays outside its memory', () => {
    const wk = new WasmCnnKernels(1024, 16);
    const a = wk.alloc(16);
    expect(() => wk.conv3x3(new Float64Array(16), 0, 2, 2, 1, a, a, 1, a, 0)).toThrow(/outside the model memory/);
  });

  const specs: [string, CnnSpec, number][] = [
    ['small relu, gap head', { kind: 'cnn', inputShape: [8, 8, 3], channels: [4, 5], numClasses: 3, activation: 'relu' }, 0],
    ['softplus, flatten head, odd channels', { kind: 'cnn', inputShape: [8, 8, 2], channels: [3, 6, 5], numClasses: 4, activation: 'softplus', head: 'flatten', centerInput: true }, 2],
    ['the CIFAR default at 10 classes, k = 2', { kind: 'cnn', inputShape: [32, 32, 3], channels: [8, 16, 32], numClasses: 10, activation: 'relu', head: 'flatten', centerInput: true }, 2],
  ];
  for (const [name, spec, k] of specs) {
    it(`the whole PAG step (wasm) equals the JS step: ${name}`, () => {
      const rng = new Rng(3);
      const values = initParamValues(spec, rng);
      for (const v of Object.values(values)) for (let i = 0; i < v.length; i++) v[i] *= 3;
      const B = 4;
      const C = spec.numClasses;
      const d = spec.inputShape.reduce((a, b) => a * b, 1);
      const x = Float32Array.from({ length: B * d }, () => rng.next());
      const y = Int32Array.from({ length: B }, () => rng.int(C));
      const u = Float32Array.from({ length: C * B * d }, () => rng.normal());
      const classes = k ? new Int32Array(B * k) : null;
      if (classes) drawTargetClasses(rng, B, C, k, classes, new Int32Array(C));
      const params = toCnnParams(spec, values);
      const js = new FusedCnn(spec, 'js');
      const wa = new FusedCnn(spec, 'wasm');
      expect(js.kernelKind).toBe('js');
      expect(wa.kernelKind).toBe('wasm');
      for (const output of ['logSoftmax', 'logit'] as const) {
        const opts = { output, cosEps: 1e-8, lambda: 0.7, targetClasses: classes };
        const a = js.lossAndGrads(params, x, y, u, opts);
        const totalJs = a.total;
        const gradsJs = a.grads.list.map((g) => Float64Array.from(g));
        const b = wa.lossAndGrads(params, x, y, u, opts);
        expect(Math.abs(b.total - totalJs) / Math.abs(totalJs)).toBeLessThan(TOL);
        gradsJs.forEach((g, i) => expect(maxRel(g, b.grads.list[i]), `${output} d/d${a.grads.names[i]}`).toBeLessThan(1e-12));
        expect(maxRel(js.inputGradients(params, x, B, output), wa.inputGradients(params, x, B, output))).toBeLessThan(1e-12);
      }
    });
  }
});
