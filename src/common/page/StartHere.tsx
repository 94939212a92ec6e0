import { useState, type ReactNode } from 'react';
import { CloseIcon } from './icons';

const KEY = 'pag-lab-start-here';

function seen(): boolean {
  try {
    return localStorage.getItem(KEY) === 'seen';
  } catch {
    return false;
  }
}

/**
 * One line under the top bar on a first visit: the first thing to do. Gone once dismissed (this
 * browser remembers), and never in presentation mode (CSS).
 */
export function StartHere({ children }: { children: ReactNode }) {
  const [hidden, setHidden] = useState(seen);
  if (hidden) return null;
  const dismiss = () => {
    try {
      localStorage.setItem(KEY, 'seen');
    } catch {
      // Storage refused (private mode): hide it for this page only.
    }
    setHidden(true);
  };
  return (
    <section className="start-here" aria-label="Start here" data-testid="start-here">
      <span className="msg">
        <b>Start here:</b> {children}
      </span>
      <button className="dismiss" data-testid="start-here-close" onClick={dismiss} aria-label="Hide this line" title="Hide this line">
        <CloseIcon />
      </button>
    </section>
  );
}
