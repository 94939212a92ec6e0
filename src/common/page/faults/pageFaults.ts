/**
 * Page-side helpers shared by both labs for fault handling: the `?faults=1` switch, and the
 * page's visibility (a hidden tab pauses the engine and the page's own timers).
 */

/** `?faults=1` in the address turns on fault injection (a button that kills the GPU backend). */
export function faultsEnabled(search: string): boolean {
  return new URLSearchParams(search).get('faults') === '1';
}

export function pageHidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Calls `fn(hidden)` whenever the page is hidden or shown. Returns a function that stops. */
export function onPageVisibility(fn: (hidden: boolean) => void): () => void {
  if (typeof document === 'undefined') return () => undefined;
  const listener = () => fn(pageHidden());
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}

/**
 * setInterval that does not run while the page is hidden: a hidden tab must not burn the CPU
 * (browsers only slow page timers down, to once a second or a minute). Returns a function that
 * stops it for good.
 */
export function visibleInterval(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setInterval> | null = null;
  const sync = (hidden: boolean) => {
    if (hidden && timer !== null) {
      clearInterval(timer);
      timer = null;
    } else if (!hidden && timer === null) {
      timer = setInterval(fn, ms);
    }
  };
  sync(pageHidden());
  const stop = onPageVisibility(sync);
  return () => {
    stop();
    if (timer !== null) clearInterval(timer);
    timer = null;
  };
}

/**
 * Tells the engine whenever the page is hidden or shown (it pauses all its work meanwhile), and
 * calls `resumed` on return if there was work to pause (`busy()` when the page was hidden).
 */
export function pauseEngineWhileHidden(tell: (hidden: boolean) => void, busy: () => boolean, resumed: () => void): () => void {
  let paused = false;
  return onPageVisibility((hidden) => {
    tell(hidden);
    if (hidden) paused = busy();
    else if (paused) {
      paused = false;
      resumed();
    }
  });
}

/** The notice and fault-injection actions both labs' stores expose. */
export function faultActions(clearNotice: () => void, send: (command: { type: 'injectFault' }) => void, faults: () => boolean) {
  return {
    dismissNotice: clearNotice,
    /** With ?faults=1: kills the GPU backend under the run (the engine switches and carries on). */
    injectFault: () => send({ type: 'injectFault' }),
    faultsEnabled: faults,
  };
}

/** What the page says when it comes back after the engine paused for the hidden tab. */
export const HIDDEN_PAUSE_NOTICE = 'Paused while the tab was hidden; carrying on.';
