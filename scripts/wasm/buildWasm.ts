/**
 * Compiles the fused CNN step's AssemblyScript kernels (src/core/fast/wasm/assembly/cnn.ts) into
 * src/core/fast/wasm/cnnKernels.wasm with the compiler from the npm registry (`assemblyscript`, a
 * dev dependency). The .wasm is committed, so neither the app's build nor the tests need this
 * step; test/unit/cnnWasm.test.ts compiles the source again in memory and fails if the committed
 * bytes differ (run `npm run build:wasm` after editing the source).
 */
import asc from 'assemblyscript/asc';

export const WASM_SOURCE = 'src/core/fast/wasm/assembly/cnn.ts';
export const WASM_OUTPUT = 'src/core/fast/wasm/cnnKernels.wasm';

/** asc's arguments: SIMD, memory from the JS side (sized per model), no runtime, no aborts. */
export const ASC_ARGS = [WASM_SOURCE, '-O3', '--enable', 'simd', '--importMemory', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--outFile', WASM_OUTPUT];

/** Compiles the kernels; returns the module's bytes (written to WASM_OUTPUT only if `write`). */
export async function compileCnnWasm(write: boolean): Promise<Uint8Array> {
  let bytes: Uint8Array | null = null;
  const { error, stderr } = await asc.main(ASC_ARGS, {
    writeFile(name: string, contents: string | Uint8Array) {
      if (name.endsWith('.wasm') && typeof contents !== 'string') bytes = contents;
    },
  });
  if (error) throw new Error(`asc: ${error.message}\n${stderr.toString()}`);
  if (!bytes) throw new Error('asc wrote no .wasm');
  if (write) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(WASM_OUTPUT, bytes);
  }
  return bytes;
}
