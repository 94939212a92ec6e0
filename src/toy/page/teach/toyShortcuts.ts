import { lab } from '../state/store';
import { teachShortcuts, type Shortcut } from '../../../common/teach/keys';
import { tour } from './toyTour';

/** The Toy Lab's keyboard shortcuts: one table, used by the key handler and the help overlay. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', what: 'Play / pause training', run: () => lab.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'One training step', run: () => lab.stepOnce() },
  { keys: ['r', 'R'], label: 'R', what: 'Reset: new models from the current settings', run: () => lab.reset() },
  { keys: ['a', 'A'], label: 'A', what: 'Attack both models (PGD)', run: () => lab.attack() },
  ...teachShortcuts(tour),
];
