import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { create } from 'zustand';
import { CloseIcon } from '../page/icons';

/** Whether the math drawer is open (one per page: every panel's "The math" opens the same one). */
export const useMathDrawer = create<{ open: boolean }>()(() => ({ open: false }));

export const openMath = () => useMathDrawer.setState({ open: true });
export const closeMath = () => useMathDrawer.setState({ open: false });

/**
 * Where the drawer's top goes: under the top bar while the bar is on screen, so that none of its
 * controls is covered (Present, the tour, Play stay usable with the math open); at the window's top
 * once the page has scrolled the bar away. Followed as the page scrolls and the bar changes height.
 */
function useUnderTopBar(open: boolean): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    if (!open) return;
    const bar = document.querySelector('.topbar');
    const update = () => setTop(bar ? Math.max(0, Math.ceil(bar.getBoundingClientRect().bottom)) : 0);
    update();
    window.addEventListener('scroll', update, { passive: true });
    window.addEventListener('resize', update);
    const seen = typeof ResizeObserver === 'undefined' || !bar ? null : new ResizeObserver(update);
    if (bar) seen?.observe(bar);
    return () => {
      window.removeEventListener('scroll', update);
      window.removeEventListener('resize', update);
      seen?.disconnect();
    };
  }, [open]);
  return top;
}

/**
 * The lab's math in one place: a fixed-width column over the right edge of the page, under the
 * top bar, scrolling on its own, so opening it never resizes the plots (the panels under it keep
 * their sizes). Esc or the close button shuts it, and focus goes back where it was.
 */
export function MathDrawer({ math }: { math: ReactNode }) {
  const open = useMathDrawer((s) => s.open);
  const top = useUnderTopBar(open);
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
    <aside className="math-drawer" style={{ top }} role="dialog" aria-modal="false" aria-labelledby="math-drawer-title" data-testid="math-drawer">
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
