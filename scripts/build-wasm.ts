/** `npm run build:wasm`: rebuilds src/core/fast/wasm/cnnKernels.wasm from its AssemblyScript source (scripts/wasm/buildWasm.ts). */
import { compileCnnWasm, WASM_OUTPUT } from './wasm/buildWasm';

const bytes = await compileCnnWasm(true);
console.log(`${WASM_OUTPUT}: ${bytes.length} bytes`);
