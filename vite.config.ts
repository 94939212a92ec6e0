import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Must equal WASM_PATH_BROWSER in src/core/wasmPath.ts (checked by e2e/common/shell.spec.ts). Not
// imported: Vite's future native config loader cannot resolve extensionless .ts imports.
const WASM_PATH_BROWSER = '/tfjs-wasm/';
const WASM_DIR = fileURLToPath(new URL('./node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));

/**
 * Ships the TensorFlow.js WASM backend binaries from node_modules under WASM_PATH_BROWSER
 * ('/tfjs-wasm/'), so the app never fetches them from a CDN (tfjs's default): emitted into dist/
 * at build time, served straight from node_modules by the dev server.
 */
function tfjsWasmAssets(): Plugin {
  const files = () => readdirSync(WASM_DIR).filter((f) => f.endsWith('.wasm'));
  const prefix = WASM_PATH_BROWSER.replace(/^\//, '');
  return {
    name: 'pag-lab:tfjs-wasm-assets',
    configureServer(server) {
      server.middlewares.use(WASM_PATH_BROWSER, (req, res, next) => {
        const name = (req.url ?? '').split('?')[0].replace(/^\//, '');
        if (!files().includes(name)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        createReadStream(join(WASM_DIR, name)).pipe(res);
      });
    },
    generateBundle() {
      const list = existsSync(WASM_DIR) ? files() : [];
      if (list.length === 0) this.error(`no .wasm files found in ${WASM_DIR}; run npm ci`);
      for (const name of list) {
        this.emitFile({ type: 'asset', fileName: `${prefix}${name}`, source: readFileSync(join(WASM_DIR, name)) });
      }
    },
  };
}

// Deliberately NOT cross-origin isolated (no COOP/COEP headers): in an isolated page tfjs-wasm
// picks its threaded build, whose pthread workers are made by stringifying minified bundle code
// and die with "ReferenceError: e is not defined" once Vite minifies it (tfjs issues #4107, #4539);
// the backend then hangs. Without isolation it uses the single-threaded SIMD build, which works.

// The built app (`vite preview`, which the end-to-end tests drive) also gets a Content Security
// Policy that forbids every other origin, so an accidental CDN or telemetry request fails loudly
// (a console error the e2e tests catch). Not applied to the dev server: the React plugin's HMR
// preamble is an inline script. 'wasm-unsafe-eval' allows WebAssembly compilation.
const csp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * The same policy as a <meta> tag in every built page, so the static files carry it whatever
 * server hosts them (the preview header above stays: meta CSP cannot say everything a header can).
 */
function cspMeta(): Plugin {
  return {
    name: 'pag-lab:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: csp }, injectTo: 'head-prepend' }],
  };
}

/**
 * Offline after the first visit (issue 15): a Workbox service worker, built only for production,
 * precaches every file of the build (app shell, workers, the tfjs .wasm files, the pretrained
 * models); the page registers it (src/common/lecture/offline.ts) and offers "Reload" when a new
 * version is waiting. Served CIFAR data (data/, added after the build) is not precached.
 */
const pwa = VitePWA({
  registerType: 'prompt',
  injectRegister: false,
  manifest: false,
  workbox: {
    globPatterns: ['**/*.{html,js,css,wasm,json,bin,woff2,woff,ttf,svg,png}'],
    globIgnores: ['data/**'],
    // The tfjs wasm binaries and the model weights are larger than Workbox's 2 MiB default.
    maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    // Links carry the state in the query string: /?seed=3 is the precached index.html.
    ignoreURLParametersMatching: [/.*/],
    navigateFallback: null,
    cleanupOutdatedCaches: true,
    clientsClaim: true,
  },
});

export default defineConfig({
  plugins: [react(), tfjsWasmAssets(), cspMeta(), pwa],
  worker: { format: 'es' },
  // Two pages: the Toy Lab (index.html) and the CIFAR Lab (cifar.html).
  build: {
    target: 'es2022',
    // Fonts (KaTeX's) stay files: the CSP's font-src 'self' refuses data: URLs; so does the fused
    // CNN step's .wasm (connect-src 'self' refuses fetching a data: URL).
    assetsInlineLimit: (file: string) => (/\.(woff2?|ttf|otf|eot|wasm)$/.test(file) ? false : undefined),
    rollupOptions: { input: { main: fileURLToPath(new URL('./index.html', import.meta.url)), cifar: fileURLToPath(new URL('./cifar.html', import.meta.url)) } },
  },
  // Do NOT add '@tensorflow/tfjs-backend-wasm' to optimizeDeps.exclude: unbundled, its CommonJS
  // wasm-out/*.worker.js fails to import in the dev server ("does not provide an export named
  // 'wasmWorkerContents'"). The .wasm files are found through setWasmPaths(WASM_PATH_BROWSER).
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true, headers: { 'Content-Security-Policy': csp } },
});
