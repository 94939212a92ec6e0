import { duration, msLabel } from '../format';
import { cifarLab, useCifarLab } from '../state/store';
import { ShareButtons } from '../../../common/share/ShareButtons';
import { LectureTools } from '../../../common/lecture/LectureTools';
import { PauseIcon, PlayIcon, ResetIcon } from '../../../common/page/icons';
import { BackendBadge } from './BackendBadge';
import { ViewSwitch } from './ViewSwitch';

/** Title and links, build / play / step, where training stands, copy-link / present / help, the backend. */
export function TopBar() {
  return (
    <header className="topbar">
      <div className="brand">
        <h1>PAG Lab — CIFAR</h1>
        <nav className="pages" aria-label="Labs">
          <a href={import.meta.env.BASE_URL}>Toy Lab</a>
          <a href={`${import.meta.env.BASE_URL}cifar.html`} aria-current="page">
            CIFAR Lab
          </a>
        </nav>
      </div>
      <ViewSwitch />
      <Transport />
      {useCifarLab((s) => s.view) === 'live' && <Progress />}
      <div className="spacer" />
      <ShareButtons />
      <LectureTools />
      <BackendBadge />
    </header>
  );
}

function Transport() {
  const running = useCifarLab((s) => s.running);
  const finished = useCifarLab((s) => !!s.progress?.finished);
  const hasRun = useCifarLab((s) => s.session !== null);
  const canBuild = useCifarLab((s) => s.engine === 'ready' && s.data.loaded !== null && s.preparing === null);
  const trained = useCifarLab((s) => !!s.progress && (s.progress.round > 0 || s.progress.teacherStep > 0));
  return (
    <div className="transport">
      <button className="btn" data-testid="build" onClick={() => cifarLab.build()} disabled={!canBuild} title="New models from the settings on the left">
        {trained ? (
          <>
            <ResetIcon /> Reset
          </>
        ) : (
          <>
            <span className="label-long">Build models</span>
            <span className="label-short">Build</span>
          </>
        )}
      </button>
      <button
        className="btn primary"
        data-testid="play-pause"
        onClick={() => cifarLab.togglePlay()}
        disabled={!hasRun || (finished && !running)}
        aria-pressed={running}
        title={finished ? 'Training finished (Reset to train again)' : running ? 'Pause' : 'Train every model'}
      >
        {running ? <PauseIcon /> : <PlayIcon />}
        {running ? 'Pause' : 'Train'}
      </button>
      <button className="btn" data-testid="step" onClick={() => cifarLab.step()} disabled={!hasRun || finished} title="One step of every model (or of the RIGD teacher)">
        Step
      </button>
    </div>
  );
}

function Progress() {
  const p = useCifarLab((s) => s.progress);
  const preparing = useCifarLab((s) => s.preparing);
  const running = useCifarLab((s) => s.running);
  if (preparing) return <div className="counter" data-testid="progress">{preparing.phase}…</div>;
  if (!p) return <div className="counter" data-testid="progress" />;
  const left = p.remainingSeconds;
  const eta = running && left !== null && !p.finished ? ` · ~${duration(left)} left` : '';
  const teacher = p.phase === 'teacher';
  const fraction = teacher ? p.teacherStep / Math.max(1, p.teacherTotal) : p.round / Math.max(1, p.totalRounds);
  return (
    <div className="counter" data-testid="progress" data-round={p.round} data-teacher-step={p.teacherStep} data-finished={p.finished}>
      <div className="big">
        {teacher ? (
          <>
            Teacher {p.teacherStep} <span className="small">/ {p.teacherTotal}</span>
          </>
        ) : (
          <>
            Step {p.round} <span className="small">/ {p.totalRounds}</span>
          </>
        )}
        {p.finished && <span className="done-tag">finished</span>}
      </div>
      <div className="small" title={p.label}>
        {teacher ? `${p.label} · ${msLabel(p.msPerTeacherStep)}/step` : `epoch ${p.epoch.toFixed(2)} · ${msLabel(p.msPerRound)}/step (all models)`}
        {eta}
      </div>
      <span className={`bar thin${teacher ? ' teacher' : ''}`} aria-hidden="true">
        <span style={{ width: `${100 * fraction}%` }} />
      </span>
    </div>
  );
}
