import { createTour, type TourStep } from '../../../common/teach/tourControl';
import { cifarLab, useCifarLab } from '../state/store';

const st = () => useCifarLab.getState();
/** Steps 2 on are about the live run: show it. */
const live = () => {
  if (st().view !== 'live') cifarLab.setView('live');
};

/** The CIFAR Lab's guided tour: the paper's CIFAR story, one control per step. */
export const CIFAR_TOUR: readonly TourStep[] = [
  {
    title: 'Start from the pretrained models',
    text: 'The page opens on models this project trained (vanilla and the PAG methods; Nearest Neighbor is the paper’s main one). Their Table 1 is computed here on the shipped sample: vanilla falls near 0 under attack, PAG keeps some, and clean accuracy hardly tells the models apart. Their Figure 4 attacks any sample image or your own.',
    target: '[data-testid="view-pretrained"]',
    keepClear: ['[data-testid="pretrained"]'],
    enter: () => {
      if (st().view !== 'pretrained') cifarLab.setView('pretrained');
    },
  },
  {
    title: 'Load CIFAR-10',
    text: 'To train live: the lab reads the subset npm run data:cifar serves; or drop the official archive here. A run takes a few images per class from it.',
    target: '[data-testid="data-panel"]',
    enter: live,
    action: { done: () => st().data.loaded !== null, waiting: 'Waiting for CIFAR-10 data (served by the app, or dropped here)…' },
  },
  {
    title: 'Choose the models',
    text: 'Tick Vanilla and a PAG method (Nearest Neighbor is the paper’s main one). All models start from the same weights and see the same batches; press Build (or R) after a change.',
    target: '[data-testid="run-settings"]',
    enter: live,
    action: { done: () => st().session !== null, doIt: () => cifarLab.build(), waiting: 'Waiting for the models to be built (Build models)…' },
  },
  {
    title: 'Train vanilla and PAG',
    text: 'Press Train (or Space). The curves on the right show cross-entropy, the PAG term and accuracy; neither model ever sees an attacked image.',
    target: '[data-testid="play-pause"]',
    enter: live,
    action: { done: () => (st().progress?.round ?? 0) > 0 || !!st().progress?.finished, doIt: () => cifarLab.play(), waiting: 'Waiting for the first training step…' },
  },
  {
    title: 'Look at the saliency maps',
    text: 'The input-gradients of the true class: a hint of alignment (a PAG model’s tend to follow the object). The paper defines perceptually aligned gradients by the next step, large-ε targeted PGD.',
    target: '[data-testid="saliency"]',
    enter: live,
  },
  {
    title: 'Large-ε targeted PGD (Figure 4)',
    text: 'The paper’s definition of PAG: pick a starting image and press Attack (or G); PGD with a large ε pushes it towards every class. PAG models paint the target class; the vanilla one adds noise.',
    target: '[data-testid="gallery"]',
    enter: live,
    action: { done: () => st().gallery.status === 'done', doIt: () => void (st().gallery.status !== 'running' && cifarLab.runGallery()), waiting: 'Waiting for the attack to finish…' },
  },
  {
    title: 'Fill the table',
    text: 'Press Evaluate (or E): untargeted PGD-20 at L∞ 8/255 and L2 0.5 on the test subset. Vanilla falls near 0, PAG keeps some: robustness from aligned gradients alone. Clean accuracy hardly tells the models apart; a few minutes of live training may show less than the pretrained table.',
    target: '[data-testid="table"]',
    enter: live,
    action: { done: () => st().table.result !== null, doIt: () => void (st().table.status !== 'running' && cifarLab.evaluate()), waiting: 'Waiting for the table…' },
  },
];

export const cifarTour = createTour(CIFAR_TOUR);
