import { LinkIcon, PresentIcon, TourIcon } from '../page/icons';
import { copyLink } from './pageLink';
import { useTeach } from './viewStore';

/**
 * Top-bar buttons: the guided tour, copy a link to this exact state, presentation mode on/off,
 * the keyboard help. Each has an SVG icon and a label; where the bar is short of room (layout
 * CSS, src/common/page/fit.css) only the icon shows, and the name stays in aria-label and title.
 */
export function ShareButtons() {
  const status = useTeach((s) => s.shareStatus);
  const present = useTeach((s) => s.present);
  const touring = useTeach((s) => s.tourStep !== null);
  return (
    <div className="share-buttons">
      <button
        className="btn icon-btn"
        data-testid="tour-start"
        aria-label="Guided tour"
        aria-pressed={touring}
        onClick={() => useTeach.setState({ tourStep: 0, helpOpen: false })}
        title="A short guided tour of the paper's story (N)"
      >
        <TourIcon />
        <span className="label">Tour</span>
      </button>
      <button className="btn icon-btn" data-testid="copy-link" aria-label="Copy link" onClick={() => void copyLink()} title="Copy a link that opens this page with every setting as it is now">
        <LinkIcon />
        <span className="label">Copy link</span>
      </button>
      <button
        className="btn icon-btn"
        data-testid="present-toggle"
        aria-pressed={present}
        aria-label={present ? 'Exit presentation' : 'Present'}
        onClick={() => useTeach.setState({ present: !present })}
        title="Presentation mode: large type, high contrast (P). The link keeps it."
      >
        <PresentIcon />
        <span className="label">{present ? 'Exit presentation' : 'Present'}</span>
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
