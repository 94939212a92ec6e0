import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { visibleInterval } from '../page/faults/pageFaults';
import { useTeach } from '../share/viewStore';
import { offScreen, placeBeside, placeWaiting, scrollToFit, type Box } from './tourPlace';
import type { Tour } from './tourControl';

const boxOf = (e: Element): Box => {
  const r = e.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height };
};
/** The boxes of what a step talks about besides its target (those rendered). */
const boxesOf = (selectors: readonly string[] = []) => selectors.flatMap((sel) => [...document.querySelectorAll(sel)].slice(0, 1).map(boxOf)).filter((b) => b.width > 0);
const reducedMotion = () => !!window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

/**
 * The tour's current step, beside the control it is about (never over it), with the highlight on
 * that control. A step that asks for an action waits for it: Next is off until it is done, and
 * "Do it for me" does it. (The button that starts the tour is in the top bar: ShareButtons.)
 */
export function TourCard({ tour }: { tour: Tour }) {
  const TOUR = tour.steps;
  const k = useTeach((s) => s.tourStep);
  const step = k === null ? null : TOUR[k];
  const card = useRef<HTMLElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);
  const [done, setDone] = useState(true);
  // The step's own set-up (e.g. the view that holds its target), once as it comes on screen.
  useEffect(() => {
    step?.enter?.();
  }, [step]);
  // The highlight, where the card goes, and whether the step's action is done: looked at again a
  // few times a second (the page scrolls, panels grow, training runs, a view switch renders the target).
  useLayoutEffect(() => {
    if (!step) return;
    let lit: Element | null = null;
    // Where the target was in the page (not the window) when it was last brought into view. It is
    // brought into view again when it is off screen and the page has been still for a moment, if
    // either the layout moved it since (a view switch, data loading above it: not the reader's
    // scrolling) or the scroll that was to bring it had no time to land (a smooth scroll cut
    // short, the page briefly too short to scroll that far: within the step's first 2 s).
    let fitted: { top: number; height: number } | null = null;
    const began = performance.now();
    let scrolledAt = 0;
    const layoutOf = (el: Element) => {
      const b = boxOf(el);
      return { top: b.top + window.scrollY, height: b.height };
    };
    const moved = (el: Element) => {
      if (!fitted) return true;
      const now = layoutOf(el);
      const t = performance.now();
      if (t - scrolledAt < 300) return false;
      return t - began < 2000 || Math.abs(now.top - fitted.top) > 1 || Math.abs(now.height - fitted.height) > 1;
    };
    const fit = (el: Element, size: { width: number; height: number }, view: { width: number; height: number }) => {
      fitted = layoutOf(el);
      const range = { up: window.scrollY, down: document.documentElement.scrollHeight - view.height - window.scrollY };
      const dy = scrollToFit(boxOf(el), size, view, boxesOf(step.keepClear), range);
      if (Math.abs(dy) >= 1) window.scrollBy({ top: dy, behavior: reducedMotion() ? 'auto' : 'smooth' });
    };
    const update = () => {
      setDone(step.action ? step.action.done() : true);
      const el = document.querySelector(step.target);
      const c = card.current;
      const view = { width: window.innerWidth, height: window.innerHeight };
      const size = c ? { width: c.offsetWidth, height: c.offsetHeight } : null;
      if (el !== lit) {
        lit?.classList.remove('tour-highlight');
        el?.classList.add('tour-highlight');
        lit = el;
        // A target off screen (or with no free place beside it on screen) comes into view, with
        // room for the card beside it: smoothly, unless the reader asks for less motion.
        if (el && size) fit(el, size, view);
      } else if (el && size && (!fitted || offScreen(boxOf(el), view)) && moved(el)) {
        fit(el, size, view);
      }
      if (el && !el.classList.contains('tour-highlight')) {
        // React set the element's className again (its own state changed): highlight it again.
        el.classList.add('tour-highlight');
      }
      if (!c || !size) return;
      // No target yet (it appears after an action or a view switch): a fixed place meanwhile,
      // centred under the top bar, rather than a corner over some panel.
      const bar = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
      const avoid = boxesOf(step.keepClear).filter((a) => a.top + a.height > 0 && a.top < view.height);
      const next = el ? placeBeside(boxOf(el), size, view, avoid) : placeWaiting(size, view, bar);
      setPos((p) => (p && p.left === next.left && p.top === next.top ? p : next));
    };
    // Only the page's own scrolling counts as "not still" (a panel scrolling inside it does not).
    const onScroll = (e: Event) => {
      if (e.target === document || e.target === document.documentElement) scrolledAt = performance.now();
      update();
    };
    update();
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', update);
    const stop = visibleInterval(update, 250);
    return () => {
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', update);
      stop();
      lit?.classList.remove('tour-highlight');
    };
  }, [step]);
  // As the tour starts, focus goes to its card (keys then act on the page, not on the top bar's
  // button), once the card is placed (a hidden card cannot take focus).
  const started = k !== null;
  const placed = pos !== null;
  useEffect(() => {
    if (started && placed) card.current?.focus({ preventScroll: true });
  }, [started, placed]);
  if (k === null || !step) return null;
  const last = k === TOUR.length - 1;
  const action = step.action;
  const waits = !!action && !done;
  const blocked = waits && !!action.doIt;
  return (
    <section
      ref={card}
      className="tour-card"
      aria-label="Guided tour"
      aria-live="polite"
      data-testid="tour-card"
      tabIndex={-1}
      data-step={k}
      data-waiting={waits ? 'true' : 'false'}
      style={pos ? { left: pos.left, top: pos.top } : { visibility: 'hidden' }}
    >
      <div className="tour-count">
        Step {k + 1} of {TOUR.length}
      </div>
      <h2>{step.title}</h2>
      <p>{step.text}</p>
      {waits && (
        <p className="tour-waiting" data-testid="tour-waiting">
          {action.waiting}
        </p>
      )}
      <div className="tour-buttons">
        <button className="btn small" onClick={() => tour.back()} disabled={k === 0}>
          Back
        </button>
        <button className="btn small" data-testid="tour-skip" onClick={() => tour.end()}>
          Skip tour
        </button>
        {last && (
          <button className="btn small" data-testid="tour-replay" onClick={() => tour.start()}>
            Replay
          </button>
        )}
        {waits && action.doIt && (
          <button className="btn small" data-testid="tour-do" onClick={() => action.doIt?.()}>
            Do it for me
          </button>
        )}
        <button className="btn small primary" data-testid="tour-next" onClick={() => tour.next()} disabled={blocked} title={blocked ? 'Do the step first (or press “Do it for me”)' : undefined}>
          {last ? 'Finish' : 'Next (N)'}
        </button>
      </div>
    </section>
  );
}
