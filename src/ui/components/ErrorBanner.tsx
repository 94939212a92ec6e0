import { lab, useLab } from '../state/store';

/** The one place errors are shown: plain text (React escapes it), dismissable, never blocking. */
export function ErrorBanner() {
  const error = useLab((s) => s.error);
  const failed = useLab((s) => s.status === 'failed');
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error-message" key={error.seq}>
      <span className="msg">{error.message}</span>
      {failed && (
        <button className="btn small" onClick={() => lab.restartEngine()}>
          Restart the engine
        </button>
      )}
      <button onClick={() => lab.dismissError()} aria-label="Dismiss the message" title="Dismiss">
        ×
      </button>
    </div>
  );
}
