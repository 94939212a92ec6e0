import { toyLab } from '../state/store';
import { teachShortcuts, type Shortcut } from '../../../common/teach/keys';
import { tour } from './toyTour';

/** The Toy Lab's keyboard shortcuts: one table, used by the key handler and the help overlay. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', what: 'Play / pause training', run: () => toyLab.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'One training step', run: () => toyLab.stepOnce() },
  { keys: ['r', 'R'], label: 'R', what: 'Reset: new models from the current settings', run: () => toyLab.reset() },
  { keys: ['a', 'A'], label: 'A', what: 'Attack both models (PGD)', run: () => toyLab.attack() },
  ...teachShortcuts(tour),
];
