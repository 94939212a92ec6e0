/**
 * The page side of linkVsSaved.ts, for both labs: what the page showed as it went away (kept in
 * sessionStorage, so a reload of this tab can tell "my own address" from a link opened here), the
 * link it was opened with (pageLink.ts), and the notice when the link wins.
 */
import { openedLink } from '../../share/pageLink';
import type { LinkSpec } from '../../share/linkCodec';
import { useTeach } from '../../share/viewStore';
import { chooseLastRun } from './linkVsSaved';

interface Shown {
  id: string | null;
  href: string;
}

/** Records, as the page goes away (reload, navigation, closing), which run was on screen at which address. */
export function rememberShownRun(key: string, currentId: () => string | null): () => void {
  const onHide = () => {
    try {
      sessionStorage.setItem(key, JSON.stringify({ id: currentId(), href: window.location.href } satisfies Shown));
    } catch {
      // Storage may be off; the settings comparison still decides.
    }
  };
  window.addEventListener('pagehide', onHide);
  return () => window.removeEventListener('pagehide', onHide);
}

/** Whether the page last showed run `id` at `href` (read as written above; anything else: no). */
function shownAt(key: string, id: string, href: string): boolean {
  try {
    const s = JSON.parse(sessionStorage.getItem(key) ?? 'null') as Partial<Shown> | null;
    return !!s && s.id === id && s.href === href;
  } catch {
    return false;
  }
}

/** The page was opened with a link that names settings (not only the view or the backend). */
export function linkCarriesSettings(): boolean {
  return (openedLink()?.decoded.fields.length ?? 0) > 0;
}

/**
 * Whether to reopen the last run (`saved`, in the link's form); if not, the link notice says
 * where that run is. `key`: the lab's sessionStorage key for rememberShownRun.
 */
export function reopenLastRun<S extends object>(spec: LinkSpec<S>, key: string, run: { id: string; name: string; saved: S }, runKeys: readonly (keyof S & string)[]): boolean {
  const link = openedLink<S>();
  const choice = chooseLastRun({ spec, link: link?.decoded ?? null, saved: run.saved, runKeys, reload: !!link && shownAt(key, run.id, link.href), name: run.name });
  if (choice.reopen) return true;
  useTeach.setState((s) => ({ notice: [s.notice, choice.notice].filter(Boolean).join(' ') }));
  return false;
}
