import type { RobustResult } from '../../../core/eval/evaluate';
import { attackWarnings, isPlainPgd } from '../../../core/eval/sanity';
import { SHUFFLED_EXPLAINED } from '../../../core/pag/shuffled';
import { SHORT_LABELS, type MethodId } from '../../contract/settings';
import { epsLabel, pct } from '../format';
import { cifarLab, useCifarLab } from '../state/store';

/**
 * Under Table 1: how far to trust it. The attack sanity checks on the table's figures ("attack
 * may be too weak here": accuracy at the largest eps not near 0, or more steps and restarts
 * helping a model), a switch for the attack suite (worker/tableSuite.ts: PGD with more steps and
 * restarts, the margin loss, the vanilla model's images replayed), and once it has run, each
 * model's per-point worst case over the suite beside plain PGD. Its own component so the table
 * itself stays as it is.
 */
export function WorstCaseNotice() {
  const result = useCifarLab((s) => s.table.result);
  const suiteOn = useCifarLab((s) => s.tableRequest.suite === true);
  const running = useCifarLab((s) => s.table.status === 'running');
  const models = result?.run.models ?? [];
  const label = (m: MethodId) => SHORT_LABELS[m] ?? m;
  const warnings = models.flatMap((m) => attackWarnings(m.method, label(m.method), m.robust));
  const hasSuite = models.some((m) => m.robust.some((r) => r.attack === 'worst'));
  const plain = (models[0]?.robust ?? []).filter(isPlainPgd);
  const worstOf = (robust: RobustResult[], a: RobustResult) => robust.find((r) => r.attack === 'worst' && r.norm === a.norm && r.eps === a.eps);
  return (
    <div className="worst-case-notice" data-testid="worst-case" data-export-skip={hasSuite ? undefined : true}>
      <label className="hint" title="About 8 times the time of plain PGD: worth it before trusting a figure">
        <input type="checkbox" data-testid="table-suite" checked={suiteOn} disabled={running} onChange={(e) => cifarLab.setTableRequest({ suite: e.target.checked })} /> Also run the
        attack suite (PGD with twice the steps and random restarts, PGD on the margin loss, the vanilla model's adversarial images replayed); a point counts as
        robust only if it survives all of them.
      </label>
      {hasSuite && (
        <table className="results" data-testid="worst-case-table">
          <thead>
            <tr>
              <th>worst case over the suite</th>
              {plain.map((a) => (
                <th key={`${a.norm}${a.eps}`}>
                  {a.norm === 'linf' ? 'L∞' : 'L2'} {epsLabel(a.eps)}: PGD → worst
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {models.map((m) => (
              <tr key={m.method} data-testid={`worst-row-${m.method}`}>
                <td>{label(m.method)}</td>
                {m.robust.filter(isPlainPgd).map((a) => (
                  <td key={`${a.norm}${a.eps}`}>
                    {pct(a.accuracy)} → <b>{pct(worstOf(m.robust, a)?.accuracy ?? NaN)}</b>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {warnings.length > 0 && (
        <ul className="suite-warnings" data-testid="table-warnings">
          {warnings.map((w) => (
            <li key={`${w.model}${w.kind}${w.norm}${w.eps}`}>⚠ {w.message}.</li>
          ))}
        </ul>
      )}
      {models.some((m) => m.method === 'shuffled') && <div className="hint">Shuffled: {SHUFFLED_EXPLAINED}</div>}
    </div>
  );
}
