import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startLecture } from '../common/lecture/startLecture';
import { faultsEnabled } from '../common/page/faults/pageFaults';
import { once, takePreset } from '../common/page/preset';
import { App } from './page/App';
import { loadLinkAndSync } from './page/share/linkSync';
import { toyLab, useToyLab } from './page/state/store';
import './page/styles.css';
import './page/layout.css';
import { startEngine } from './page/client';
import { isBackend } from './contract/runSettings';
import { aliasDatasetKey } from './page/lecture/address';
import { TOY_EMBED_PANELS } from './page/lecture/embedPanels';
import './page/lecture/embed.css';

// Theme, embed mode, service worker (issue 15): before anything renders.
startLecture(TOY_EMBED_PANELS);
const root = document.getElementById('root');
if (!root) throw new Error('PAG Lab: #root element missing from index.html');

// ?backend=webgpu|webgl|wasm|cpu forces the engine's first choice (it still falls back if that fails).
const asked = new URLSearchParams(window.location.search).get('backend');
const backend = asked !== null && isBackend(asked) ? asked : null;

// ?preset=figure3: taken out of the address before the link is read (src/common/page/preset.ts).
const preset = takePreset(['figure3'] as const);
// The link's settings first (?seed=...&lr=...; src/toy/page/share/urlState.ts), so the first run uses them.
aliasDatasetKey();
loadLinkAndSync();

// The engine starts outside React, before the first render (and again on "Restart the engine").
// ?engine=fused|tfjs: where the toy MLP trains (default: fused, unless a backend is named).
const engineAsked = new URLSearchParams(window.location.search).get('engine');
const trainingEngine = engineAsked === 'fused' || engineAsked === 'tfjs' ? engineAsked : undefined;
// ?faults=1: a button that kills the GPU backend mid-run, to show the recovery (README).
toyLab.start(() => startEngine(toyLab.receive, toyLab.fatal), backend, trainingEngine, { faults: faultsEnabled(window.location.search) });
// Reproduce Figure 3 from the link: as the button does, once the first models are there.
if (preset.name === 'figure3') once(useToyLab, (s) => s.status === 'ready' && !!s.session, () => toyLab.reproduceFigure3());
const addressProblems = [
  preset.error ?? '',
  asked !== null && backend === null ? `Unknown backend "${asked}" in the address (use webgpu, webgl, wasm or cpu); choosing automatically.` : '',
  engineAsked !== null && trainingEngine === undefined ? `Unknown training engine "${engineAsked}" in the address (use fused or tfjs); choosing automatically.` : '',
].filter(Boolean);
// One banner: after the link's own message (if any), not instead of it.
if (addressProblems.length) toyLab.showError([useToyLab.getState().error?.message, ...addressProblems].filter(Boolean).join(' '));

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
