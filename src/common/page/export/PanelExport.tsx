import { useState } from 'react';
import { downloadBlob, downloadText, fileSlug } from './download';
import { exportablePanels, panelSvg, svgToPng } from './panelImage';

/** A row to pick a panel of the page and save it as SVG or PNG, for either lab. */
export function PanelExport({ onStatus, onError }: { onStatus(s: string): void; onError(message: string): void }) {
  const [panels, setPanels] = useState<string[]>([]);
  const [panel, setPanel] = useState('');

  const refreshPanels = () => {
    const labels = exportablePanels().map((p) => p.label);
    setPanels(labels);
    if (!labels.includes(panel)) setPanel(labels[0] ?? '');
  };

  const exportPanel = async (kind: 'svg' | 'png') => {
    const all = exportablePanels();
    const p = all.find((x) => x.label === panel) ?? all[0];
    if (!p) return onError('There is no panel to export yet.');
    try {
      const img = await panelSvg(p.el);
      if (!img) return onError(`"${p.label}" has no picture to export.`);
      if (kind === 'svg') downloadText(`${fileSlug(p.label)}.svg`, img.svg, 'image/svg+xml');
      else downloadBlob(`${fileSlug(p.label)}.png`, await svgToPng(img));
      onStatus(`Exported ${p.label} as ${kind.toUpperCase()}.`);
    } catch (e) {
      onError(`The panel could not be exported: ${e instanceof Error ? e.message : String(e)}.`);
    }
  };

  return (
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
  );
}
