import type { RobustResult } from '../../../core/eval/evaluate';
import { num, pct } from '../format';
import { useToyLab } from '../state/store';

/**
 * The attack suite's figures under the attack bar (worker/suiteJob.ts): each attack against both
 * models at the attack's ε and at the sweep's largest, the per-point worst case in bold (the
 * figure to trust), and the sanity checks that failed ("attack may be too weak here").
 */
const ROWS: { attack: NonNullable<RobustResult['attack']>; label: (r: RobustResult) => string }[] = [
  { attack: 'pgd', label: (r) => `PGD-${r.steps} (the attack above)` },
  { attack: 'pgd-restarts', label: (r) => `PGD-${r.steps}, from the point and ${r.restarts} random starts` },
  { attack: 'margin', label: () => 'PGD on the logit margin (CW loss)' },
  { attack: 'transfer', label: () => "vanilla's adversarial points, replayed" },
  { attack: 'worst', label: () => 'worst case per point' },
];

export function SuiteReport() {
  const suite = useToyLab((s) => s.attack.sweep?.suite ?? null);
  const status = useToyLab((s) => s.attack.status);
  if (!suite) return status === 'sweeping' ? <div className="muted suite-pending">Attack suite runs after the ε sweep…</div> : null;
  const find = (k: 'vanilla' | 'pag', eps: number, attack: string) => suite.models[k].find((r) => r.eps === eps && r.attack === attack);
  return (
    <div className="suite-report" data-testid="attack-suite">
      <table>
        <thead>
          <tr>
            <th>attack suite</th>
            {suite.epsList.map((eps, i) => (
              <th key={eps} colSpan={2}>
                ε = {num(eps)}
                {i > 0 ? ' (largest of the sweep)' : ''}
              </th>
            ))}
          </tr>
          <tr>
            <th></th>
            {suite.epsList.flatMap((eps) => [<th key={`${eps}v`}>vanilla</th>, <th key={`${eps}p`}>PAG</th>])}
          </tr>
        </thead>
        <tbody>
          {ROWS.map(({ attack, label }) => {
            const any = find('pag', suite.epsList[0], attack) ?? find('vanilla', suite.epsList[0], attack);
            if (!any) return null;
            const worst = attack === 'worst';
            return (
              <tr key={attack} className={worst ? 'worst' : undefined}>
                <td>{label(any)}</td>
                {suite.epsList.flatMap((eps, i) =>
                  (['vanilla', 'pag'] as const).map((k) => {
                    const r = find(k, eps, attack);
                    return (
                      <td key={`${eps}${k}`} data-testid={worst && i === 0 ? `worst-acc-${k}` : undefined}>
                        {r ? worst ? <b>{pct(r.accuracy)}</b> : pct(r.accuracy) : '–'}
                      </td>
                    );
                  }),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {suite.warnings.length > 0 ? (
        <ul className="suite-warnings">
          {suite.warnings.map((w) => (
            <li key={`${w.model}${w.kind}${w.eps}`} data-testid="attack-warning">
              ⚠ {w.message}.
            </li>
          ))}
        </ul>
      ) : (
        <div className="muted" data-testid="attack-sanity-ok">
          Sanity checks passed: about 0 % left at the largest ε, and more steps or restarts never helped a model.
        </div>
      )}
    </div>
  );
}
