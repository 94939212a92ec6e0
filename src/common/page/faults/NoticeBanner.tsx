import './notice.css';

/**
 * A notice that is not an error (a backend switch, a pause while the tab was hidden): plain text
 * (React escapes it), polite to screen readers, dismissable. Both labs render it under their
 * error banner.
 */
export function NoticeBanner({ notice, onDismiss }: { notice: { message: string; seq: number } | null; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <div className="notice" role="status" data-testid="notice" key={notice.seq}>
      <span className="msg">{notice.message}</span>
      <button onClick={onDismiss} aria-label="Dismiss the notice" title="Dismiss">
        ×
      </button>
    </div>
  );
}

/** With `?faults=1`: kills the engine's GPU backend for real, to show (and test) the recovery. */
export function FaultButton({ onInject }: { onInject: () => void }) {
  return (
    <button className="btn small" data-testid="inject-fault" onClick={onInject} title="Destroys the WebGPU device or loses the WebGL context (?faults=1)">
      Break the GPU backend
    </button>
  );
}
