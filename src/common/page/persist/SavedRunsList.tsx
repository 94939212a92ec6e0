import { useState } from 'react';
import type { LoadedRunOf, RunMetaBase, SavedRunOf } from './runStore';

export interface SavedRunsListProps<M extends RunMetaBase, S> {
  runs: LoadedRunOf<M, S>[];
  /** The run on screen (marked in the list). */
  currentId: string | null;
  lastSaved: number | null;
  /** One line about a run beside its name, e.g. "step 40". */
  summary(meta: M): string;
  /** The compare table's rows for a run: [label, value]; every run gives the same labels. */
  compareRows(meta: M): [string, string][];
  onReopen(run: SavedRunOf<M, S>): void;
  onDelete(id: string): void;
  /** A sentence under the heading, e.g. what is kept and what is not. */
  note?: string;
}

/** Runs kept in this browser (autosaved), for either lab: reopen, compare side by side, delete. */
export function SavedRunsList<M extends RunMetaBase, S>(p: SavedRunsListProps<M, S>) {
  const [compare, setCompare] = useState<string[]>([]);
  const ok = p.runs.flatMap((r) => (r.ok ? [r.run] : []));
  const chosen = ok.filter((r) => compare.includes(r.meta.id));
  const toggle = (id: string) => setCompare((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  return (
    <section className="card saved-runs" aria-label="Saved runs" data-export-skip data-testid="saved-runs">
      <h3>Saved runs</h3>
      <div className="hint" data-testid="autosave-status">
        {p.lastSaved ? `Autosaved at ${new Date(p.lastSaved).toLocaleTimeString()}` : 'Runs are saved in this browser as they train.'}
        {p.note ? ` ${p.note}` : ''}
      </div>
      <ul>
        {p.runs.map((r) =>
          r.ok ? (
            <li key={r.run.meta.id} data-testid="saved-run" data-run-id={r.run.meta.id}>
              <input type="checkbox" aria-label={`Compare ${r.run.meta.name}`} data-testid="compare-run" checked={compare.includes(r.run.meta.id)} onChange={() => toggle(r.run.meta.id)} />{' '}
              <span>
                {r.run.meta.name} · {p.summary(r.run.meta)}
                {r.run.meta.id === p.currentId ? ' (on screen)' : ''}
              </span>{' '}
              <button className="btn small" data-testid="reopen-run" onClick={() => p.onReopen(r.run)}>
                Reopen
              </button>{' '}
              <button className="btn small" data-testid="delete-run" onClick={() => p.onDelete(r.run.meta.id)}>
                Delete
              </button>
            </li>
          ) : (
            <li key={r.id} data-testid="saved-run-corrupt">
              <span>Damaged saved run: {r.error}.</span>{' '}
              <button className="btn small" onClick={() => p.onDelete(r.id)}>
                Delete
              </button>
            </li>
          ),
        )}
      </ul>
      {chosen.length > 0 && <CompareTable runs={chosen} rows={p.compareRows} />}
    </section>
  );
}

function CompareTable<M extends RunMetaBase, S>({ runs, rows }: { runs: SavedRunOf<M, S>[]; rows: (meta: M) => [string, string][] }) {
  const table = runs.map((r) => new Map(rows(r.meta)));
  // Every label any chosen run has, in first-seen order (runs of different methods differ).
  const labels = [...new Set(runs.flatMap((r) => rows(r.meta).map(([l]) => l)))];
  return (
    <table data-testid="compare-table">
      <thead>
        <tr>
          <th scope="col">Run</th>
          {runs.map((r) => (
            <th scope="col" key={r.meta.id}>
              {r.meta.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {labels.map((label) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            {table.map((m, i) => (
              <td key={runs[i].meta.id}>{m.get(label) ?? '—'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
