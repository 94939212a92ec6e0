import { cifarLab, useCifarLab } from '../state/store';

/** The one place errors are shown: plain text (React escapes it), dismissable, never blocking. */
export function ErrorBanner() {
  const error = useCifarLab((s) => s.error);
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error-message" key={error.seq}>
      <span className="msg">{error.message}</span>
      <button onClick={() => cifarLab.dismissError()} aria-label="Dismiss the message" title="Dismiss">
        ×
      </button>
    </div>
  );
}
