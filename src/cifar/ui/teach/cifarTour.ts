import { createTour, type TourStep } from '../../../ui/teach/tourControl';

/** The CIFAR Lab's guided tour: the paper's CIFAR story, one control per step. */
export const CIFAR_TOUR: readonly TourStep[] = [
  {
    title: 'Load CIFAR-10',
    text: 'The lab reads the subset npm run data:cifar serves; or drop the official archive here. A run takes a few images per class from it.',
    target: '[data-testid="data-panel"]',
  },
  {
    title: 'Choose the models',
    text: 'Tick Vanilla and a PAG method (Nearest Neighbor is the paper’s main one). All models start from the same weights and see the same batches; press Build (or R) after a change.',
    target: '[data-testid="run-settings"]',
  },
  {
    title: 'Train vanilla and PAG',
    text: 'Press Train (or Space). The curves on the right show cross-entropy, the PAG term and accuracy; neither model ever sees an attacked image.',
    target: '[data-testid="play-pause"]',
  },
  {
    title: 'Look at the saliency maps',
    text: 'The input-gradients of the true class: a PAG model’s look like the object, a vanilla model’s like noise. That is what “perceptually aligned” means.',
    target: '[data-testid="saliency"]',
  },
  {
    title: 'Large-ε targeted PGD (Figure 4)',
    text: 'Pick a starting image and press Attack (or G): PGD pushes it towards every class. PAG models paint the target class; the vanilla one adds noise.',
    target: '[data-testid="gallery"]',
  },
  {
    title: 'Fill the table',
    text: 'Press Evaluate (or E): untargeted PGD-20 at L∞ 8/255 and L2 0.5 on the test subset. Vanilla falls near 0, PAG keeps some: robustness from aligned gradients alone.',
    target: '[data-testid="table"]',
  },
];

export const cifarTour = createTour(CIFAR_TOUR);
