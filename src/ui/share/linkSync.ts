/**
 * Connects the URL codec to the page: reads the address once at start-up (before the engine
 * starts, so the first run already uses the link's settings), then keeps the address bar equal
 * to the state on screen (history.replaceState: no new history entries, no reload).
 */
import { lab, useLab } from '../state/store';
import { decodeLink, linkErrorMessage, linkNoticeMessage, linkOf } from './urlState';
import { useTeach, viewOf } from './viewStore';

/** Applies the address bar's state, reports what could not be used, and starts syncing. */
export function loadLinkAndSync(): void {
  const d = decodeLink(window.location.search);
  if (d.recognised > 0 || d.unknown.length > 0) {
    useLab.setState({ settings: d.settings });
    useTeach.setState({ ...d.view, notice: linkNoticeMessage(d) });
    const error = linkErrorMessage(d);
    if (error) lab.showError(error);
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
  useLab.subscribe((s, prev) => {
    if (s.settings !== prev.settings) write();
  });
  useTeach.subscribe((s, prev) => {
    if (s.present !== prev.present || s.show !== prev.show || s.hide !== prev.hide) write();
  });
  // Only rewrite the address once something changes: a link that was opened stays as it was.
}

/** The link to the state on screen, on this page's own origin. */
export function currentLink(): string {
  return linkOf({ settings: useLab.getState().settings, view: viewOf(useTeach.getState()) }, window.location);
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
