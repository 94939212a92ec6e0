import { useEffect } from 'react';
import { useTeach } from '../share/viewStore';
import type { Tour } from './tourControl';

/** The tour's current step, and the highlight on the control it is about. */
export function TourCard({ tour }: { tour: Tour }) {
  const TOUR = tour.steps;
  const k = useTeach((s) => s.tourStep);
  const step = k === null ? null : TOUR[k];
  useEffect(() => {
    if (!step) return;
    const el = document.querySelector(step.target);
    el?.classList.add('tour-highlight');
    el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    return () => el?.classList.remove('tour-highlight');
  }, [step]);
  if (k === null || !step) {
    return (
      <button className="btn tour-start" data-testid="tour-start" onClick={() => tour.start()} title="A short guided tour of the paper's story (N)">
        ▶ Guided tour
      </button>
    );
  }
  const last = k === TOUR.length - 1;
  return (
    <section className="tour-card" aria-label="Guided tour" aria-live="polite" data-testid="tour-card" data-step={k}>
      <div className="tour-count">
        Step {k + 1} of {TOUR.length}
      </div>
      <h2>{step.title}</h2>
      <p>{step.text}</p>
      <div className="tour-buttons">
        <button className="btn small" onClick={() => tour.back()} disabled={k === 0}>
          Back
        </button>
        <button className="btn small" data-testid="tour-skip" onClick={() => tour.end()}>
          Skip tour
        </button>
        {last && (
          <button className="btn small" data-testid="tour-replay" onClick={() => tour.start()}>
            Replay
          </button>
        )}
        <button className="btn small primary" data-testid="tour-next" onClick={() => tour.next()}>
          {last ? 'Finish' : 'Next (N)'}
        </button>
      </div>
    </section>
  );
}
