import { teachShortcuts, type Shortcut } from '../../../ui/teach/keys';
import { cifarLab } from '../state/store';
import { cifarTour } from './cifarTour';

/** The CIFAR Lab's keyboard shortcuts: one table, for the key handler and the help overlay. */
export const CIFAR_SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', what: 'Train / pause every model', run: () => cifarLab.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'One training step (of every model, or of a RIGD teacher)', run: () => cifarLab.step() },
  { keys: ['r', 'R'], label: 'R', what: 'Build / reset: new models from the settings', run: () => cifarLab.build() },
  { keys: ['e', 'E'], label: 'E', what: 'Evaluate every model (small Table 1)', run: () => cifarLab.evaluate() },
  { keys: ['g', 'G'], label: 'G', what: 'Run the large-ε targeted PGD gallery (Figure 4)', run: () => cifarLab.runGallery() },
  ...teachShortcuts(cifarTour),
];
