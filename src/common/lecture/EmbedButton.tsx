import { useState } from 'react';
import { embedCode, type EmbedChoice } from './embed';

/**
 * "Embed": an <iframe> snippet of this page with its state (the address bar follows the state),
 * in embed mode at 800x450, for a slide or a course page; the panels to show are chosen here.
 */
export function EmbedButton({ choices }: { choices: readonly EmbedChoice[] }) {
  const [open, setOpen] = useState(false);
  const [panels, setPanels] = useState<string[]>([choices[0].id]);
  const [copied, setCopied] = useState('');
  // In the lab's order, whatever order they were ticked in; none ticked: the lab's first.
  const chosen = choices.map((c) => c.id).filter((id) => panels.includes(id));
  const code = open ? embedCode(window.location.href, chosen.length ? chosen : [choices[0].id]) : '';
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
            {choices.map(({ id, label }) => (
              <label key={id} className="check inline">
                <input type="checkbox" data-testid={`embed-panel-${id}`} checked={panels.includes(id)} onChange={(e) => setPanels(e.target.checked ? [...panels, id] : panels.filter((q) => q !== id))} />
                {label}
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
