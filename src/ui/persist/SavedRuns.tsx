import { useEffect, useState } from 'react';
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

/** Runs kept in this browser (autosaved): reopen, compare side by side, delete. */
export function SavedRuns() {
  const { runs, currentId, lastSaved } = useRuns();
  const [compare, setCompare] = useState<string[]>([]);
  useEffect(() => startAutosave(), []);
  const ok = runs.flatMap((r) => (r.ok ? [r.run] : []));
  const chosen = ok.filter((r) => compare.includes(r.meta.id));
  return (
    <section className="card saved-runs" aria-label="Saved runs" data-export-skip data-testid="saved-runs">
      <h3>Saved runs</h3>
      <div className="hint" data-testid="autosave-status">
        {lastSaved ? `Autosaved at ${new Date(lastSaved).toLocaleTimeString()}` : 'Runs are saved in this browser as they train.'}
      </div>
      <ul>
        {runs.map((r) =>
          r.ok ? (
            <li key={r.run.meta.id} data-testid="saved-run">
              <input
                type="checkbox"
                aria-label={`Compare ${r.run.meta.name}`}
                checked={compare.includes(r.run.meta.id)}
                onChange={() => setCompare((c) => (c.includes(r.run.meta.id) ? c.filter((x) => x !== r.run.meta.id) : [...c, r.run.meta.id]))}
              />{' '}
              <span>
                {r.run.meta.name} · step {r.run.meta.results.step}
                {r.run.meta.id === currentId ? ' (on screen)' : ''}
              </span>{' '}
              <button className="btn small" data-testid="reopen-run" onClick={() => void reopen(r.run)}>
                Reopen
              </button>{' '}
              <button className="btn small" data-testid="delete-run" onClick={() => void forget(r.run.meta.id)}>
                Delete
              </button>
            </li>
          ) : (
            <li key={r.id} data-testid="saved-run-corrupt">
              <span>Damaged saved run: {r.error}.</span>{' '}
              <button className="btn small" onClick={() => void forget(r.id)}>
                Delete
              </button>
            </li>
          ),
        )}
      </ul>
      {chosen.length > 0 && (
        <table data-testid="compare-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              {chosen.map((r) => (
                <th scope="col" key={r.meta.id}>
                  {r.meta.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows(chosen[0].meta.results).map(([label], i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {chosen.map((r) => (
                  <td key={r.meta.id}>{rows(r.meta.results)[i][1]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
