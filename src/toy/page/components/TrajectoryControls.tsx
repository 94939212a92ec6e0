import { useEffect, useState } from 'react';
import { visibleInterval } from '../../../common/page/faults/pageFaults';
import { toyLab, useToyLab } from '../state/store';

/** Step through the PGD iterates drawn on both plots; points are chosen by clicking them. */
export function TrajectoryControls() {
  const result = useToyLab((s) => s.attack.result);
  const k = useToyLab((s) => s.trajectoryStep);
  const selected = useToyLab((s) => s.selected.length);
  const [playing, setPlaying] = useState(false);
  const steps = result?.request.steps ?? 0;

  useEffect(() => {
    if (!playing) return;
    // Not while the tab is hidden: the animation carries on where it was when it is shown again.
    return visibleInterval(() => {
      const cur = useToyLab.getState().trajectoryStep;
      if (cur >= steps) setPlaying(false);
      else toyLab.setTrajectoryStep(cur + 1);
    }, Math.max(60, 2000 / Math.max(1, steps)));
  }, [playing, steps]);

  const play = () => {
    if (k >= steps) toyLab.setTrajectoryStep(0);
    setPlaying(true);
  };
  const shown = Math.min(k, steps);

  return (
    <section className="card bar-card" aria-label="Attack trajectories">
      <div className="bar-row">
        <b>Trajectories</b>
        <button className="btn small" onClick={() => toyLab.setTrajectoryStep(k - 1)} disabled={!result || k <= 0} aria-label="Previous PGD step">
          ◀
        </button>
        <button className="btn small" onClick={() => (playing ? setPlaying(false) : play())} disabled={!result} aria-label={playing ? 'Stop the animation' : 'Animate the attack'}>
          {playing ? 'Stop' : 'Animate'}
        </button>
        <button className="btn small" onClick={() => toyLab.setTrajectoryStep(k + 1)} disabled={!result || k >= steps} aria-label="Next PGD step">
          ▶
        </button>
        <input
          type="range"
          min={0}
          max={steps}
          value={shown}
          disabled={!result}
          aria-label="PGD iterate shown"
          onChange={(e) => {
            setPlaying(false);
            toyLab.setTrajectoryStep(Number(e.target.value));
          }}
        />
        <span className="muted counter-small">{result ? `step ${shown} / ${steps}` : 'attack first'}</span>
        <span className="muted" title="Click a test point on either plot to follow it (or to stop following it)">
          {selected} point{selected === 1 ? '' : 's'}
        </span>
        <button className="btn small" onClick={() => toyLab.clearSelected()} disabled={selected === 0}>
          Clear
        </button>
      </div>
    </section>
  );
}
