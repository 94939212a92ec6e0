import { useState } from 'react';
import { embedCode, EMBED_PANELS, type EmbedPanel } from './embed';

const LABELS: Record<EmbedPanel, string> = { boundary: 'boundary plots', charts: 'training charts' };

/**
 * "Embed": an <iframe> snippet of this page with its state (the address bar follows the state),
 * in embed mode at 800x450, for a slide or a course page; the panels to show are chosen here.
 */
export function EmbedButton() {
  const [open, setOpen] = useState(false);
  const [panels, setPanels] = useState<EmbedPanel[]>(['boundary']);
  const [copied, setCopied] = useState('');
  const code = open ? embedCode(window.location.href, panels.length ? panels : ['boundary']) : '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied('Copied.');
    } catch {
      setCopied('Select the text and copy it.');
    }
  };
  return (
    <div className="embed-box">
      <button className="btn lecture-btn" data-testid="embed-open" aria-expanded={open} onClick={() => setOpen(!open)} title="Code to embed this view in a slide or a web page (an iframe, 800x450)" aria-label="Embed code">
        &lt;/&gt;
      </button>
      {open && (
        <div className="embed-dialog card" role="dialog" aria-label="Embed code" data-testid="embed-dialog">
          <fieldset>
            <legend>Show</legend>
            {EMBED_PANELS.map((p) => (
              <label key={p} className="check inline">
                <input type="checkbox" checked={panels.includes(p)} onChange={(e) => setPanels(e.target.checked ? [...panels, p] : panels.filter((q) => q !== p))} />
                {LABELS[p]}
              </label>
            ))}
          </fieldset>
          <textarea readOnly aria-label="Embed code" data-testid="embed-code" value={code} rows={4} onFocus={(e) => e.currentTarget.select()} />
          <div className="embed-actions">
            <button className="btn" data-testid="embed-copy" onClick={() => void copy()}>
              Copy code
            </button>
            <span role="status">{copied}</span>
            <button className="btn" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
