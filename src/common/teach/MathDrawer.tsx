import { useEffect, useRef, type ReactNode } from 'react';
import { create } from 'zustand';
import { CloseIcon } from '../page/icons';

/** Whether the math drawer is open (one per page: every panel's "The math" opens the same one). */
export const useMathDrawer = create<{ open: boolean }>()(() => ({ open: false }));

export const openMath = () => useMathDrawer.setState({ open: true });
export const closeMath = () => useMathDrawer.setState({ open: false });

/**
 * The lab's math in one place: a fixed-width column over the right edge of the page, scrolling
 * on its own, so opening it never resizes the plots (the panels under it keep their sizes). Esc or
 * the close button shuts it, and focus goes back where it was.
 */
export function MathDrawer({ math }: { math: ReactNode }) {
  const open = useMathDrawer((s) => s.open);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') closeMath();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, [open]);
  if (!open) return null;
  return (
    <aside className="math-drawer" role="dialog" aria-modal="false" aria-labelledby="math-drawer-title" data-testid="math-drawer">
      <div className="math-drawer-head">
        <h2 id="math-drawer-title">The math</h2>
        <button ref={close} className="btn small icon-btn" data-testid="math-close" onClick={closeMath} aria-label="Close the math" title="Close (Esc)">
          <CloseIcon />
        </button>
      </div>
      {/* Scrolls on its own: focusable, so the keyboard can scroll it too. */}
      <div className="math-drawer-body" tabIndex={0} role="region" aria-label="The math, scrolling">
        {math}
      </div>
    </aside>
  );
}
