import { useEffect, useRef } from 'react';
import { useTeach } from '../share/viewStore';
import type { Shortcut } from './keys';

/** The keyboard help ("?" opens it, Esc or the button closes it). */
export function HelpOverlay({ shortcuts }: { shortcuts: readonly Shortcut[] }) {
  const open = useTeach((s) => s.helpOpen);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, [open]);
  if (!open) return null;
  return (
    <div className="overlay" onClick={() => useTeach.setState({ helpOpen: false })}>
      <div className="help" role="dialog" aria-modal="true" aria-labelledby="help-title" data-testid="help-overlay" onClick={(e) => e.stopPropagation()}>
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {shortcuts.map((s) => (
              <tr key={s.label}>
                <td>
                  <kbd>{s.label}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">Shortcuts do nothing while a text field or menu has focus.</p>
        <button ref={close} className="btn" data-testid="help-close" onClick={() => useTeach.setState({ helpOpen: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
