/**
 * Connects a lab's link (a LinkSpec, linkCodec.ts) to its page: reads the address once at
 * start-up (before the engine starts, so the first run already uses the link's settings), then
 * keeps the address bar equal to the state on screen (history.replaceState: no new history
 * entries, no reload). Lab-independent: each lab says where its values live.
 */
import { absoluteLink, decodeWith, encodeWith, linkErrorMessage, linkNoticeMessage, type DecodedLink, type LinkSpec } from './linkCodec';
import { useTeach, viewOf } from './viewStore';

export interface PageLink<S extends object> {
  spec: LinkSpec<S>;
  /** The values on screen now. */
  values(): S;
  /** Puts a link's values on screen. */
  apply(values: S): void;
  /** Shows a sentence in the page's error banner. */
  showError(message: string): void;
  /** Calls `onChange` whenever one of the values may have changed. */
  subscribe(onChange: () => void): void;
}

let current: (() => string) | null = null;

/** The link the page was opened with (read once at start-up), for the reopening of the last run. */
export interface OpenedLink<S> {
  decoded: DecodedLink<S>;
  /** The address as it was opened. */
  href: string;
}
let opened: OpenedLink<object> | null = null;

/** The link this page was opened with; null before startLinkSync. The caller knows its lab's S. */
export function openedLink<S>(): OpenedLink<S> | null {
  return opened as unknown as OpenedLink<S> | null;
}

/** Applies the address bar's state, reports what could not be used, and starts syncing. */
export function startLinkSync<S extends object>(page: PageLink<S>): void {
  current = () => absoluteLink(encodeWith(page.spec, page.values(), viewOf(useTeach.getState())), page.spec.passThrough, window.location);
  const d = decodeWith(page.spec, window.location.search);
  opened = { decoded: d as unknown as DecodedLink<object>, href: window.location.href };
  if (d.recognised > 0 || d.unknown.length > 0) {
    page.apply(d.values);
    useTeach.setState({ ...d.view, notice: linkNoticeMessage(d) });
    const error = linkErrorMessage(d);
    if (error) page.showError(error);
  }
  let last = '';
  const write = () => {
    const url = currentLink();
    if (url === last) return;
    last = url;
    try {
      window.history.replaceState(window.history.state, '', url);
    } catch {
      // Some embedders forbid replaceState; the copy-link button still works.
    }
  };
  page.subscribe(write);
  useTeach.subscribe((s, prev) => {
    if (s.present !== prev.present || s.show !== prev.show || s.hide !== prev.hide) write();
  });
  // Only rewrite the address once something changes: a link that was opened stays as it was.
}

/** The link to the state on screen, on this page's own origin. */
export function currentLink(): string {
  return current ? current() : window.location.href;
}

/** Copies the link to the clipboard; says so (or shows the link to copy by hand). */
export async function copyLink(): Promise<void> {
  const url = currentLink();
  try {
    await navigator.clipboard.writeText(url);
    useTeach.setState({ shareStatus: 'Link copied' });
  } catch {
    useTeach.setState({ shareStatus: `Copy this link: ${url}` });
  }
  window.setTimeout(() => useTeach.setState({ shareStatus: null }), 4000);
}
