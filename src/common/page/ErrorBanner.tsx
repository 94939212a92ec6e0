import type { ReactNode } from 'react';

/**
 * The one place a lab's errors are shown: plain text (React escapes it), dismissable, never
 * blocking. `children`: an extra action beside the message (the Toy Lab's "Restart the engine").
 */
export function ErrorBanner({ error, onDismiss, children }: { error: { message: string; seq: number } | null; onDismiss: () => void; children?: ReactNode }) {
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error-message" key={error.seq}>
      <span className="msg">{error.message}</span>
      {children}
      <button onClick={onDismiss} aria-label="Dismiss the message" title="Dismiss">
        ×
      </button>
    </div>
  );
}
