import { useState } from 'react';
import { downloadBlob, downloadText } from '../../../common/page/export/download';
import { ExportCard } from '../../../common/page/export/ExportCard';
import { WeightsUpload } from '../../../common/page/export/WeightsUpload';
import type { MethodId } from '../../contract/settings';
import { SHORT_LABELS } from '../../contract/settings';
import { cifarRpc } from '../persist/engineRpc';
import { cifarLab, useCifarLab } from '../state/store';
import './keep.css';
import { cifarResultsCsv, cifarResultsOf } from './results';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Panels as SVG / PNG, results as JSON / CSV, each model's trained weights down and up. */
export function ExportPanel() {
  const [status, setStatus] = useState('');
  const [picked, setPicked] = useState<MethodId | ''>('');
  const models = useCifarLab((s) => s.models);
  const idle = useCifarLab((s) => s.session !== null && !s.preparing);
  const existing = models.filter((m) => m.exists).map((m) => m.method);
  const method = picked && existing.includes(picked) ? picked : (existing[0] ?? '');

  const downloadWeights = async () => {
    if (!method) return;
    try {
      const reply = await cifarRpc.ask({ type: 'exportWeights', method });
      if (reply.kind !== 'weights') return;
      downloadText(`${method}-model.json`, reply.files.modelJson, 'application/json');
      downloadBlob(`${method}-weights.bin`, new Blob([reply.files.weightsBin as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
      setStatus(`Downloaded the ${SHORT_LABELS[method]} model's weights (model.json + weights.bin).`);
    } catch (e) {
      cifarLab.showError(`The weights could not be exported: ${message(e)}`);
    }
  };

  const upload = async (modelJson: string, weightsBin: Uint8Array, jsonName: string) => {
    if (!method) throw new Error('Weights not loaded: no model exists yet.');
    cifarLab.pause();
    await cifarRpc.ask({ type: 'importWeights', method, modelJson, weightsBin });
    return `Loaded ${jsonName} into the ${SHORT_LABELS[method]} model.`;
  };

  return (
    <ExportCard
      heading="h2"
      status={status}
      onStatus={setStatus}
      onError={cifarLab.showError}
      resultsFile="pag-lab-cifar-results"
      results={() => {
        const r = cifarResultsOf(useCifarLab.getState());
        return { json: r, csv: cifarResultsCsv(r) };
      }}
      resultsIds={{ json: 'results-json', csv: 'results-csv' }}
    >
      <div className="row">
        <label>
          Weights of{' '}
          <select data-testid="weights-model" value={method} onChange={(e) => setPicked(e.target.value as MethodId)} disabled={existing.length === 0}>
            {existing.map((m) => (
              <option key={m} value={m}>
                {SHORT_LABELS[m]}
              </option>
            ))}
          </select>
        </label>{' '}
        <button className="btn small" data-testid="weights-download" disabled={!idle || !method} onClick={() => void downloadWeights()}>
          Download
        </button>
        <WeightsUpload label="Upload" testId="weights-upload" disabled={!idle || !method} load={upload} onStatus={setStatus} onError={cifarLab.showError} />
      </div>
    </ExportCard>
  );
}
