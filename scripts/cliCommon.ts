import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { selectBackend } from '../src/core/backend';
import { cnnWasmFailure, loadCnnWasm } from '../src/core/fast/cnnWasm';
import { setDefaultConvImpl } from '../src/core/models/conv';

/**
 * The Node CLI runs on the wasm backend (from the npm registry alone: no native download); the
 * fused CNN step on its WebAssembly SIMD kernels (src/core/fast/cnnWasm.ts), JS loops without them.
 */
export async function useNodeBackend(): Promise<void> {
  const simd = await loadCnnWasm();
  const require = createRequire(import.meta.url);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const choice = await selectBackend({ order: ['wasm', 'cpu'], wasmPath: wasmDir + path.sep });
  setDefaultConvImpl('matmul'); // wasm has no Conv2DBackpropFilter; cpu's conv2d is far slower
  process.stderr.write(`backend: ${choice.backend}${choice.fallbacks.map((f) => ` (${f.reason})`).join('')}\n`);
  process.stderr.write(`fused CNN step: ${simd ? 'WebAssembly SIMD kernels' : `JS loops (${cnnWasmFailure()})`}\n`);
}

let lastReported = '';

/** A progress line: rewritten in place on a terminal, one line per quarter otherwise. */
export function progressLine(prefix: string, method: string, done: number, total: number, phase: string): void {
  const pct = Math.floor((100 * done) / Math.max(total, 1));
  const line = `${prefix} ${method}: ${phase} ${pct}% (${done}/${total} steps)`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100)}`);
  else {
    const key = `${prefix} ${method} ${phase} ${Math.floor(pct / 25)}`;
    if (key !== lastReported) process.stderr.write(`${line}\n`);
    lastReported = key;
  }
}

/** Writes every file to a scratch folder first, then moves them in: nothing half-written in DIR. */
export function writeAll(out: string, files: Record<string, string | Uint8Array>): void {
  const parent = path.dirname(path.resolve(out));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, '.reproduce-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(tmp, name), content);
    fs.mkdirSync(out, { recursive: true });
    for (const name of Object.keys(files)) fs.renameSync(path.join(tmp, name), path.join(out, name));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** One file written whole or not at all (a scratch file beside it, then renamed). */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.partial-${process.pid}`;
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

export async function svgToPng(svg: string): Promise<Uint8Array | null> {
  try {
    const { Resvg } = await import('@resvg/resvg-js');
    return new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 } }).render().asPng();
  } catch {
    return null; // optional: the SVG is the figure
  }
}

export async function rgbaToPng(width: number, height: number, rgba: Uint8ClampedArray): Promise<Uint8Array> {
  const { PNG } = await import('pngjs');
  const png = new PNG({ width, height });
  png.data = Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  return PNG.sync.write(png);
}
