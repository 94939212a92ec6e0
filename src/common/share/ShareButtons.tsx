import { copyLink } from './pageLink';
import { useTeach } from './viewStore';

/** Top-bar buttons: copy a link to this exact state; presentation mode on/off. */
export function ShareButtons() {
  const status = useTeach((s) => s.shareStatus);
  const present = useTeach((s) => s.present);
  return (
    <div className="share-buttons">
      <button className="btn" data-testid="copy-link" onClick={() => void copyLink()} title="Copy a link that opens this page with every setting as it is now">
        🔗 Copy link
      </button>
      <button
        className="btn"
        data-testid="present-toggle"
        aria-pressed={present}
        onClick={() => useTeach.setState({ present: !present })}
        title="Presentation mode: large type, high contrast (P). The link keeps it."
      >
        {present ? 'Exit presentation' : 'Present'}
      </button>
      <button className="btn" data-testid="help-open" onClick={() => useTeach.setState({ helpOpen: true })} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        ?
      </button>
      <span className="share-status" role="status" data-testid="share-status">
        {status}
      </span>
    </div>
  );
}
