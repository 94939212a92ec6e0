import { duration, int, pct, phaseText } from '../format';
import { CLI_FIGURE3, FIGURE3_ATTACK_SENTENCE, PAPER_FIGURE3 } from '../state/figure3';
import { toyLab, useToyLab } from '../state/store';
import { Figure3SeedsWorstRow, Figure3SuiteWarnings, Figure3WorstRow, useFigure3Worst } from './Figure3Suite';

/**
 * The "Reproduce Figure 3" run: progress with an honest time estimate while it trains, then this
 * run's accuracies beside the paper's and beside the same engine's command-line results.
 */
export function Figure3Card() {
  const f = useToyLab((s) => s.figure3);
  const step = useToyLab((s) => s.step);
  const total = useToyLab((s) => s.session?.totalSteps ?? 0);
  const rate = useToyLab((s) => s.stepsPerSecond);
  const backend = useToyLab((s) => s.backend?.name ?? '…');
  const preparing = useToyLab((s) => s.preparing);
  const attackProgress = useToyLab((s) => s.attack.progress);
  const worst = useFigure3Worst();
  if (f.phase === 'off') return null;

  if (f.phase !== 'done' || !f.result) {
    const training = f.phase === 'training';
    const frac = f.phase === 'attacking' ? 1 : training && total ? step / total : 0;
    const left = training && rate > 0 ? (total - step) / rate : NaN;
    const text =
      f.phase === 'cancelled'
        ? 'Stopped: settings were changed, the run was reset, or an error occurred.'
        : f.phase === 'preparing'
          ? preparing
            ? `Building the models: ${preparing.phase}`
            : 'Building the models (paper setting)…'
          : f.phase === 'attacking'
            ? `Attacking both models${attackProgress ? `: ${phaseText(attackProgress.phase, attackProgress.done, attackProgress.total)}` : '…'}`
            : `Training both models: step ${int(step)} of ${int(total)} on ${backend}${Number.isFinite(left) ? ` · about ${duration(left)} left` : ''}`;
    return (
      <section className="fig3" aria-label="Reproduce Figure 3" data-testid="figure3-status" data-phase={f.phase}>
        <h2>Figure 3</h2>
        <div className="progress">
          <div>{text}</div>
          {f.phase !== 'cancelled' && (
            <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(100 * frac)}>
              <div style={{ width: `${(100 * frac).toFixed(1)}%` }} />
            </div>
          )}
        </div>
        <button className="btn small" onClick={() => toyLab.dismissFigure3()}>
          Close
        </button>
      </section>
    );
  }

  const r = f.result;
  // The suite's worst case once it is in: plain PGD alone can overstate the gap.
  const shown = worst ?? r.robust;
  const gap = shown.pag - shown.vanilla;
  const seed2 = CLI_FIGURE3.seed2;
  const s10 = CLI_FIGURE3.seeds10;
  return (
    <section className="fig3 done" aria-label="Figure 3 result" data-testid="figure3-result" data-phase="done">
      <div className="fig3-title">
        <h2>Figure 3 reproduced</h2>
        <div className="verdict">
          {gap > 0.2
            ? `Under the same attack${worst ? ' suite (worst case per point)' : ''} PAG keeps ${pct(shown.pag)} of the test set, vanilla ${pct(shown.vanilla)}: trained on clean data only.`
            : 'This run does not show PAG far above vanilla; seeds differ (see the medians).'}
        </div>
      </div>
      <table>
        <thead>
          <tr>
            <th></th>
            <th colSpan={2}>clean accuracy</th>
            <th colSpan={2}>robust, L2 ε = 15</th>
          </tr>
          <tr>
            <th></th>
            <th>vanilla</th>
            <th>PAG</th>
            <th>vanilla</th>
            <th>PAG</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <b>This run</b> ({r.backend}, {duration(r.seconds)})
            </td>
            <td>{pct(r.clean.vanilla)}</td>
            <td>{pct(r.clean.pag)}</td>
            <td>
              <b>{pct(r.robust.vanilla)}</b>
            </td>
            <td>
              <b>{pct(r.robust.pag)}</b>
            </td>
          </tr>
          <Figure3WorstRow />
          <tr>
            <td>Paper (Fig. 3)</td>
            <td>{pct(PAPER_FIGURE3.clean.vanilla, 0)}</td>
            <td>{pct(PAPER_FIGURE3.clean.pag, 0)}</td>
            <td>{pct(PAPER_FIGURE3.robust.vanilla)}</td>
            <td>{pct(PAPER_FIGURE3.robust.pag)}</td>
          </tr>
          <tr className="muted" title="npm run reproduce -- toy --seed 2 --engine tfjs --gradient exact">
            <td>Same engine in Node, seed 2</td>
            <td>{pct(seed2.clean.vanilla)}</td>
            <td>{pct(seed2.clean.pag)}</td>
            <td>{pct(seed2.robust.vanilla)}</td>
            <td>{pct(seed2.robust.pag)}</td>
          </tr>
          <tr className="muted" title="npm run reproduce -- toy --seeds 1-10: median [min–max]">
            <td>… seeds 1–10: median [range]</td>
            <td>{pct(s10.clean.median.vanilla, 0)}</td>
            <td>
              {pct(s10.clean.median.pag, 0)} [{pct(s10.clean.min.pag, 0)}–{pct(s10.clean.max.pag, 0)}]
            </td>
            <td>
              {pct(s10.robust.median.vanilla)} [{pct(s10.robust.min.vanilla, 0)}–{pct(s10.robust.max.vanilla, 0)}]
            </td>
            <td>
              {pct(s10.robust.median.pag)} [{pct(s10.robust.min.pag, 0)}–{pct(s10.robust.max.pag, 0)}]
            </td>
          </tr>
          <Figure3SeedsWorstRow />
        </tbody>
      </table>
      <button className="btn small close" onClick={() => toyLab.dismissFigure3()}>
        Close
      </button>
      <div className="note">
        {FIGURE3_ATTACK_SENTENCE}
        <Figure3SuiteWarnings />
      </div>
    </section>
  );
}
