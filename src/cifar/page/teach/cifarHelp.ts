import type { PanelHelp } from '../../../common/teach/panelHelp';

/**
 * "What you see / what to try" for each panel of the CIFAR Lab, found by markup the panels
 * already render (so they need not know about the teaching layer).
 */
export const CIFAR_HELP: readonly PanelHelp[] = [
  {
    id: 'pretrained',
    selector: '[data-testid="pretrained"]',
    see: 'Models this project trained and ships with the page, with how they were made (from their manifest). Nearest Neighbor is the paper’s main method.',
    tryIt: 'Read their Table 1 below: vanilla falls near 0 under attack, PAG keeps some, while clean accuracy hardly tells the models apart. Then attack a sample image in Figure 4, or upload your own.',
  },
  {
    id: 'pretrained-table',
    selector: '[data-testid="pretrained-table"]',
    see: 'Table 1 of the pretrained models, computed in this browser on the shipped sample (n stated), beside the figures on the full test set from their manifest and the paper’s.',
    tryIt: 'Compare the L2 column: vanilla falls near 0, PAG keeps some. Compare the clean column too: it hardly tells the models apart.',
    math: true,
  },
  {
    id: 'data',
    selector: '[data-testid="data-panel"]',
    see: 'Which CIFAR-10 images the lab holds: the subset npm run data:cifar serves, or the files you picked. Runs take a small class-balanced subset of it.',
    tryIt: 'Drop the official cifar-10-binary.tar.gz here to use all of CIFAR-10; a bad file is reported and changes nothing.',
  },
  {
    id: 'settings',
    selector: '[data-testid="run-settings"]',
    see: 'What one run trains: the classes and images per class, and one model per ticked method. All start from the same weights and see the same batches; only the loss differs (Eq. 1).',
    tryIt: 'Tick Vanilla and one PAG method (Nearest Neighbor, NN, is the paper’s main method), press Build, then Train. Change λ or the seed and Reset.',
    math: true,
  },
  {
    id: 'gallery',
    selector: '[data-testid="gallery"]',
    see: 'Figure 4: from one image, targeted L2 PGD with a large ε towards every class, for every model; under each cell the model’s confidence in that class. This attack is how the paper defines perceptually aligned gradients.',
    tryIt: 'Run it on the pretrained models, or after training: PAG models paint the target class into the image, the vanilla one adds noise while its confidence soars. Switch to “perturbation ×20” to see δ itself.',
    math: true,
  },
  {
    id: 'saliency',
    selector: '[data-testid="saliency"]',
    see: 'Each model’s input-gradient of the true class’s log-softmax for a few test images: the direction that raises that class fastest. A hint only: the paper defines perceptually aligned gradients by large-ε targeted PGD (Figure 4).',
    tryIt: 'Watch it while training: the PAG models’ maps tend to take the object’s shape and colours, the vanilla one stays noisy. Hover an image for each model’s prediction.',
  },
  {
    id: 'loss',
    selector: '[data-testid="chart-loss"]',
    see: 'Cross-entropy (solid) and the PAG term (dashed, Eq. 2) on each training batch.',
    tryIt: 'Raise λ and Reset: the PAG term falls faster, cross-entropy more slowly.',
    math: true,
  },
  {
    id: 'accuracy',
    selector: '[data-testid="chart-accuracy"]',
    see: 'Clean accuracy on the test subset (solid) and on each training batch (faint).',
    tryIt: 'Clean accuracy hardly tells the models apart: fill the table below to compare them under attack.',
  },
  {
    id: 'alignment',
    selector: '[data-testid="chart-alignment"]',
    see: 'Mean cosine between each model’s input-gradient and the target direction g(x, t), per class: what Eq. (2) maximises. 1 = aligned.',
    tryIt: 'The vanilla model is not trained to align, yet is measured the same way: compare it with the PAG models.',
    math: true,
  },
  {
    id: 'table',
    selector: '[data-testid="table"]',
    see: 'The small Table 1: clean accuracy and accuracy under untargeted PGD (L∞ and L2) on the test subset, beside the paper’s numbers.',
    tryIt: 'Evaluate after training: in the paper vanilla falls near 0, PAG keeps some, and clean accuracy hardly tells the models apart. A short live run may not get there: the pretrained table shows the trained pattern.',
    math: true,
  },
];
