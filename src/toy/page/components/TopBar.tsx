import { duration, int } from '../format';
import { ShareButtons } from '../../../common/share/ShareButtons';
import { LectureTools } from '../../../common/lecture/LectureTools';
import { toyLab, useToyLab } from '../state/store';
import { BackendBadge } from './BackendBadge';
import { PauseIcon, PlayIcon, ResetIcon, StarIcon, StepIcon } from '../../../common/page/icons';
import { SettingField } from './SettingField';

/** Title, play / pause / step / reset, the step counter, speed, the Figure 3 button, the backend. */
export function TopBar() {
  return (
    <header className="topbar">
      <div className="brand" title="Do perceptually aligned gradients imply adversarial robustness? Two models, one with a PAG loss term, trained live side by side.">
        <h1>PAG Lab</h1>
        <p>Toy Lab · Figure 3, live</p>
      </div>
      <Transport />
      <StepCounter />
      <div className="speed">
        <SettingField name="speed" />
      </div>
      <div className="spacer" />
      <button
        className="btn cta"
        data-testid="preset-figure3"
        onClick={() => toyLab.reproduceFigure3()}
        title="Reproduce Figure 3 — paper setting (seed 2, 100 epochs, Nearest Neighbor targets, λ = 5): train both models to the end, then attack"
        aria-label="Reproduce Figure 3"
      >
        <StarIcon />
        <span className="label-long">Reproduce Figure 3</span>
        <span className="label-short">Figure 3</span>
      </button>
      <ShareButtons />
      <LectureTools />
      <BackendBadge />
    </header>
  );
}

function Transport() {
  const running = useToyLab((s) => s.running);
  const finished = useToyLab((s) => s.finished);
  const ready = useToyLab((s) => s.session !== null && s.status !== 'failed');
  const starting = useToyLab((s) => s.status === 'starting');
  return (
    <div className="transport">
      <button className="round" data-testid="reset" onClick={() => toyLab.reset()} disabled={starting} title="Reset: new models from the current settings" aria-label="Reset">
        <ResetIcon size={18} />
      </button>
      <button
        className="round primary"
        data-testid="play-pause"
        onClick={() => toyLab.togglePlay()}
        disabled={!ready || (finished && !running)}
        title={running ? 'Pause (Space)' : finished ? 'Training finished (Reset to train again)' : 'Train both models (Space)'}
        aria-label={running ? 'Pause' : 'Play'}
        aria-pressed={running}
      >
        {running ? <PauseIcon size={18} /> : <PlayIcon size={18} />}
      </button>
      <button className="round" data-testid="step" onClick={() => toyLab.stepOnce()} disabled={!ready || finished} title="One training step of both models (→)" aria-label="One step">
        <StepIcon size={18} />
      </button>
    </div>
  );
}

function StepCounter() {
  const step = useToyLab((s) => s.step);
  const epoch = useToyLab((s) => s.epoch);
  const total = useToyLab((s) => s.session?.totalSteps ?? 0);
  const rate = useToyLab((s) => s.stepsPerSecond);
  const running = useToyLab((s) => s.running);
  const left = running && rate > 0 ? (total - step) / rate : NaN;
  return (
    <div className="counter" aria-live="off">
      <div className="big">
        Step{' '}
        <span data-testid="step-counter" data-step={step}>
          {int(step)}
        </span>
        <span className="small"> / {int(total)}</span>
      </div>
      <div className="small">
        epoch {epoch.toFixed(1)}
        {rate > 0 && ` · ${rate >= 10 ? int(rate) : rate.toFixed(1)} steps/s`}
        {running && Number.isFinite(left) && ` · ${duration(left)} left`}
      </div>
    </div>
  );
}
