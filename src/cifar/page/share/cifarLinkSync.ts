/** The CIFAR Lab's state in the address bar: its link table (cifarLink.ts) wired to its store. */
import { startLinkSync } from '../../../common/share/pageLink';
import { cifarLab, useCifarLab } from '../state/store';
import type { CifarLabData } from '../state/types';
import { CIFAR_LINK, linkValuesOf, partsOf } from './cifarLink';

const linked = (s: CifarLabData) => [s.settings, s.tableRequest, s.galleryRequest, s.perturbationGain] as const;

/**
 * Applies the address bar's state and starts syncing. Call before the engine starts: the first
 * run is built from the settings in the store once the data has loaded.
 */
export function startCifarLinkSync(): void {
  startLinkSync({
    spec: CIFAR_LINK,
    values: () => {
      const s = useCifarLab.getState();
      return linkValuesOf(s.settings, s.tableRequest, s.galleryRequest, s.perturbationGain);
    },
    apply: (values) => useCifarLab.setState(partsOf(values)),
    showError: (message) => cifarLab.showError(message),
    subscribe: (onChange) =>
      useCifarLab.subscribe((s, prev) => {
        const [a, b] = [linked(s), linked(prev)];
        if (a.some((x, i) => x !== b[i])) onChange();
      }),
  });
}
