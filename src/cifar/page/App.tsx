import { TrainingCharts } from './charts/TrainingCharts';
import { DataPanel } from './components/DataPanel';
import { CifarShell } from './components/CifarShell';
import { StartHere } from '../../common/page/StartHere';
import { useCifarLab } from './state/store';
import { GalleryPanel } from './components/GalleryPanel';
import { RunPanel } from './components/RunPanel';
import { SaliencyPanel } from './components/SaliencyPanel';
import { TablePanel } from './components/TablePanel';
import { ExportPanel } from './export/ExportPanel';
import { SavedRuns } from './persist/SavedRuns';
import { PretrainedCard } from './components/PretrainedCard';
import { PretrainedTable } from './components/PretrainedTable';
import { embed } from '../../common/lecture/embed';
import { CifarEmbed } from './lecture/CifarEmbed';

/**
 * The CIFAR Lab page, laid out for a 1280x720 projector. Two views (ViewSwitch): the pretrained
 * models (what they are on the left, Figure 4 in the middle, their Table 1 below), and the live
 * run (data and settings on the left, Figure 4 and the saliency maps in the middle, training
 * curves on the right, the small Table 1 below; the preset shows the pretrained table above it).
 */
export function App() {
  return embed.on ? <CifarEmbed /> : <FullPage />;
}

function FullPage() {
  const view = useCifarLab((s) => s.view);
  const preset = useCifarLab((s) => s.presetTable);
  return (
    <CifarShell
      startHere={
        <StartHere>
          these models are already trained. Pick an image in Figure 4 and press <b>Attack every class</b>, then read Table 1 below; <b>Live</b> trains your own. The{' '}
          <b>Tour</b> button walks you through it.
        </StartHere>
      }
    >
      {view === 'pretrained' ? (
        <>
          <main className="main pretrained-view">
            <div className="left">
              <PretrainedCard />
            </div>
            <div className="center">
              <GalleryPanel />
            </div>
          </main>
          <section className="lower">
            <PretrainedTable />
          </section>
        </>
      ) : (
        <LiveView preset={preset} />
      )}
    </CifarShell>
  );
}

function LiveView({ preset }: { preset: boolean }) {
  return (
    <>
      <main className="main">
        <div className="left">
          <DataPanel />
          <RunPanel />
        </div>
        <div className="center">
          <GalleryPanel />
          <SaliencyPanel />
        </div>
        <TrainingCharts />
      </main>
      <section className="lower">
        {preset && <PretrainedTable />}
        <TablePanel />
        <div className="keep">
          <ExportPanel />
          <SavedRuns />
        </div>
      </section>
    </>
  );
}
