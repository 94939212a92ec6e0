import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { lab } from './ui/state/store';
import './ui/styles.css';
import { startEngine } from './worker/client';
import { isBackend } from './worker/runSettings';

const root = document.getElementById('root');
if (!root) throw new Error('PAG Lab: #root element missing from index.html');

// ?backend=webgpu|webgl|wasm|cpu forces the engine's first choice (it still falls back if that fails).
const asked = new URLSearchParams(window.location.search).get('backend');
const backend = asked !== null && isBackend(asked) ? asked : null;

// The engine starts outside React, before the first render (and again on "Restart the engine").
lab.start(() => startEngine(lab.receive, lab.fatal), backend);
if (asked !== null && backend === null) {
  lab.showError(`Unknown backend "${asked}" in the address (use webgpu, webgl, wasm or cpu); choosing automatically.`);
}

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
