import { pct } from '../format';
import { CLI_FIGURE3_WORST } from '../state/figure3';
import { useToyLab } from '../state/store';

/** The suite's result for the Figure 3 attack, once the sweep after it has run (else null). */
function useFigure3Suite() {
  return useToyLab((s) => (s.attack.id === s.figure3.attackId ? (s.attack.sweep?.suite ?? null) : null));
}

/** The per-point worst case over the attack suite at the Figure 3 radius, per model. */
export function useFigure3Worst(): { vanilla: number; pag: number } | null {
  const suite = useFigure3Suite();
  if (!suite) return null;
  const at = (k: 'vanilla' | 'pag') => suite.models[k].find((r) => r.eps === suite.epsList[0] && r.attack === 'worst')?.accuracy;
  const v = at('vanilla');
  const p = at('pag');
  return v === undefined || p === undefined ? null : { vanilla: v, pag: p };
}

/** Figure 3's table row for this run's worst case over the suite (pending while it runs). */
export function Figure3WorstRow() {
  const worst = useFigure3Worst();
  return (
    <tr data-testid="figure3-worst">
        <td title="Per test point, the worst of PGD, PGD with more steps and random restarts, PGD on the margin loss and (PAG) the vanilla model's adversarial points">
          <b>This run, worst case</b> over the attack suite
        </td>
        <td colSpan={2} className="muted">
          {worst ? '' : 'running after the ε sweep…'}
        </td>
        <td>
          <b>{worst ? pct(worst.vanilla) : '…'}</b>
        </td>
        <td>
          <b>{worst ? pct(worst.pag) : '…'}</b>
        </td>
    </tr>
  );
}

/** The same engine's ten-seed worst case (docs/robustness.md), under its plain-PGD row. */
export function Figure3SeedsWorstRow() {
  const w = CLI_FIGURE3_WORST;
  return (
      <tr className="muted" title="npm run reproduce -- toy --seeds 1-10 --methods vanilla,nn,shuffled --attacks suite: median [min–max]">
        <td>… seeds 1–10, worst case</td>
        <td colSpan={2}></td>
        <td>
          {pct(w.median.vanilla)} [{pct(w.min.vanilla, 0)}–{pct(w.max.vanilla, 0)}]
        </td>
        <td>
          {pct(w.median.pag)} [{pct(w.min.pag, 0)}–{pct(w.max.pag, 0)}]
        </td>
      </tr>
  );
}

/** The suite's failed sanity checks for the Figure 3 attack. */
export function Figure3SuiteWarnings() {
  const suite = useFigure3Suite();
  if (!suite || suite.warnings.length === 0) return null;
  return (
    <ul className="suite-warnings fig3-warnings">
      {suite.warnings.map((w) => (
        <li key={`${w.model}${w.kind}${w.eps}`} data-testid="figure3-warning">
          ⚠ {w.message}.
        </li>
      ))}
    </ul>
  );
}
