/** The Toy Lab's settings in the address bar: its link table (urlState.ts) wired to its store. */
import { toyLab, useToyLab } from '../state/store';
import { startLinkSync } from '../../../common/share/pageLink';
import { TOY_LINK } from './urlState';

/** Applies the address bar's state, reports what could not be used, and starts syncing. */
export function loadLinkAndSync(): void {
  startLinkSync({
    spec: TOY_LINK,
    values: () => useToyLab.getState().settings,
    apply: (settings) => useToyLab.setState({ settings }),
    showError: (message) => toyLab.showError(message),
    subscribe: (onChange) =>
      useToyLab.subscribe((s, prev) => {
        if (s.settings !== prev.settings) onChange();
      }),
  });
}
