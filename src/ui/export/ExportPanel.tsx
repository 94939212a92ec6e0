import { useRef, useState } from 'react';
import type { ModelKey } from '../../worker/protocol';
import { askEngine } from '../persist/engineRpc';
import { lab, useLab } from '../state/store';
import { downloadBlob, downloadText, fileSlug } from './download';
import { exportablePanels, panelSvg, svgToPng } from './panelImage';
import { resultsCsv, resultsOf } from './results';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Panels as SVG / PNG, results as JSON / CSV, trained weights down and up. */
export function ExportPanel() {
  const [panels, setPanels] = useState<string[]>([]);
  const [panel, setPanel] = useState('');
  const [status, setStatus] = useState('');
  const ready = useLab((s) => s.session !== null && s.status === 'ready');

  const refreshPanels = () => {
    const labels = exportablePanels().map((p) => p.label);
    setPanels(labels);
    if (!labels.includes(panel)) setPanel(labels[0] ?? '');
  };

  const exportPanel = async (kind: 'svg' | 'png') => {
    const all = exportablePanels();
    const p = all.find((x) => x.label === panel) ?? all[0];
    if (!p) return lab.showError('There is no panel to export yet.');
    const img = panelSvg(p.el);
    if (!img) return lab.showError(`"${p.label}" has no picture to export.`);
    try {
      if (kind === 'svg') downloadText(`${fileSlug(p.label)}.svg`, img.svg, 'image/svg+xml');
      else downloadBlob(`${fileSlug(p.label)}.png`, await svgToPng(img));
      setStatus(`Exported ${p.label} as ${kind.toUpperCase()}.`);
    } catch (e) {
      lab.showError(`The panel could not be exported: ${message(e)}.`);
    }
  };

  const exportResults = (kind: 'json' | 'csv') => {
    const r = resultsOf(useLab.getState());
    if (kind === 'json') downloadText('pag-lab-results.json', JSON.stringify(r, null, 2), 'application/json');
    else downloadText('pag-lab-results.csv', resultsCsv(r), 'text/csv');
    setStatus(`Exported the results as ${kind.toUpperCase()}.`);
  };

  const downloadWeights = async () => {
    try {
      const reply = await askEngine({ type: 'exportWeights' });
      if (reply.kind !== 'weights') return;
      for (const k of ['vanilla', 'pag'] as const) {
        downloadText(`${k}-model.json`, reply.files[k].modelJson, 'application/json');
        downloadBlob(`${k}-weights.bin`, new Blob([reply.files[k].weightsBin as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      }
      setStatus('Downloaded both models’ weights (model.json + weights.bin each).');
    } catch (e) {
      lab.showError(`The weights could not be exported: ${message(e)}`);
    }
  };

  return (
    <section className="card export-panel" aria-label="Export" data-export-skip data-testid="export-panel">
      <h3>Export</h3>
      <div className="row">
        <label>
          Panel{' '}
          <select data-testid="export-panel-select" value={panel} onFocus={refreshPanels} onMouseDown={refreshPanels} onChange={(e) => setPanel(e.target.value)}>
            {(panels.length ? panels : exportablePanels().map((p) => p.label)).map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <button className="btn small" data-testid="export-svg" onClick={() => void exportPanel('svg')}>
          SVG
        </button>
        <button className="btn small" data-testid="export-png" onClick={() => void exportPanel('png')}>
          PNG
        </button>
      </div>
      <div className="row">
        Results{' '}
        <button className="btn small" data-testid="export-json" onClick={() => exportResults('json')}>
          JSON
        </button>
        <button className="btn small" data-testid="export-csv" onClick={() => exportResults('csv')}>
          CSV
        </button>
      </div>
      <div className="row">
        Weights{' '}
        <button className="btn small" data-testid="weights-download" disabled={!ready} onClick={() => void downloadWeights()}>
          Download
        </button>
        <WeightsUpload model="vanilla" onDone={setStatus} />
        <WeightsUpload model="pag" onDone={setStatus} />
      </div>
      <div className="hint" data-testid="export-status" aria-live="polite">
        {status}
      </div>
    </section>
  );
}

/** Two files picked (model.json + weights.bin), checked against the model's shape by the engine. */
function WeightsUpload({ model, onDone }: { model: ModelKey; onDone: (s: string) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const ready = useLab((s) => s.session !== null && s.status === 'ready');
  const onFiles = async (files: FileList | null) => {
    const list = [...(files ?? [])];
    if (input.current) input.current.value = '';
    const json = list.find((f) => f.name.endsWith('.json'));
    const bin = list.find((f) => !f.name.endsWith('.json'));
    if (list.length !== 2 || !json || !bin) return lab.showError('Weights not loaded: pick two files, a model.json and its weights.bin.');
    try {
      const [modelJson, bytes] = await Promise.all([json.text(), bin.arrayBuffer()]);
      lab.pause();
      await askEngine({ type: 'importWeights', model, modelJson, weightsBin: new Uint8Array(bytes) });
      onDone(`Loaded ${json.name} into the ${model === 'pag' ? 'PAG' : 'vanilla'} model.`);
    } catch (e) {
      lab.showError(message(e));
    }
  };
  return (
    <label className="btn small file-pick" aria-disabled={!ready}>
      Upload {model === 'pag' ? 'PAG' : 'vanilla'}
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.bin,application/json,application/octet-stream"
        data-testid={`weights-upload-${model}`}
        disabled={!ready}
        onChange={(e) => void onFiles(e.target.files)}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
      />
    </label>
  );
}
