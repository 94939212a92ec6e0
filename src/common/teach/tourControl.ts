import { useTeach } from '../share/viewStore';

/**
 * What a tour step asks the reader to do, and how the tour knows it is done. While `done()` is
 * false the tour waits: Next (and N) do nothing, and the card offers "Do it for me" (`doIt`).
 * A step whose action the page cannot do by itself (no `doIt`, e.g. dropping a file) only says
 * what it waits for; Next stays available there, so the tour never gets stuck.
 */
export interface TourAction {
  done(): boolean;
  doIt?(): void;
  /** Shown while waiting, e.g. "Waiting for the models to train a little…". */
  waiting: string;
}

/**
 * A guided tour: steps, each naming the control to use (a CSS selector of an element the lab
 * already renders; it is highlighted while the step is on screen, and the card sits beside it).
 * The step on screen lives in the teaching store (useTeach.tourStep), so the keyboard and the
 * card drive the same tour.
 */
export interface TourStep {
  title: string;
  text: string;
  target: string;
  /** What the step's text talks about besides the target (selectors): the card keeps clear of these too. */
  keepClear?: readonly string[];
  action?: TourAction;
  /** Run when the step comes on screen (e.g. show the view that holds its target). */
  enter?(): void;
}

export interface Tour {
  steps: readonly TourStep[];
  start(): void;
  /** Next step; past the last one the tour ends. Starts the tour when none is on screen. Waits while the step's action is not done. */
  next(): void;
  back(): void;
  end(): void;
}

/** True while step `k` waits for its action (one the tour could do for the reader). */
export function stepWaits(step: TourStep | undefined): boolean {
  return !!step?.action?.doIt && !step.action.done();
}

export function createTour(steps: readonly TourStep[]): Tour {
  const tour: Tour = {
    steps,
    start() {
      useTeach.setState({ tourStep: 0, helpOpen: false });
    },
    next() {
      const k = useTeach.getState().tourStep;
      if (k === null) return tour.start();
      if (stepWaits(steps[k])) return;
      useTeach.setState({ tourStep: k + 1 < steps.length ? k + 1 : null });
    },
    back() {
      const k = useTeach.getState().tourStep;
      if (k !== null && k > 0) useTeach.setState({ tourStep: k - 1 });
    },
    end() {
      useTeach.setState({ tourStep: null });
    },
  };
  return tour;
}
