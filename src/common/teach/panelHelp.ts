/**
 * "What you see / what to try" for each panel of the Toy Lab, found by a selector of markup the
 * panels already render (so the panels need not know about the teaching layer).
 */
export interface PanelHelp {
  id: string;
  selector: string;
  see: string;
  tryIt: string;
  /** Also offers the math card (Eq. 1-2, targets, PGD). */
  math?: boolean;
}

export const PANEL_HELP: readonly PanelHelp[] = [
  {
    id: 'vanilla',
    selector: '[data-testid="boundary-vanilla"]',
    see: 'The vanilla model (cross-entropy only). Colour is its P(class 1), the black line its decision boundary; dots are data points, orange class 0, purple class 1.',
    tryIt: 'Train a little, then Attack: follow a point’s trajectory (click it) and see how short a push flips it across the boundary.',
  },
  {
    id: 'pag',
    selector: '[data-testid="boundary-pag"]',
    see: 'The same network and batches, trained with the PAG term as well (Eq. 1): its input-gradients are pulled towards g(x, t).',
    tryIt: 'Compare its boundary with the vanilla one after the same number of steps; switch the PAG source (One Image, Class Mean, Nearest Neighbor, RIGD) and Reset.',
    math: true,
  },
  {
    id: 'loss',
    selector: 'section[aria-label="Loss on the test set"]',
    see: 'Test-set loss of both models as they train; the PAG model’s total includes λ times the alignment term.',
    tryIt: 'Raise λ and Reset: the cross-entropy part trains more slowly while alignment improves.',
  },
  {
    id: 'accuracy',
    selector: 'section[aria-label="Clean test accuracy"]',
    see: 'Clean accuracy on the test points: usually about equal for both models.',
    tryIt: 'Clean accuracy alone does not tell the two apart: attack them and compare robust accuracy.',
  },
  {
    id: 'alignment',
    selector: 'section[aria-label^="Gradient alignment"]',
    see: 'Mean cosine between each model’s input-gradient and the target direction g(x, t), Eq. (2). 1 = perfectly aligned.',
    tryIt: 'Turn on the gradient field under the plots to see the arrows these numbers average.',
    math: true,
  },
  {
    id: 'eps',
    selector: 'section[aria-label="Robust accuracy vs ε"]',
    see: 'After an attack: the share of test points each model still classifies correctly at each attack radius ε.',
    tryIt: 'Switch L2 / L∞ or targeted / untargeted and attack again; where do the curves cross zero?',
    math: true,
  },
  {
    id: 'distance',
    selector: 'section[aria-label^="Distance to the boundary"]',
    see: 'For each test point, the smallest ε that flips it: how far it sits from the boundary, as the attack sees it.',
    tryIt: 'A model whose mass sits further right is more robust; compare both after the same training.',
  },
  {
    id: 'guide',
    selector: 'section[aria-label="How to read this page"]',
    see: 'The story of the page in two paragraphs.',
    tryIt: 'Open the math below, or press N for the guided tour.',
    math: true,
  },
];
