/**
 * Where the browser build serves the TensorFlow.js WASM backend binaries
 * (tfjs-backend-wasm*.wasm). vite.config.ts copies them from
 * node_modules/@tensorflow/tfjs-backend-wasm/dist/ into dist/tfjs-wasm/ at build time and serves
 * them from node_modules in the dev server. Same origin only: pass this to `setWasmPaths`.
 */
export const WASM_PATH_BROWSER = '/tfjs-wasm/';
