import { useState } from 'react';
import { WeightsUpload } from '../../../common/page/export/WeightsUpload';
import type { ModelKey } from '../../contract/protocol';
import { askEngine } from '../persist/engineRpc';
import { toyLab, useToyLab } from '../state/store';
import { downloadBlob, downloadText } from '../../../common/page/export/download';
import { ExportCard } from '../../../common/page/export/ExportCard';
import { resultsCsv, resultsOf } from './results';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Panels as SVG / PNG, results as JSON / CSV, trained weights down and up. */
export function ExportPanel() {
  const [status, setStatus] = useState('');
  const ready = useToyLab((s) => s.session !== null && s.status === 'ready');

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
      toyLab.showError(`The weights could not be exported: ${message(e)}`);
    }
  };

  return (
    <ExportCard
      heading="h3"
      status={status}
      onStatus={setStatus}
      onError={toyLab.showError}
      resultsFile="pag-lab-results"
      results={() => {
        const r = resultsOf(useToyLab.getState());
        return { json: r, csv: resultsCsv(r) };
      }}
      resultsIds={{ json: 'export-json', csv: 'export-csv' }}
    >
      <div className="row">
        Weights{' '}
        <button className="btn small" data-testid="weights-download" disabled={!ready} onClick={() => void downloadWeights()}>
          Download
        </button>
        <ToyWeightsUpload model="vanilla" onDone={setStatus} />
        <ToyWeightsUpload model="pag" onDone={setStatus} />
      </div>
    </ExportCard>
  );
}

/** One model's upload: the engine checks the files against the model's shape. */
function ToyWeightsUpload({ model, onDone }: { model: ModelKey; onDone: (s: string) => void }) {
  const ready = useToyLab((s) => s.session !== null && s.status === 'ready');
  const name = model === 'pag' ? 'PAG' : 'vanilla';
  const load = async (modelJson: string, weightsBin: Uint8Array, jsonName: string) => {
    toyLab.pause();
    await askEngine({ type: 'importWeights', model, modelJson, weightsBin });
    return `Loaded ${jsonName} into the ${name} model.`;
  };
  return <WeightsUpload label={`Upload ${name}`} testId={`weights-upload-${model}`} disabled={!ready} load={load} onStatus={onDone} onError={toyLab.showError} />;
}
