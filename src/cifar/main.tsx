import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startLecture } from '../common/lecture/startLecture';
import { isBackend } from './contract/settings';
import { faultsEnabled } from '../common/page/faults/pageFaults';
import { App } from './page/App';
import './page/cifar.css';
import './page/layout.css';
import { startCifarLinkSync } from './page/share/cifarLinkSync';
import { once, takePreset } from '../common/page/preset';
import { PRESETS, runTable1Preset } from './page/presets';
import { cifarLab, useCifarLab } from './page/state/store';
import { pretrainedUrl } from './page/state/pretrainedState';
import { openedLink } from '../common/share/pageLink';
import { RUN_KEYS } from './page/persist/runStore';
import { startCifarEngine } from './page/client';
import { CIFAR_EMBED_PANELS, LIVE_ONLY_PANELS } from './page/lecture/embedPanels';
import { embed } from '../common/lecture/embed';

// Theme, embed mode, service worker (issue 15): before anything renders.
startLecture(CIFAR_EMBED_PANELS);
const root = document.getElementById('root');
if (!root) throw new Error('PAG Lab CIFAR: #root element missing from cifar.html');

// ?backend=webgpu|webgl|wasm|cpu forces the engine's first choice (it still falls back if that fails).
const asked = new URLSearchParams(window.location.search).get('backend');
const backend = asked !== null && isBackend(asked) ? asked : null;

// ?preset=table1 (ui/presets.ts): taken out of the address before the link is read.
const preset = takePreset(PRESETS);
// The link's settings first: the first run is built from them once the data has loaded.
startCifarLinkSync();
// The page opens on the shipped pretrained models, unless the link names a run's settings or a
// preset: then on that run (a saved run reopened later shows itself too: autosave.ts).
const linkRun = openedLink<Record<string, unknown>>()?.decoded.fields.some((f) => (RUN_KEYS as string[]).includes(f)) ?? false;
if (linkRun || preset.name) cifarLab.setView('live', false);
// An embed of the live run's panels (saliency, charts) opens on the live run.
if (embed.on && embed.panels.some((p) => LIVE_ONLY_PANELS.includes(p))) cifarLab.setView('live', false);

// The engine starts outside React, once, before the first render; it then reads the served subset.
try {
  const engine = startCifarEngine(cifarLab.receive, cifarLab.fatal);
  // ?faults=1: a button that kills the GPU backend mid-run, to show the recovery (README).
  // Both relative to the page, so a deployment under a sub-path works.
  cifarLab.start(engine.send, backend, new URL('data/cifar10/', document.baseURI).href, {
    faults: faultsEnabled(window.location.search),
    pretrainedUrl: pretrainedUrl(document.baseURI),
  });
} catch (e) {
  cifarLab.fatal(`The engine could not start: ${e instanceof Error ? e.message : String(e)}.`);
}
// The preset starts once the first run is built on loaded data (or says that data is missing).
if (preset.name === 'table1') once(useCifarLab, (s) => (!!s.session && !s.preparing) || s.data.status === 'missing', runTable1Preset);
const addressProblems = [
  preset.error ?? '',
  asked !== null && backend === null ? `Unknown backend "${asked}" in the address (use webgpu, webgl, wasm or cpu); choosing automatically.` : '',
].filter(Boolean);
// One banner: after the link's own message (if any), not instead of it.
if (addressProblems.length) cifarLab.showError([useCifarLab.getState().error?.message, ...addressProblems].filter(Boolean).join(' '));

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
