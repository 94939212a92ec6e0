import { teachShortcuts, type Shortcut } from '../../../common/teach/keys';
import { cifarLab, useCifarLab } from '../state/store';
import { cifarTour } from './cifarTour';

const onPretrained = () => useCifarLab.getState().view === 'pretrained';

/** The CIFAR Lab's keyboard shortcuts: one table, for the key handler and the help overlay. */
export const CIFAR_SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], label: 'Space', what: 'Train / pause every model', run: () => cifarLab.togglePlay() },
  { keys: ['ArrowRight'], label: '→', what: 'One training step (of every model, or of a RIGD teacher)', run: () => cifarLab.step() },
  { keys: ['r', 'R'], label: 'R', what: 'Build / reset: new models from the settings', run: () => cifarLab.build() },
  // E and G act on the models on screen: the pretrained ones or the live run's.
  { keys: ['e', 'E'], label: 'E', what: 'Evaluate every model (Table 1)', run: () => (onPretrained() ? cifarLab.evaluatePretrained() : cifarLab.evaluate()) },
  { keys: ['g', 'G'], label: 'G', what: 'Run the large-ε targeted PGD gallery (Figure 4)', run: () => cifarLab.runGallery(onPretrained() ? 'pretrained' : 'live') },
  ...teachShortcuts(cifarTour),
];
