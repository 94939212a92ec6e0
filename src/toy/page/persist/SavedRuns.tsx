import { useEffect } from 'react';
import { SavedRunsList } from '../../../common/page/persist/SavedRunsList';
import type { Results } from '../export/results';
import { forget, reopen, startAutosave, useRuns } from './autosave';

const pct = (v: number | null | undefined) => (typeof v === 'number' ? `${(100 * v).toFixed(1)}%` : '—');

function rows(r: Results): [string, string][] {
  return [
    ['Step', `${r.step} / ${r.totalSteps}`],
    ['Clean acc. vanilla', pct(r.latest.vanilla?.testAccuracy)],
    ['Clean acc. PAG', pct(r.latest.pag?.testAccuracy)],
    ['Robust acc. vanilla', pct(r.attack?.models.vanilla.robustAccuracy)],
    ['Robust acc. PAG', pct(r.attack?.models.pag.robustAccuracy)],
    ['Attack', r.attack ? `${r.attack.request.norm} ε ${r.attack.request.eps}` : '—'],
  ];
}

/** The Toy Lab's runs kept in this browser (autosaved): reopen, compare side by side, delete. */
export function SavedRuns() {
  const { runs, currentId, lastSaved } = useRuns();
  useEffect(() => startAutosave(), []);
  return (
    <SavedRunsList
      runs={runs}
      currentId={currentId}
      lastSaved={lastSaved}
      summary={(m) => `step ${m.results.step}`}
      compareRows={(m) => rows(m.results)}
      onReopen={(run) => void reopen(run)}
      onDelete={(id) => void forget(id)}
    />
  );
}
