import { embed } from '../../../common/lecture/embed';
import { TrainingCharts } from '../charts/TrainingCharts';
import { GalleryPanel } from '../components/GalleryPanel';
import { PretrainedTable } from '../components/PretrainedTable';
import { SaliencyPanel } from '../components/SaliencyPanel';
import { TablePanel } from '../components/TablePanel';
import { CifarShell } from '../components/CifarShell';
import { useCifarLab } from '../state/store';
import './embed.css';

/**
 * The CIFAR Lab embedded (`?embed=1&panels=...`, issue 15): the chosen panels side by side and
 * the top bar's transport (embed.css keeps only that of the top bar), nothing else: no settings,
 * no view switch, no saved runs. The panels are the page's own, on the models on screen.
 */
export function CifarEmbed() {
  const view = useCifarLab((s) => s.view);
  const shown = embed.panels.filter((id) => view === 'live' || (id !== 'saliency' && id !== 'charts'));
  return (
    <CifarShell>
      <main className="embed-view" data-testid="embed-view" data-count={shown.length}>
        {shown.map((id) => (
          <div key={id} className={`embed-cell embed-${id}`}>
            {id === 'gallery' ? <GalleryPanel /> : id === 'saliency' ? <SaliencyPanel /> : id === 'charts' ? <TrainingCharts /> : view === 'live' ? <TablePanel /> : <PretrainedTable />}
          </div>
        ))}
      </main>
    </CifarShell>
  );
}
