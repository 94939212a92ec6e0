import { useRef } from 'react';

export interface WeightsUploadProps {
  /** The button's text, e.g. "Upload PAG". */
  label: string;
  testId: string;
  disabled: boolean;
  /** Loads the files (the engine checks them against the model's shape); resolves with a status line. */
  load(modelJson: string, weightsBin: Uint8Array, jsonName: string): Promise<string>;
  onStatus(status: string): void;
  onError(message: string): void;
}

/** Two files picked (model.json + weights.bin) for one model, in either lab. */
export function WeightsUpload(p: WeightsUploadProps) {
  const input = useRef<HTMLInputElement>(null);
  const onFiles = async (files: FileList | null) => {
    const list = [...(files ?? [])];
    if (input.current) input.current.value = '';
    const json = list.find((f) => f.name.endsWith('.json'));
    const bin = list.find((f) => !f.name.endsWith('.json'));
    if (list.length !== 2 || !json || !bin) return p.onError('Weights not loaded: pick two files, a model.json and its weights.bin.');
    try {
      const [modelJson, bytes] = await Promise.all([json.text(), bin.arrayBuffer()]);
      p.onStatus(await p.load(modelJson, new Uint8Array(bytes), json.name));
    } catch (e) {
      p.onError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <label className="btn small file-pick" aria-disabled={p.disabled}>
      {p.label}
      <input
        ref={input}
        type="file"
        multiple
        accept=".json,.bin,application/json,application/octet-stream"
        data-testid={p.testId}
        disabled={p.disabled}
        onChange={(e) => void onFiles(e.target.files)}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
      />
    </label>
  );
}
