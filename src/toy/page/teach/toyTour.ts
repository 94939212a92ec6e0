import { createTour, type TourStep } from '../../../common/teach/tourControl';
import { toyLab, useToyLab } from '../state/store';

/** Steps the first tour step asks for: a few seconds of training (fewer when the run is shorter). */
const TRAINED = 200;
const trained = () => {
  const s = useToyLab.getState();
  return s.step >= Math.min(TRAINED, s.session?.totalSteps ?? TRAINED) && s.step > 0;
};
/** An attack of the models on screen, after some training, has finished (its result is this run's). */
const attacked = () => {
  const s = useToyLab.getState();
  return !!s.attack.result && s.attack.result.session === s.session?.id && s.attack.result.step > 0 && s.attack.status !== 'attacking';
};

/** The Toy Lab's guided tour of the paper's core story (tourControl.ts runs it). */
export const TOUR: readonly TourStep[] = [
  {
    title: 'Train the vanilla model',
    text: 'Press Play (or Space). Both models start from the same weights and see the same batches; the grey panel is the vanilla model, trained with cross-entropy only. Let it train for a few seconds.',
    target: '[data-testid="play-pause"]',
    keepClear: ['[data-testid="boundary-vanilla"]'],
    action: {
      done: trained,
      doIt: () => {
        if (!useToyLab.getState().running) toyLab.play();
      },
      waiting: `Waiting for the models to train (${TRAINED} steps)…`,
    },
  },
  {
    title: 'Attack it',
    text: 'Press Attack (or A): PGD pushes every test point towards the other class within radius ε. Read the vanilla model’s robust accuracy in its panel.',
    target: '[data-testid="attack-run"]',
    keepClear: ['[data-testid="boundary-vanilla"] .stats'],
    action: {
      done: attacked,
      doIt: () => {
        if (useToyLab.getState().attack.status !== 'attacking') toyLab.attack();
      },
      waiting: 'Waiting for the attack…',
    },
  },
  {
    title: 'Look at its boundary and gradients',
    text: 'The black line is the vanilla boundary: it hugs the data. Turn on the gradient field: its input-gradients do point towards the other class, but straight off the line the data lie on (off the data manifold), where its boundary comes close. Click a test point to follow its attack.',
    target: '#setting-arrows',
    keepClear: ['[data-testid="boundary-vanilla"]'],
    action: {
      done: () => useToyLab.getState().settings.arrows !== 'off',
      doIt: () => void toyLab.setField('arrows', 'model'),
      waiting: 'Waiting for the gradient field to be turned on…',
    },
  },
  {
    title: 'Now the PAG model',
    text: 'The teal panel is trained with the PAG term: its input-gradients are pulled towards “ground-truth” directions g(x, t). Pick where g comes from here (Nearest Neighbor is the paper’s Figure 3).',
    target: '[data-testid="boundary-pag"]',
  },
  {
    title: 'Attack both, compare',
    text: 'Attack again: the PAG model keeps far more points, although it never saw an attacked one. The ε curves and the distance histogram below show why: its boundary is further from the data.',
    // The ε curves, with the histogram beside them kept clear (the whole row would leave the card no room beside it).
    target: 'section[aria-label="Robust accuracy vs ε"]',
    keepClear: ['section[aria-label^="Distance to the boundary"]'],
  },
];

export const tour = createTour(TOUR);
