import { useTeach } from '../share/viewStore';

/**
 * A guided tour: steps, each naming the control to use (a CSS selector of an element the lab
 * already renders; it is highlighted while the step is on screen). The step on screen lives in
 * the teaching store (useTeach.tourStep), so the keyboard and the card drive the same tour.
 */
export interface TourStep {
  title: string;
  text: string;
  target: string;
}

export interface Tour {
  steps: readonly TourStep[];
  start(): void;
  /** Next step; past the last one the tour ends. Starts the tour when none is on screen. */
  next(): void;
  back(): void;
  end(): void;
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
