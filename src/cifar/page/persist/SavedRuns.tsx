import { useEffect } from 'react';
import { SavedRunsList } from '../../../common/page/persist/SavedRunsList';
import type { CifarResults } from '../export/results';
import { epsLabel, pct } from '../format';
import { forget, reopen, startCifarAutosave, useCifarRuns } from './autosave';

function rows(r: CifarResults): [string, string][] {
  const p = r.progress;
  const out: [string, string][] = [
    ['Step', p ? `${p.round} / ${p.totalRounds}${p.teacherTotal ? ` (teachers ${p.teacherStep} / ${p.teacherTotal})` : ''}` : '—'],
    ['Data', r.data?.name ?? '—'],
  ];
  for (const m of r.models) out.push([`Test acc. ${m.label}`, m.testAccuracy === null ? '—' : pct(m.testAccuracy)]);
  for (const m of r.table?.results.models ?? []) {
    for (const a of m.robust) out.push([`${m.method} PGD ${a.norm === 'linf' ? 'L∞' : 'L2'} ${epsLabel(a.eps)}`, pct(a.accuracy)]);
  }
  return out;
}

/** The CIFAR Lab's runs kept in this browser (autosaved): reopen, compare side by side, delete. */
export function SavedRuns() {
  const { runs, currentId, lastSaved, notice } = useCifarRuns();
  useEffect(() => startCifarAutosave(), []);
  return (
    <>
      {notice && (
        <div className="notice" role="status" data-testid="restore-notice">
          {notice}
        </div>
      )}
      <SavedRunsList
        runs={runs}
        currentId={currentId}
        lastSaved={lastSaved}
        summary={(m) => `step ${m.results.progress?.round ?? 0}`}
        compareRows={(m) => rows(m.results)}
        onReopen={(run) => void reopen(run)}
        onDelete={(id) => void forget(id)}
        note="The CIFAR images are not stored: a run reopens on the same data (served, or the file picked again)."
      />
    </>
  );
}
