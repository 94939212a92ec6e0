import { AccuracyChart } from './charts/AccuracyChart';
import { AlignmentChart } from './charts/AlignmentChart';
import { DistanceHistogram } from './charts/DistanceHistogram';
import { EpsCurveChart } from './charts/EpsCurveChart';
import { LossChart } from './charts/LossChart';
import { AttackBar } from './components/AttackBar';
import { BoundaryPanel } from './components/BoundaryPanel';
import { LabShell } from '../../common/page/LabShell';
import { StartHere } from '../../common/page/StartHere';
import { PlayIcon } from '../../common/page/icons';
import { toyLab, useToyLab } from './state/store';
import { Figure3Card } from './components/Figure3Card';
import { ReadingGuide } from './components/ReadingGuide';
import { SettingsPanel } from './components/SettingsPanel';
import { TopBar } from './components/TopBar';
import { TrajectoryControls } from './components/TrajectoryControls';
import { ViewBar } from './components/ViewBar';
import { ExportPanel } from './export/ExportPanel';
import { SavedRuns } from './persist/SavedRuns';
import { TOY_TEACH } from './teach/toyTeach';
import { DrawBar } from './lecture/DrawBar';

/**
 * The Toy Lab page, laid out for a 1280x720 projector: settings on the left; the two models'
 * boundaries in the middle with the view, attack and trajectory controls right under them;
 * training charts on the right. The attack's analysis and a reading guide follow below.
 */
export function App() {
  const failed = useToyLab((s) => s.status === 'failed');
  const restart = failed && (
    <button className="btn small" onClick={() => toyLab.restartEngine()}>
      Restart the engine
    </button>
  );
  return (
    <LabShell
      topBar={<TopBar />}
      error={useToyLab((s) => s.error)}
      onDismissError={() => toyLab.dismissError()}
      errorAction={restart}
      notice={useToyLab((s) => s.notice)}
      onDismissNotice={toyLab.dismissNotice}
      teach={TOY_TEACH}
      startHere={
        <StartHere>
          press <PlayIcon /> <b>Play</b> to train both models side by side for a few seconds, then <b>Attack</b> under the plots. For the paper’s result in one go:{' '}
          <b>Reproduce Figure 3</b>. The <b>Tour</b> button walks you through it.
        </StartHere>
      }
    >
      <Figure3Card />
      <main className="main">
        <SettingsPanel />
        <div className="center">
          <div className="panels">
            <BoundaryPanel model="vanilla" />
            <BoundaryPanel model="pag" />
          </div>
          <DrawBar />
          <ViewBar />
          <AttackBar />
          <TrajectoryControls />
        </div>
        <div className="charts">
          <LossChart />
          <AccuracyChart />
          <AlignmentChart />
        </div>
      </main>
      <section className="lower" aria-label="Attack analysis">
        <EpsCurveChart />
        <DistanceHistogram />
        <ReadingGuide />
      </section>
      <section className="lower keep" aria-label="Export and saved runs">
        <ExportPanel />
        <SavedRuns />
      </section>
    </LabShell>
  );
}
