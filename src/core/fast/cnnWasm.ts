/**
 * The fused CNN step's convolution kernels in WebAssembly SIMD (f64x2), built from
 * wasm/assembly/cnn.ts by `npm run build:wasm` into wasm/cnnKernels.wasm (committed; a unit test
 * rebuilds it and compares the bytes). Same arguments and results as the JS loops of
 * cnnKernels.ts, bit for bit up to the sign of exact zeros (test/unit/cnnWasm.test.ts).
 *
 * The kernels read and write the module's own linear memory, so a FusedCnn that uses them lays
 * out its whole workspace (activations, gradients, blocked kernels, weight gradients) as
 * Float64Array views into one WebAssembly.Memory, sized once for its model: growing a memory
 * detaches every view, so it never grows. The compiled module is shared; each model instantiates
 * it on its own memory.
 *
 * Loading: loadCnnWasm() (idempotent, never throws) reads the file next to this module: from the
 * file system in Node (CLI, tests, bench), by fetch in the browser, where Vite emits it as an asset
 * of the page's own origin under the app's base path (the `new URL(..., import.meta.url)` form).
 * Without WebAssembly SIMD (or before loading finishes) models use the JS loops.
 */
import { conv3x3, conv3x3WeightGrad } from './cnnKernels';

/** The convolution loops a CnnWorkspace calls (cnnKernels.ts's signatures). */
export interface CnnConvKernels {
  readonly kind: 'js' | 'wasm';
  conv3x3(inp: Float64Array, io: number, H: number, W: number, inC: number, KB: Float64Array, bias: Float64Array, outC: number, out: Float64Array, oo: number): void;
  conv3x3WeightGrad(inp: Float64Array, io: number, H: number, W: number, inC: number, dout: Float64Array, doo: number, outC: number, dK: Float64Array, db: Float64Array | null): void;
}

/** Makes the float64 arrays of one model's workspace. */
export type Alloc = (n: number) => Float64Array;

export const jsKernels: CnnConvKernels = { kind: 'js', conv3x3, conv3x3WeightGrad };

export const plainAlloc: Alloc = (n) => new Float64Array(n);

interface WasmExports {
  conv3x3(inp: number, H: number, W: number, inC: number, KB: number, bias: number, outC: number, out: number, pad: number): void;
  conv3x3WeightGrad(inp: number, H: number, W: number, inC: number, dout: number, outC: number, dK: number, db: number, pad: number): void;
}

let compiled: WebAssembly.Module | null = null;
let loading: Promise<boolean> | null = null;
let failure: string | null = null;

/** The module's location (a file: URL in Node, an asset URL of the page's origin in the browser). */
function wasmUrl(): URL {
  return new URL('./wasm/cnnKernels.wasm', import.meta.url);
}

async function readBytes(url: URL): Promise<ArrayBuffer | Uint8Array> {
  if (url.protocol === 'file:') {
    // Node: a specifier in a variable, so that bundlers leave it alone.
    const fsName = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ fsName)) as { readFile(u: URL): Promise<Uint8Array> };
    return fs.readFile(url);
  }
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url.pathname}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** Compiles the kernels once; resolves to whether models can use them (false: no WebAssembly SIMD, or not found). */
export function loadCnnWasm(): Promise<boolean> {
  if (!loading) {
    loading = (async () => {
      try {
        if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
        const bytes = await readBytes(wasmUrl());
        compiled = await WebAssembly.compile(bytes as BufferSource);
        return true;
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
        compiled = null;
        return false;
      }
    })();
  }
  return loading;
}

/** Installs already-read module bytes synchronously (benchmarks in a page without the app's asset server). */
export function installCnnWasm(bytes: BufferSource): boolean {
  try {
    compiled = new WebAssembly.Module(bytes);
    loading = Promise.resolve(true);
    failure = null;
    return true;
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    return false;
  }
}

/** Whether the wasm kernels are compiled and ready. */
export function cnnWasmReady(): boolean {
  return compiled !== null;
}

/** Why loading failed (null if it did not, or has not finished). */
export function cnnWasmFailure(): string | null {
  return failure;
}

const PAGE = 65536;
/** The first page is left to the module's own static data (it has none today). */
const RESERVED = PAGE;

/**
 * One model's memory and kernels: call `sizeOf(layout)` with a function that allocates the whole
 * workspace through the Alloc it is given, then `new WasmCnnKernels(bytes)`, then run the same
 * function with its `alloc`. Arrays are 16-byte aligned (f64x2 loads).
 */
export class WasmCnnKernels implements CnnConvKernels {
  readonly kind = 'wasm' as const;
  readonly memory: WebAssembly.Memory;
  private readonly ex: WasmExports;
  private next = RESERVED;
  private readonly end: number;
  private pad: Float64Array | null = null;

  /** Bytes an allocation sequence needs (with alignment), measured by running it on plain arrays. */
  static sizeOf(layout: (alloc: Alloc) => void): number {
    let bytes = 0;
    layout((n) => {
      bytes += Math.ceil((n * 8) / 16) * 16;
      return new Float64Array(n);
    });
    return bytes;
  }

  constructor(bytes: number, padValues: number) {
    if (!compiled) throw new Error('the WebAssembly kernels are not loaded (loadCnnWasm)');
    const total = RESERVED + bytes + Math.ceil((padValues * 8) / 16) * 16;
    this.memory = new WebAssembly.Memory({ initial: Math.ceil(total / PAGE) });
    this.end = this.memory.buffer.byteLength;
    const inst = new WebAssembly.Instance(compiled, { env: { memory: this.memory } });
    this.ex = inst.exports as unknown as WasmExports;
    this.pad = this.alloc(padValues);
  }

  /** A zeroed view of n float64 values in this model's memory. */
  alloc: Alloc = (n) => {
    const size = Math.ceil((n * 8) / 16) * 16;
    if (this.next + size > this.end) throw new Error('WasmCnnKernels: workspace larger than its measured size');
    const view = new Float64Array(this.memory.buffer, this.next, n);
    this.next += size;
    return view;
  };

  private ptr(a: Float64Array, offset: number): number {
    if (a.buffer !== this.memory.buffer) throw new Error('WasmCnnKernels: an array outside the model memory');
    return a.byteOffset + offset * 8;
  }

  conv3x3(inp: Float64Array, io: number, H: number, W: number, inC: number, KB: Float64Array, bias: Float64Array, outC: number, out: Float64Array, oo: number): void {
    this.ex.conv3x3(this.ptr(inp, io), H, W, inC, this.ptr(KB, 0), this.ptr(bias, 0), outC, this.ptr(out, oo), this.ptr(this.pad!, 0));
  }

  conv3x3WeightGrad(inp: Float64Array, io: number, H: number, W: number, inC: number, dout: Float64Array, doo: number, outC: number, dK: Float64Array, db: Float64Array | null): void {
    this.ex.conv3x3WeightGrad(this.ptr(inp, io), H, W, inC, this.ptr(dout, doo), outC, this.ptr(dK, 0), db ? this.ptr(db, 0) : 0, this.ptr(this.pad!, 0));
  }
}
